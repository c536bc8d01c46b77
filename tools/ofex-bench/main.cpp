//===- main.cpp - ofex-bench: throughput of compiled networks -------------===//
//
//   ofex-bench --preset ofe-sac --env HalfCheetah --network q1 [--batch 256]
//       forward, forward+backward and a full update (Adam) of one network,
//       with the GFLOP/s of a plain oneDNN matmul of the network's largest
//       layer shape measured in the same run (the roofline);
//   ofex-bench --preset ofe-sac --env HalfCheetah --update
//       one OFENet update plus one SAC update of the training agent
//       (presets sac, ofe-small, ofe-big; ofe-sac means ofe-small);
//   ofex-bench --env HalfCheetah --update --model A.mlir --model B.mlir
//       the same for models of a run (e.g. RUN/ir/model.mlir and the pruned
//       RUN/ir/step-N/model.mlir), with the theta step when they have gates:
//       the speed-up pruning bought, measured in one run.
// --profile adds each compiled function's time; --breakdown FN splits one
// function's time by step kind (matmul, norm, adam, ...).
//   ofex-bench --preset prune-b --env HalfCheetah --update --threads 1
//       --cost-table table.csv
//       also measures each layer's share of the update (the cost table that
//       ofex-train --cost time reads; prune-* presets: ofe-big with gates).
// Text by default, --json for a machine-readable object.
//
//===----------------------------------------------------------------------===//

#include "Bench.h"
#include "ToolMain.h"

#include "ofex/OfexOps.h"
#include "ofex/Presets/Presets.h"
#include "ofex/Support/ModuleIO.h"
#include "ofex/exec/Precision.h"
#include "ofex/exec/Threads.h"
#include "ofex/train/TrainConfig.h"

#include <boost/program_options.hpp>

#include <cstdio>
#include <iostream>
#include <optional>

namespace po = boost::program_options;

namespace {

int run(int argc, char **argv) {
  std::string preset = "ofe-sac", env = "HalfCheetah", network,
              norm = ofex::kDefaultNorm, breakdown, costTable,
              precisionName = "fp32";
  std::vector<std::string> models;
  int64_t batch = 256, hidden = 256, ofeLayers = 0, ofeUnits = 0;
  int threads = 0; // 0: ofex::exec::defaultThreads(), as ofex-train's
  double seconds = 1.0;
  bool json = false, update = false, profile = false;
  po::options_description d("ofex-bench options");
  d.add_options()("help,h", "show this help")(
      "preset", po::value(&preset),
      "ofenet, sac, ofe-sac, ofe-small, ofe-big; with --update also prune-a, "
      "prune-b, prune-c (ofe-big with the pruning runs' gates)")(
      "env", po::value(&env), "task whose dimensions to use")(
      "network", po::value(&network), "time one network (e.g. q1)")(
      "update", po::bool_switch(&update), "time the whole training update")(
      "batch", po::value(&batch), "batch size")("hidden", po::value(&hidden),
                                                "SAC hidden width")(
      "ofe-layers", po::value(&ofeLayers), "OFENet layers")(
      "ofe-units", po::value(&ofeUnits), "OFENet units per layer")(
      "norm", po::value(&norm)->default_value(norm),
      "OFENet normalization: none, layer, batch (batch as the PyTorch "
      "reference runs it, bench/compare.sh passes it: batch statistics in "
      "the OFENet update, running ones for the SAC update's features)")(
      "threads", po::value(&threads),
      "threads (default: as ofex-train's: SLURM_CPUS_PER_TASK in a Slurm "
      "job, else 2, or 1 when another process keeps a CPU busy)")(
      "seconds", po::value(&seconds), "minimum time per measurement")(
      "json", po::bool_switch(&json), "print JSON")(
      "profile", po::bool_switch(&profile),
      "with --update: time each compiled function of the update too")(
      "breakdown", po::value(&breakdown),
      "with --update: split this function's time by step kind")(
      "cost-table", po::value(&costTable),
      "with --update: also measure each layer's time in the update and "
      "write it to this CSV (ofex-train --cost time --cost-table)")(
      "model", po::value(&models),
      "with --update: time this model (a run's ir/model.mlir or "
      "ir/step-N/model.mlir) instead of a preset; repeatable")(
      "precision", po::value(&precisionName)->default_value(precisionName),
      "with --update: the update's matmuls, fp32 or bf16 (as ofex-train "
      "--precision; bf16 needs AVX-512 BF16)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, d), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << d;
      return 0;
    }
    auto task = ofex::lookupTask(env);
    if (!task)
      throw std::invalid_argument("--env: unknown task '" + env + "'");
    if (!vm.count("threads"))
      threads = ofex::exec::defaultThreads();
    if (batch <= 0 || threads <= 0 || seconds <= 0)
      throw std::invalid_argument("--batch, --threads, --seconds must be > 0");
    if (network.empty() == !update)
      throw std::invalid_argument("give --network NAME or --update");
    if (!update &&
        (!models.empty() || !breakdown.empty() || !costTable.empty()))
      throw std::invalid_argument(
          "--model, --breakdown and --cost-table need --update");
    if (!costTable.empty() && models.size() > 1)
      throw std::invalid_argument("--cost-table: measures one model, got " +
                                  std::to_string(models.size()));
    const std::optional<ofex::exec::Precision> precision =
        ofex::exec::parsePrecision(precisionName);
    if (!precision)
      throw std::invalid_argument("--precision: expected fp32 or bf16, got '" +
                                  precisionName + "'");
    if (*precision == ofex::exec::Precision::BF16 &&
        (!update || !ofex::exec::cpuHasBf16()))
      throw std::invalid_argument(
          !update ? "--precision bf16 needs --update"
                  : "--precision bf16: this CPU has no AVX-512 BF16 "
                    "(avx512_bf16)");
    ofex::exec::setThreads(threads);
    std::vector<ofex::bench::Timing> rows;
    std::vector<size_t> updateRows; // rows that time a whole update
    ofex::bench::Timing roof;
    if (update && norm == "batch" && batch < 2)
      throw std::invalid_argument(
          "--batch: batch norm's running variances need a batch of at least "
          "2 (or --norm layer)");
    if (update) {
      ofex::train::AgentOptions ao;
      const ofex::train::TrainPreset *trainPreset =
          ofex::train::lookupTrainPreset(preset == "ofe-sac" ? "ofe-small"
                                                             : preset);
      if (!trainPreset)
        throw std::invalid_argument("--preset: unknown training preset '" +
                                    preset + "'");
      ao.preset = trainPreset->agent;
      // The prune presets: ofe-big with the prune runs' gates.
      ao.prune.enabled = trainPreset->nuScale > 0;
      ao.task = *task;
      ao.batch = batch;
      ao.hidden = hidden;
      ao.norm = norm;
      ao.ofeLayers = ofeLayers;
      ao.ofeUnits = ofeUnits;
      ao.precision = *precision;
      bool profiled = profile || !breakdown.empty();
      auto time = [&](const ofex::train::AgentOptions &o,
                      const std::string &name) {
        std::vector<ofex::bench::Timing> parts;
        rows.push_back(ofex::bench::benchUpdate(
            o, seconds, profiled ? &parts : nullptr, breakdown));
        rows.back().name = name;
        updateRows.push_back(rows.size() - 1);
        rows.insert(rows.end(), parts.begin(), parts.end());
      };
      if (models.empty())
        time(ao, "update");
      for (const std::string &path : models)
        time(ofex::bench::modelOptions(path, ao, env), path);
      if (!costTable.empty()) {
        ofex::CostTable table = ofex::bench::measureCostTable(
            models.empty() ? ao : ofex::bench::modelOptions(models[0], ao, env),
            seconds);
        std::string error;
        // What ofex-train will refuse (a layer that never ran) fails here.
        if (!ofex::CostTable::parse(table.toCsv(), error))
          throw std::runtime_error("--cost-table: the measured table is "
                                   "unusable: " +
                                   error);
        if (!ofex::writeFileAtomic(costTable, table.toCsv(), error))
          throw ofex::tool::UsageError("--cost-table: " + error);
        std::fprintf(
            stderr, "ofex-bench: %zu layers' times in %s (%.4g params/s)\n",
            table.layers.size(), costTable.c_str(), table.paramsPerSecond());
      }
      roof = ofex::bench::benchMatmul(batch, hidden, hidden, seconds);
    } else {
      ofex::PresetOptions p;
      p.preset = preset;
      p.task = *task;
      p.hidden = hidden;
      p.norm = norm;
      p.ofeLayers = ofeLayers;
      p.ofeUnits = ofeUnits;
      rows = ofex::bench::benchNetwork(p, network, batch, seconds);
      // The roofline: the network's largest layer shape.
      mlir::MLIRContext context;
      std::string error;
      auto module = ofex::buildPreset(context, p, error);
      int64_t k = 1, n = 1;
      module->walk([&](ofex::LinearOp l) {
        if (l->getParentOfType<ofex::NetworkOp>().getSymName() != network)
          return;
        int64_t in = ofex::unitsOf(l.getInput().getType());
        int64_t out = ofex::unitsOf(l.getType());
        if (in * out > k * n) {
          k = in;
          n = out;
        }
      });
      roof = ofex::bench::benchMatmul(batch, k, n, seconds);
    }
    if (json) {
      std::printf("{\"preset\": \"%s\", \"env\": \"%s\", \"norm\": \"%s\", "
                  "\"batch\": %lld, \"threads\": %d, \"precision\": \"%s\",\n",
                  preset.c_str(), env.c_str(), norm.c_str(), (long long)batch,
                  threads, precisionName.c_str());
      for (const auto &r : rows)
        std::printf(" \"%s\": {\"ms\": %.4f, \"gflops\": %.2f, "
                    "\"fraction_of_roofline\": %.3f},\n",
                    r.name.c_str(), r.ms, r.gflops(),
                    r.gflops() / roof.gflops());
      if (update)
        std::printf(" \"updates_per_second\": %.2f,\n", 1e3 / rows.front().ms);
      if (!models.empty()) {
        std::printf(" \"models\": [");
        for (size_t i = 0; i < updateRows.size(); ++i) {
          const auto &r = rows[updateRows[i]];
          std::printf("%s{\"model\": \"%s\", \"updates_per_second\": %.2f, "
                      "\"flops_per_update\": %.6g}",
                      i ? ", " : "", r.name.c_str(), 1e3 / r.ms, r.flops);
        }
        std::printf("],\n");
      }
      std::printf(" \"roofline\": {\"shape\": \"%s\", \"ms\": %.4f, "
                  "\"gflops\": %.2f}}\n",
                  roof.name.c_str(), roof.ms, roof.gflops());
    } else {
      std::printf("%-18s %10s %10s %10s\n", "", "ms", "GFLOP/s", "of roof");
      for (const auto &r : rows)
        std::printf("%-18s %10.4f %10.2f %9.0f%%\n", r.name.c_str(), r.ms,
                    r.gflops(), 100 * r.gflops() / roof.gflops());
      std::printf("%-18s %10.4f %10.2f  (%s)\n", "roofline", roof.ms,
                  roof.gflops(), roof.name.c_str());
      for (size_t i : updateRows)
        std::printf("updates/s %.1f%s%s\n", 1e3 / rows[i].ms,
                    models.empty() ? "" : "  ",
                    models.empty() ? "" : rows[i].name.c_str());
    }
  } catch (const std::invalid_argument &e) { // a preset, task or model
    throw ofex::tool::UsageError(e.what());
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  ofex::exec::chooseWaitPolicy(argv);
  return ofex::tool::runTool("ofex-bench", [&] { return run(argc, argv); });
}
