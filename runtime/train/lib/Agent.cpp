//===- Agent.cpp - SAC (+ OFENet) on compiled networks --------------------===//

#include "ofex/train/Agent.h"

#include "ofex/Export/Onnx.h"
#include "ofex/OfexDialect.h"
#include "ofex/OfexOps.h"
#include "ofex/Reference/Interpreter.h"
#include "ofex/Support/ModuleIO.h"
#include "ofex/Transforms/RunningStats.h"
#include "ofex/rl/TanhGaussian.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <stdexcept>

using namespace mlir;

namespace ofex::train {

namespace {
SacLearnerOptions sacOptions(const AgentOptions &o) {
  SacLearnerOptions s;
  s.variant = o.sac;
  s.ofe = o.preset != "sac";
  s.batch = o.batch;
  s.actDim = o.task.actDim;
  s.lr = o.lr;
  s.gamma = o.gamma;
  s.tau = o.tau;
  s.rewardScale = o.rewardScale;
  return s;
}
} // namespace

Agent::Agent(const AgentOptions &options)
    : opts(options), ofe(options.preset != "sac"), sac(sacOptions(options)),
      ofeLearner(options.batch, options.task.obsDim,
                 ofe ? options.task.targetDim : 0),
      pruner(options.prune) {
  buildModel();
  compile();
}

Agent::~Agent() = default;

void Agent::buildModel() {
  PresetOptions p;
  p.preset = ofe ? "ofe-sac" : "sac";
  p.task = opts.task;
  p.hidden = opts.hidden;
  p.norm = opts.norm;
  // Without pruning every theta stays 1: gates would only multiply by 1.
  p.gateOfe = p.gateSac = opts.prune.enabled;
  // A critic gate without a penalty has nothing to trade: its theta would
  // only random-walk on the critic loss's noisy straight-through gradient
  // (at theta-lr 0.1 half of a HalfCheetah critic's units died that way
  // within 2,500 steps). Critics are gated only when nu_Q > 0.
  p.gateCritics = opts.prune.coefficients.nuQ > 0;
  p.valueNetwork = isSacV1();
  if (opts.preset == "ofe-big") {
    p.ofeLayers = 8;
    p.ofeUnits = 128;
  }
  if (opts.ofeLayers)
    p.ofeLayers = opts.ofeLayers;
  if (opts.ofeUnits)
    p.ofeUnits = opts.ofeUnits;
  std::string error;
  if (opts.modelText.empty()) {
    model = buildPreset(context, p, error);
  } else {
    const std::string what = "the checkpoint's model";
    model = parseModule(
        context, llvm::MemoryBuffer::getMemBufferCopy(opts.modelText, what),
        what, error);
  }
  if (!model)
    throw std::invalid_argument(error);
  presetIR = printIR(*model);

  // Initial state: params by their initializers (running statistics at
  // mean 0, variance 1), theta 1, targets = critics.
  for (auto &[name, v] : ref::initParams(*model, opts.seed))
    state.set(name, v);
  rt::openAllGates(state, *model);
  sac.initTargets(state);
}

void Agent::pipelineOptions(SacOfePipelineOptions &p) const {
  p.ofe = ofe;
  p.valueNetwork = isSacV1();
  p.lr = opts.lr;
  p.prune = opts.prune.enabled;
  p.relax = opts.prune.relax;
  p.thetaLr = opts.prune.thetaLr;
  p.thetaTol = opts.prune.thetaTol;
  p.thetaMomentum = opts.prune.momentum;
  p.statsMomentum = kDefaultStatsMomentum;
  p.batch = opts.batch;
}

void Agent::compile() {
  // Built beside the previous functions, whose counters carry over.
  SacOfePipelineOptions pipeline;
  pipelineOptions(pipeline);
  nets = std::make_unique<CompiledNetworks>(*model, pipeline, opts.deployGates,
                                            opts.seed * 7919 + 1, state,
                                            opts.precision, nets.get());
  // The preset's model before any elimination has the table's widths.
  pruner.attach(*model, opts.modelText.empty() && !eliminated);
}

std::map<std::string, std::string> Agent::irFiles() const {
  std::map<std::string, std::string> files = nets->irFiles();
  files["model.mlir"] = presetIR;
  return files;
}

PruneResult Agent::prune() {
  std::optional<PruneResult> result = pruner.eliminate(*model, state);
  if (!result)
    return {};
  sac.dropMissingTargets(state);
  eliminated = true;
  try {
    compile();
  } catch (...) {
    // The old functions point at tensors the elimination resized or freed:
    // the agent cannot go on.
    nets.reset();
    throw;
  }
  return *result;
}

ModelStats Agent::stats() const {
  ModelStats s;
  ModuleOp m = model.get();
  m.walk([&](ParamOp p) {
    auto net = p->getParentOfType<NetworkOp>();
    int64_t n = p.getType().cast<ShapedType>().getNumElements();
    s.networkParams[net.getSymName().str()] += n;
    s.trainParams += n;
    if (net.isDeploy())
      s.deployParams += n;
  });
  int64_t live = 0, undecided = 0;
  m.walk([&](ThetaOp t) {
    const std::vector<float> &v = state.at(rt::thetaKey(groupName(t)));
    int64_t active = 0;
    for (float x : v) {
      active += x > 0.0f;
      live += x > 0.0f;
      undecided += x > 0.1f && x < 0.9f;
      if (x > 0.0f)
        ++s.thetaHistogram[std::min(9, int(x * 10))];
    }
    s.activeUnits[groupName(t)] = active;
  });
  s.thetaUndecided = live ? double(undecided) / live : 0.0;
  return s;
}

std::string Agent::modelIR() const { return printIR(model.get()); }

OwningOpRef<ModuleOp> Agent::deployModule() const {
  OwningOpRef<ModuleOp> deploy =
      exportDeployment(model.get(), opts.deployGates);
  // The theta in the IR is the state's (the model's attribute follows it
  // only at eliminations): the file says what the policy computes.
  deploy->walk([&](ThetaOp t) {
    if (std::string key = rt::thetaKey(groupName(t)); state.has(key))
      t.setValuesAttr(DenseF32ArrayAttr::get(t.getContext(), state.at(key)));
  });
  return deploy;
}

std::string Agent::deployIR() const { return printIR(*deployModule()); }

std::string Agent::deployOnnx(const OnnxOptions &options) const {
  OwningOpRef<ModuleOp> deploy = deployModule();
  std::map<std::string, std::vector<float>> weights;
  for (const std::string &name : deployParams())
    weights[name] = state.at(name);
  auto bytes = exportOnnx(*deploy, weights, options);
  if (failed(bytes))
    throw std::runtime_error("exporting the policy to ONNX failed");
  return *bytes;
}

std::vector<std::string> Agent::deployParams() const {
  std::vector<std::string> names;
  ModuleOp m = model.get();
  m.walk([&](ParamOp p) {
    if (p->getParentOfType<NetworkOp>().isDeploy())
      names.push_back(paramKey(p));
  });
  m.walk([&](StatOp s) {
    if (s->getParentOfType<NetworkOp>().isDeploy())
      names.push_back(statKey(s));
  });
  // Gates at their expectation scale by theta: it ships with the weights.
  if (opts.deployGates == DeployGates::Expect)
    m.walk([&](ThetaOp t) {
      if (t->getParentOfType<NetworkOp>().isDeploy())
        names.push_back(rt::thetaKey(groupName(t)));
    });
  return names;
}

void Agent::actOtherDeployment(const float *obs, float *out) {
  meanAction(nets->policyOther(), obs, out);
}

void Agent::meanAction(rt::CompiledFunction &policy, const float *obs,
                       float *out) {
  policy.bindArg("input:0", const_cast<float *>(obs));
  policy.run();
  rl::tanhGaussianMeanAction({1, opts.task.actDim}, policy.result("output:0"),
                             out);
}

void Agent::act(const float *obs, float *out, bool deterministic,
                std::mt19937_64 &rng) {
  if (deterministic)
    return meanAction(nets->policy(), obs, out);
  rt::CompiledFunction &f = nets->act();
  f.bindArg("input:0", const_cast<float *>(obs));
  f.run();
  size_t A = opts.task.actDim;
  rl::BatchShape one{1, A};
  std::normal_distribution<float> n(0.0f, 1.0f);
  float eps[64], lp;
  for (size_t j = 0; j < A; ++j)
    eps[j] = n(rng);
  rl::tanhGaussianSample(one, f.result("output:0"), f.result("output:1"), eps,
                         out, &lp);
}

} // namespace ofex::train
