//===- ofexc.cpp - the ofex compile tool ----------------------------------===//
//
// Reads a .mlir file or builds a preset, verifies it, optionally sets theta,
// and emits IR, a size summary or the expected cost with per-unit penalties.
// Exit status: 0 success, 1 failure, 2 bad input (one line on stderr).
//
//===----------------------------------------------------------------------===//

#include "ToolMain.h"
#include "ofex/Analysis/ThetaFile.h"
#include "ofex/Export/Onnx.h"
#include "ofex/OfexDialect.h"
#include "ofex/Pipelines/Compile.h"
#include "ofex/Pipelines/SacOfePipeline.h"
#include "ofex/Presets/Presets.h"
#include "ofex/Reference/Interpreter.h"
#include "ofex/Reports/Reports.h"
#include "ofex/Support/ModuleIO.h"
#include "ofex/Transforms/DeadUnits.h"
#include "ofex/io/Checkpoint.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <boost/program_options.hpp>
#include <iostream>
#include <optional>

namespace po = boost::program_options;

namespace {
[[noreturn]] void bad(const std::string &message) {
  throw ofex::tool::UsageError(message);
}

struct Options {
  std::string input, output, emit = "ofex", format = "text", theta, weights,
                             cost = "params", costTable;
  std::optional<ofex::CostTable> table;
  ofex::PresetOptions preset;
  std::string env, sac = "v2";
  ofex::Coefficients coefficients;
  bool prune = false;
  double thetaTol = 0.1;
  int64_t batch = 256;
  std::string pipelineOptions;
};

/// MLIR's pass-manager and timing options, parsed by llvm::cl.
void parseMlirOptions(const std::vector<std::string> &args) {
  mlir::registerPassManagerCLOptions();
  mlir::registerDefaultTimingManagerCLOptions();
  std::vector<const char *> argv = {"ofexc"};
  for (const std::string &a : args)
    argv.push_back(a.c_str());
  std::string errors;
  llvm::raw_string_ostream os(errors);
  if (!llvm::cl::ParseCommandLineOptions(int(argv.size()), argv.data(), "",
                                         &os)) {
    // "ofexc: Unknown command line argument '--mlir-x'.  Try: ..." -> the
    // middle part.
    llvm::StringRef line = llvm::StringRef(os.str()).split('\n').first;
    line.consume_front("ofexc: ");
    bad("bad option: " + line.split("  Try:").first.trim().str());
  }
}

/// The pipeline's options: the model's networks, --batch, then the user's.
void pipelineOptions(const Options &o, mlir::ModuleOp module, bool lower,
                     ofex::SacOfePipelineOptions &p) {
  p.ofe = static_cast<bool>(module.lookupSymbol("phi_o"));
  p.valueNetwork = static_cast<bool>(module.lookupSymbol("v"));
  p.batch = o.batch;
  // Accept a run's ir/pipeline.txt as it is: the text in its braces.
  llvm::StringRef text = o.pipelineOptions;
  if (size_t open = text.find('{'); open != llvm::StringRef::npos)
    text =
        text.drop_front(open + 1).take_until([](char c) { return c == '}'; });
  if (mlir::failed(p.parseFromString(text)))
    bad("--pipeline-options: cannot parse '" + o.pipelineOptions + "'");
  p.lower = lower;
}

Options parseOptions(int argc, char **argv) {
  Options o;
  po::options_description desc("ofexc options");
  desc.add_options()("help,h", "show this help")("input", po::value(&o.input),
                                                 "input .mlir file")(
      "preset", po::value(&o.preset.preset),
      "build a preset instead: ofenet, sac, ofe-sac")(
      "env", po::value(&o.env), "task whose dimensions the preset uses")(
      "ofe-layers", po::value(&o.preset.ofeLayers),
      "OFENet layers per branch (default: the task's reference)")(
      "ofe-units", po::value(&o.preset.ofeUnits),
      "OFENet units per layer (default: the task's reference)")(
      "hidden", po::value(&o.preset.hidden)->default_value(256),
      "SAC hidden width")(
      "norm", po::value(&o.preset.norm)->default_value(ofex::kDefaultNorm),
      "OFENet normalization: none, layer, batch (batch: the reference "
      "code's)")("ofe-act", po::value(&o.preset.ofeAct)->default_value("swish"),
                 "OFENet activation")(
      "sac-act", po::value(&o.preset.sacAct)->default_value("relu"),
      "SAC hidden activation")(
      "sac", po::value(&o.sac)->default_value("v2"),
      "SAC variant of the preset: v2 (twin critics) or v1 (the original's "
      "state-value network v beside them)")(
      "emit", po::value(&o.emit)->default_value("ofex"),
      "what to print: ofex, summary, cost, deploy, grad, dnnl, onnx (the "
      "deployed policy as an ONNX model; needs -o)")(
      "weights", po::value(&o.weights),
      "--emit=onnx: the deployment's weights (a run's deploy.bin; default: "
      "the initializers' values at seed 0)")(
      "format", po::value(&o.format)->default_value("text"), "text or json")(
      "theta", po::value(&o.theta), "JSON file: gate group -> theta values")(
      "rho", po::value(&o.coefficients.rho)->default_value(0.5),
      "weight of the learning-only cost")(
      "nu-ofe", po::value(&o.coefficients.nuOfe)->default_value(2e-7),
      "nu of OFENet gates")(
      "nu-pi", po::value(&o.coefficients.nuPi)->default_value(1e-5),
      "nu of policy gates")("nu-q",
                            po::value(&o.coefficients.nuQ)->default_value(0.0),
                            "nu of critic gates")(
      "cost", po::value(&o.cost)->default_value("params"),
      "--emit=cost: what the penalties charge for: params, flops or time "
      "(with --cost-table), in parameter-equivalents")(
      "cost-table", po::value(&o.costTable),
      "the layers' update times (ofex-bench --update --cost-table)")(
      "output,o", po::value(&o.output), "write to this file instead of stdout")(
      "prune", po::bool_switch(&o.prune),
      "eliminate units whose theta is below --theta-tol")(
      "theta-tol", po::value(&o.thetaTol)->default_value(0.1),
      "theta below which a unit is dead")(
      "batch", po::value(&o.batch)->default_value(256),
      "rows of the plans --emit=dnnl lowers to")(
      "pipeline-options", po::value(&o.pipelineOptions),
      "--emit=grad|dnnl: options of ofex-sac-ofe-pipeline, e.g. \"prune=1 "
      "relax=0.1\" or a run's ir/pipeline.txt (ofe and value-network follow "
      "the model)");
  po::positional_options_description pos;
  pos.add("input", 1);
  po::variables_map vm;
  std::vector<std::string> mlirOptions;
  try {
    po::parsed_options parsed = po::command_line_parser(argc, argv)
                                    .options(desc)
                                    .positional(pos)
                                    .allow_unregistered()
                                    .run();
    po::store(parsed, vm);
    po::notify(vm);
    // MLIR's pass-manager options (--mlir-print-ir-after-all, --mlir-timing,
    // ...) go to MLIR's own parser; anything else is not an option.
    mlirOptions =
        po::collect_unrecognized(parsed.options, po::exclude_positional);
    for (const std::string &arg : mlirOptions)
      if (arg.rfind("--mlir-", 0) != 0)
        throw po::unknown_option(arg);
  } catch (const po::error &e) {
    bad("bad option: " + ofex::tool::optionErrorMessage(e));
  }
  parseMlirOptions(mlirOptions);
  if (vm.count("help")) {
    std::cout << "usage: ofexc [FILE.mlir | --preset P --env E] [options]\n"
              << desc;
    std::exit(0);
  }
  if (!llvm::is_contained(
          std::initializer_list<llvm::StringRef>{
              "ofex", "summary", "cost", "deploy", "grad", "dnnl", "onnx"},
          o.emit))
    bad("--emit: unknown value '" + o.emit +
        "'; expected ofex, summary, cost, deploy, grad, dnnl or onnx");
  if (o.emit == "onnx" && o.output.empty())
    bad("--emit=onnx writes a binary model: give -o FILE");
  if (!o.weights.empty() && o.emit != "onnx")
    bad("--weights is for --emit=onnx");
  if (!o.pipelineOptions.empty() && o.emit != "grad" && o.emit != "dnnl")
    bad("--pipeline-options is for --emit=grad or --emit=dnnl");
  if (o.sac != "v1" && o.sac != "v2")
    bad("--sac: expected v1 or v2, got '" + o.sac + "'");
  o.preset.valueNetwork = o.sac == "v1";
  if (o.batch <= 0)
    bad("--batch must be positive");
  if (!(o.thetaTol >= 0 && o.thetaTol <= 1))
    bad("--theta-tol must be in [0, 1]");
  if (o.format != "text" && o.format != "json")
    bad("--format: unknown value '" + o.format + "'; expected text or json");
  if (o.input.empty() == !vm.count("preset"))
    bad("give either an input file or --preset (not both)");
  if (o.coefficients.rho < 0 || o.coefficients.rho > 1)
    bad("--rho must be in [0, 1]");
  if (o.coefficients.nuOfe < 0 || o.coefficients.nuPi < 0 ||
      o.coefficients.nuQ < 0)
    bad("--nu-ofe, --nu-pi and --nu-q must be >= 0");
  std::optional<ofex::CostKind> kind = ofex::parseCostKind(o.cost);
  if (!kind)
    bad("--cost: expected params, flops or time, got '" + o.cost + "'");
  if (o.cost != "params" && o.emit != "cost")
    bad("--cost is for --emit=cost");
  if ((o.cost == "time") != !o.costTable.empty())
    bad(o.cost == "time" ? "--cost time needs --cost-table"
                         : "--cost-table needs --cost time");
  if (!o.costTable.empty()) {
    std::string error;
    o.table = ofex::CostTable::load(o.costTable, error);
    if (!o.table)
      bad("--cost-table " + o.costTable + ": " + error);
  }
  o.coefficients.setCost(*kind, o.table ? &*o.table : nullptr);
  if (vm.count("preset")) {
    if (o.env.empty())
      bad("--preset needs --env (one of " +
          llvm::join(ofex::knownTasks(), ", ") + ")");
    auto task = ofex::lookupTask(o.env);
    if (!task)
      bad("--env: unknown task '" + o.env + "'; expected one of " +
          llvm::join(ofex::knownTasks(), ", "));
    o.preset.task = *task;
  }
  return o;
}

int run(int argc, char **argv) {
  Options o = parseOptions(argc, argv);
  mlir::MLIRContext context;
  context.getOrLoadDialect<ofex::OfexDialect>();
  std::string error;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      o.input.empty() ? ofex::buildPreset(context, o.preset, error)
                      : ofex::loadModule(context, o.input, error);
  if (!module)
    bad(o.input.empty() ? "--preset: " + error : error);

  if (!o.theta.empty()) {
    ofex::ThetaValues theta;
    if (!ofex::readThetaFile(o.theta, theta, error) ||
        !ofex::applyTheta(*module, theta, error))
      bad(error.rfind(o.theta, 0) == 0 ? error : o.theta + ": " + error);
  }

  ofex::DiagnosticCollector diags(context);
  std::optional<ofex::PruneResult> pruned;
  if (o.prune) {
    auto result = ofex::eliminateDeadUnits(*module, o.thetaTol);
    if (mlir::failed(result))
      bad("--prune: " + diags.firstError());
    pruned = std::move(*result);
  }

  std::string text;
  llvm::raw_string_ostream os(text);
  bool json = o.format == "json";
  if (o.emit == "ofex") {
    module->print(os);
    os << "\n";
  } else if (o.emit == "summary") {
    ofex::printSummary(*module, json, os, pruned ? &*pruned : nullptr);
  } else if (o.emit == "grad" || o.emit == "dnnl") {
    // ofex-train's pipeline (ofex/Pipelines/SacOfePipeline.h).
    mlir::PassManager pm(&context);
    mlir::applyPassManagerCLOptions(pm);
    mlir::DefaultTimingManager timing;
    mlir::applyDefaultTimingManagerCLOptions(timing);
    mlir::TimingScope root = timing.getRootScope();
    pm.enableTiming(root);
    ofex::SacOfePipelineOptions options;
    pipelineOptions(o, *module, o.emit == "dnnl", options);
    ofex::buildSacOfePipeline(pm, options);
    if (mlir::failed(pm.run(*module)))
      bad(diags.firstError());
    module->print(os);
    os << "\n";
  } else if (o.emit == "deploy") {
    ofex::exportDeployment(*module)->print(os);
    os << "\n";
  } else if (o.emit == "onnx") {
    // Gates at their expectation: theta from the IR (1 where none is
    // stored); a deployment whose gates were removed has none.
    auto deploy = ofex::exportDeployment(*module, ofex::DeployGates::Expect);
    std::map<std::string, std::vector<float>> weights;
    if (o.weights.empty()) {
      for (auto &[name, v] : ofex::ref::initParams(*deploy, 0))
        weights[name] = std::move(v);
    } else {
      try {
        ofex::io::Checkpoint w =
            ofex::io::loadCheckpoint(o.weights, std::string("ofex-deploy-1"));
        weights = w.allFloats();
      } catch (const std::runtime_error &e) {
        bad(std::string("--weights: ") + e.what());
      }
    }
    auto bytes = ofex::exportOnnx(*deploy, weights);
    if (mlir::failed(bytes))
      bad(diags.firstError());
    text = *bytes;
  } else {
    // A table of another model: one line naming it (not a diagnostic).
    if (auto model = ofex::CostModel::derive(*module);
        o.table && mlir::succeeded(model) &&
        !model->applyCostTable(*o.table, error))
      bad("--cost-table " + o.costTable + ": " + error);
    if (mlir::failed(ofex::printCost(*module, o.coefficients, json, os,
                                     o.table ? &*o.table : nullptr)))
      bad(diags.firstError());
  }
  os.flush();
  if (o.output.empty()) {
    llvm::outs() << text;
  } else if (!ofex::writeFileAtomic(o.output, text, error)) {
    std::cerr << "ofexc: " << error << "\n";
    return 1;
  }
  return 0;
}
} // namespace

int main(int argc, char **argv) {
  return ofex::tool::runTool("ofexc", [&] { return run(argc, argv); });
}
