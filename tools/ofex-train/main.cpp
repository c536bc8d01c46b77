//===- main.cpp - ofex-train: SAC + OFENet on compiled networks -----------===//
//
// Every option can also come from an INI file (--config FILE, "name = value"
// lines); the command line wins. --resume DIR reads DIR/config.ini, the run's
// own options, and continues its checkpoint (options given on the command
// line, e.g. a larger --steps, override it).
// Exit status: 0 done, 1 failure, 2 bad input (one line on stderr), 3
// stopped by SIGTERM/SIGUSR1 after writing a checkpoint (requeue and rerun).
//
//===----------------------------------------------------------------------===//

#include "Json.h"
#include "ToolMain.h"
#include "TrainOptions.h"
#include "ofex/Support/ModuleIO.h"
#include "ofex/exec/Threads.h"
#include "ofex/io/StopSignals.h"
#include "ofex/train/GateProbe.h"
#include "ofex/train/Play.h"
#include "ofex/train/Trainer.h"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

namespace po = boost::program_options;
using ofex::train::TrainConfig;

namespace {
using ofex::tool::storeConfigFile;
using ofex::tool::trainOptions;
using ofex::tool::UsageError;

/// Exit status of a run stopped by a signal after its checkpoint.
constexpr int kExitStopped = 3;

/// The thread count a run in `out` was started with (its config.ini, when
/// it has a checkpoint to continue from), if any.
std::optional<int> recordedThreads(const std::string &out) {
  namespace fs = std::filesystem;
  if (out.empty() || !fs::is_regular_file(fs::path(out) / "checkpoint.bin"))
    return std::nullopt;
  std::ifstream in(fs::path(out) / "config.ini");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("threads = ", 0) == 0) {
      char *end = nullptr;
      const long n = std::strtol(line.c_str() + 10, &end, 10);
      if (end != line.c_str() + 10 && *end == '\0' && n >= 1 && n <= 4096)
        return static_cast<int>(n);
    }
  return std::nullopt;
}

/// --probe-gates: the gate probe at the run's checkpoint, as a CSV and one
/// summary line per gate group.
int probeGates(TrainConfig c, const std::string &dir, std::string out,
               const ofex::train::ProbeOptions &options) {
  if (options.unitsPerGroup < 0 || options.batches <= 0 || options.draws <= 0)
    throw UsageError("--probe-units must be >= 0, --probe-batches and "
                     "--probe-draws positive");
  c.out = dir;
  if (out.empty())
    out = (std::filesystem::path(dir) / "gate-probe.csv").string();
  ofex::exec::setThreads(c.threads);
  std::vector<ofex::train::ProbeRow> rows;
  int64_t step = 0;
  try {
    ofex::train::RunSnapshot s = ofex::train::loadRunSnapshot(c);
    step = s.step;
    rows = ofex::train::probeGates(*s.agent, *s.replay, options);
  } catch (const std::invalid_argument &e) {
    throw UsageError(e.what());
  }
  std::string error;
  if (!ofex::writeFileAtomic(out, ofex::train::gateProbeCsv(rows), error))
    throw UsageError("--probe-out " + out + ": " + error);
  // Per group: means over the probed units, and how often the
  // straight-through estimate takes the other side of the penalty than the
  // exact effect does (the theta step then moves the unit the wrong way).
  std::map<std::string, std::vector<const ofex::train::ProbeRow *>> byGroup;
  std::vector<std::string> order;
  for (const auto &r : rows) {
    if (!byGroup.count(r.group))
      order.push_back(r.group);
    byGroup[r.group].push_back(&r);
  }
  std::cout << "step " << step << ": " << rows.size() << " units -> " << out
            << "\ngroup units theta delta straight_through penalty "
               "sign_disagrees\n";
  for (const std::string &g : order) {
    double theta = 0, delta = 0, st = 0, pen = 0, disagree = 0;
    for (const auto *r : byGroup[g]) {
      theta += r->theta;
      delta += r->delta;
      st += r->straightThrough;
      pen += r->penalty;
      disagree +=
          (r->delta + r->penalty > 0) != (r->straightThrough + r->penalty > 0);
    }
    double n = byGroup[g].size();
    std::cout << g << ' ' << n << ' ' << theta / n << ' ' << delta / n << ' '
              << st / n << ' ' << pen / n << ' ' << disagree / n << '\n';
  }
  return 0;
}

int run(int argc, char **argv) {
  TrainConfig c;
  po::options_description opts = trainOptions(c);
  po::options_description cli("");
  std::string config, resume, playDir, playActions, probeDir, probeOut;
  int64_t playEpisodes = 1;
  ofex::train::ProbeOptions probe;
  std::optional<uint64_t> playSeed;
  cli.add(opts).add_options()("help,h", "show this help")(
      "play", po::value(&playDir),
      "run the exported policy of a finished run (DIR/deploy.mlir and "
      "deploy.bin) alone")("play-episodes", po::value(&playEpisodes),
                           "episodes for --play")(
      "play-seed",
      po::value<uint64_t>()->notifier([&](uint64_t v) { playSeed = v; }),
      "seed of the first --play episode (default: the run's evaluation seed)")(
      "play-actions", po::value(&playActions),
      "--play: also write each step's observation and action to this CSV "
      "file (to check another runtime of the policy, e.g. deploy.onnx)")(
      "probe-gates", po::value(&probeDir),
      "measure the exact effect of sampled gates of the run in this "
      "directory at its checkpoint (writes DIR/gate-probe.csv)")(
      "probe-units",
      po::value(&probe.unitsPerGroup)->default_value(probe.unitsPerGroup),
      "units per gate group for --probe-gates (0: every live unit)")(
      "probe-batches", po::value(&probe.batches)->default_value(probe.batches),
      "replay batches for --probe-gates")(
      "probe-draws", po::value(&probe.draws)->default_value(probe.draws),
      "draws of the other gates per batch for --probe-gates")(
      "probe-out", po::value(&probeOut),
      "where --probe-gates writes (default DIR/gate-probe.csv)")(
      "config", po::value(&config), "INI file with any of the options")(
      "resume", po::value(&resume), "continue the run in this directory");
  po::variables_map vm;
  try {
    // Stray words are errors, not silently ignored.
    po::store(po::command_line_parser(argc, argv)
                  .options(cli)
                  .positional(po::positional_options_description())
                  .run(),
              vm);
    if (vm.count("help")) {
      std::cout << "usage: ofex-train --env E --out DIR [options]\n"
                   "       ofex-train --resume DIR [--steps N]\n"
                << cli;
      return 0;
    }
    std::string file =
        vm.count("config") ? vm["config"].as<std::string>()
        : vm.count("resume")
            ? (std::filesystem::path(vm["resume"].as<std::string>()) /
               "config.ini")
                  .string()
        : vm.count("probe-gates")
            ? (std::filesystem::path(vm["probe-gates"].as<std::string>()) /
               "config.ini")
                  .string()
            : "";
    if (!file.empty()) {
      std::ifstream in(file);
      if (!std::filesystem::is_regular_file(file) || !in)
        throw UsageError(file + ": cannot read the configuration");
      storeConfigFile(in, file, opts, vm);
    }
    po::notify(vm);
  } catch (const po::too_many_positional_options_error &) {
    throw UsageError("unexpected argument: options are --name value (see "
                     "--help)");
  } catch (const po::error &e) {
    throw UsageError("bad option: " + ofex::tool::optionErrorMessage(e));
  }
  const int cpus = ofex::exec::availableCpus();
  // Without --threads a new run takes the default, which looks at the
  // machine (one thread next to a busy process), and a run continued by the
  // same command keeps the count it started with: its numbers depend on it.
  if (!vm.count("threads"))
    c.threads = recordedThreads(c.out).value_or(
        std::min(ofex::exec::defaultThreads(), 4096));
  else if (c.threads > cpus)
    throw UsageError("--threads " + std::to_string(c.threads) +
                     ": this process may use " + std::to_string(cpus) +
                     " CPUs (more threads than cores only wait on each "
                     "other)");
  if (!playDir.empty()) {
    if (playEpisodes <= 0)
      throw UsageError("--play-episodes must be positive");
    ofex::train::PlayResult r;
    std::ofstream actions;
    if (!playActions.empty()) {
      actions.open(playActions);
      if (!actions)
        throw UsageError("--play-actions: cannot write '" + playActions + "'");
    }
    try {
      r = ofex::train::play(playDir, playEpisodes, playSeed,
                            playActions.empty() ? nullptr : &actions);
    } catch (const std::invalid_argument &e) {
      throw UsageError(e.what());
    }
    actions.close();
    if (!playActions.empty() && !actions)
      throw UsageError("--play-actions: writing '" + playActions + "' failed");
    double mean = 0;
    for (double ret : r.returns)
      mean += ret / r.returns.size();
    // Shortest round-trip numbers: mean_return reads back as the run's own
    // evaluation to the last bit.
    using ofex::tool::jsonArray, ofex::tool::jsonNumber;
    std::cout << "{\"env\": " << ofex::tool::jsonString(r.env)
              << ", \"params\": " << r.params
              << ", \"returns\": " << jsonArray(r.returns)
              << ", \"lengths\": " << jsonArray(r.lengths)
              << ", \"mean_return\": " << jsonNumber(mean)
              << ", \"latency_us_per_step\": " << jsonNumber(r.latencyUs)
              << "}\n";
    return 0;
  }
  if (!probeDir.empty())
    return probeGates(c, probeDir, probeOut, probe);
  if (!resume.empty())
    c.out = resume;
  if (c.env.empty())
    throw UsageError("--env: a task is required");
  // SIGTERM (a scheduler's warning, scancel) and SIGUSR1 (sbatch --signal)
  // end the run after the current step with a checkpoint; exit status 3
  // tells a job script to requeue. They are taken by a thread of their own,
  // never by a handler on a compute thread (see StopSignals.h); no other
  // thread exists yet.
  ofex::io::StopSignals stop({SIGTERM, SIGUSR1});
  ofex::train::TrainOutcome outcome;
  try {
    outcome = ofex::train::train(c, !resume.empty(),
                                 [&] { return stop.received() != 0; });
  } catch (const std::invalid_argument &e) {
    throw UsageError(e.what());
  }
  if (outcome == ofex::train::TrainOutcome::Stopped) {
    std::cerr << "ofex-train: stopped by signal " << stop.received()
              << " after a checkpoint; run the same command (or --resume "
              << c.out << ") to continue\n";
    return kExitStopped;
  }
  return 0;
}
} // namespace

int main(int argc, char **argv) {
  ofex::exec::chooseWaitPolicy(argv);
  return ofex::tool::runTool("ofex-train", [&] { return run(argc, argv); });
}
