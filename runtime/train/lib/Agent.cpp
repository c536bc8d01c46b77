//===- Agent.cpp - SAC (+ OFENet) on compiled networks --------------------===//

#include "ofex/train/Agent.h"
#include "ofex/train/ThetaEstimator.h"

#include "ofex/Export/Onnx.h"

#include "ofex/exec/Threads.h"

#include "ofex/OfexOps.h"
#include "ofex/Pipelines/Compile.h"
#include "ofex/Pipelines/SacOfePipeline.h"
#include "ofex/Reference/Interpreter.h"
#include "ofex/Support/ModuleIO.h"
#include "ofex/Transforms/RunningStats.h"
#include "ofex/rl/SacMath.h"
#include "ofex/rl/TanhGaussian.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "ofex/OfexDialect.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

using namespace mlir;

namespace ofex::train {

namespace {
std::string print(Operation *op) {
  std::string s;
  llvm::raw_string_ostream os(s);
  op->print(os);
  return s;
}
} // namespace

Agent::Agent(const AgentOptions &options) : opts(options) {
  ofe = opts.preset != "sac";
  buildModel();
  compile();
  size_t B = opts.batch, A = opts.task.actDim;
  for (auto *v : {&noise, &mean, &logStd, &action, &dMean, &dLogStd})
    v->assign(B * A, 0.0f);
  for (auto *v : {&logProb, &qMin, &y, &reward, &zerosB})
    v->assign(B, 0.0f);
  ones.assign(B, 1.0f);
  target.assign(B * std::max<int64_t>(targetDim, 1), 0.0f);
  temp = std::make_unique<rl::Temperature>(1.0f, rl::defaultTargetEntropy(A),
                                           rl::AdamConfig{float(opts.lr)});
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
  ir["model.mlir"] = print(*model);

  // Initial state: params by their initializers (running statistics at
  // mean 0, variance 1), theta 1, targets = critics.
  for (auto &[name, v] : ref::initParams(*model, opts.seed))
    state.set(name, v);
  rt::openAllGates(state, *model);
  for (const auto &[name, v] : state.all())
    if (isSacV1() ? name.rfind("v.", 0) == 0
                  : name.rfind("q1.", 0) == 0 || name.rfind("q2.", 0) == 0)
      targetParams.push_back(name);
  for (const std::string &name : targetParams)
    state.set("target:" + name, state.at(name));
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
  // Executor counters (Adam's t, gate draws) survive a recompilation.
  std::map<std::string, std::pair<int64_t, uint64_t>> counters;
  for (auto &[name, f] : fns)
    counters[name] = {f->exec().adamStep(), f->exec().samplerCounter()};
  fns.clear();

  SacOfePipelineOptions pipeline;
  pipelineOptions(pipeline);
  OwningOpRef<ModuleOp> work = model->clone();
  PassManager graphs(&context), lowering(&context);
  buildSacOfeTrainingGraphs(graphs, pipeline);
  buildLowerToDnnl(lowering, sacOfeFunctions(pipeline), opts.batch);
  if (failed(graphs.run(*work)))
    throw std::runtime_error("building the training graphs failed");
  ir["train.ofex.mlir"] = print(*work) + "\n";
  if (failed(lowering.run(*work)))
    throw std::runtime_error("lowering to oneDNN failed");
  ir["train.dnnl.mlir"] = print(*work) + "\n";
  std::string text;
  llvm::raw_string_ostream os(text);
  pipeline.print(os);
  // What `ofex-opt --pass-pipeline=...` runs on ir/model.mlir to print
  // train.dnnl.mlir.
  ir["pipeline.txt"] =
      "builtin.module(ofex-sac-ofe-pipeline" + os.str() + ")\n";
  uint64_t seed = opts.seed * 7919 + 1;
  auto add = [&](const std::string &key, ModuleOp from, const std::string &func,
                 const rt::CompiledFunction::Rename &rename = nullptr) {
    auto f = from.lookupSymbol<func::FuncOp>(func);
    fns[key] = std::make_unique<rt::CompiledFunction>(f, state, seed++, rename);
    auto c = counters.find(key);
    if (c != counters.end()) {
      fns[key]->exec().setAdamStep(c->second.first);
      fns[key]->exec().setSamplerCounter(c->second.second);
    }
  };
  add("act", *work, "act.forward");
  if (opts.prune.enabled)
    add("theta", *work, "theta.update");
  // Deterministic actions come from the deployment model: exactly what a
  // shipped policy computes.
  policyModule = compilePolicy(*exportDeployment(*model, opts.deployGates));
  if (!policyModule)
    throw std::runtime_error("compiling the deployment policy failed");
  add("policy", *policyModule, "policy.forward");
  if (opts.prune.enabled) {
    // The same policy with the gates treated the other way: what the choice
    // changes (issue 17's mismatch).
    otherPolicyModule = compilePolicy(*exportDeployment(
        *model, opts.deployGates == DeployGates::Remove ? DeployGates::Expect
                                                        : DeployGates::Remove));
    if (!otherPolicyModule)
      throw std::runtime_error("compiling the other deployment failed");
    add("policy.other", *otherPolicyModule, "policy.forward");
  }
  for (const std::string &f : sacOfeUpdateFunctions(pipeline))
    add(f, *work, f);
  // pi.step reads the values pi.fwd saves where pi.fwd keeps them (its
  // result buffers persist across runs): bound once per compilation.
  rt::CompiledFunction &piFwd = fn("pi.fwd"), &piStep = fn("pi.step");
  for (const std::string &r : piFwd.resultNames())
    if (r.rfind("saved:", 0) == 0)
      piStep.bindArg(r, const_cast<float *>(piFwd.result(r)));
  auto toTarget = [](const std::string &n) {
    return n.rfind("theta:", 0) == 0 ? n : "target:" + n;
  };
  if (isSacV1()) {
    add("vt", *work, "v.forward", toTarget);
  } else {
    add("q1t", *work, "q1.forward", toTarget);
    add("q2t", *work, "q2.forward", toTarget);
  }

  auto phiO = model->lookupSymbol<NetworkOp>("phi_o");
  auto phiOA = model->lookupSymbol<NetworkOp>("phi_oa");
  zoDim = phiO ? unitsOf(phiO.getResultTypes()[0]) : opts.task.obsDim;
  zoaDim = phiOA ? unitsOf(phiOA.getResultTypes()[0]) : 0;
  targetDim = ofe ? opts.task.targetDim : 0;
  auto derived = CostModel::derive(*model);
  if (failed(derived))
    throw std::runtime_error("complexity analysis failed");
  cost = std::make_unique<CostModel>(std::move(*derived));
  // The preset's model before any elimination has the table's widths.
  applyCostOptions(*cost, opts.prune, opts.modelText.empty() && !eliminated);
}

void applyCostOptions(CostModel &cost, const PruneOptions &prune,
                      bool unpruned) {
  if (prune.coefficients.kind != CostKind::Time)
    return;
  std::string error;
  if (!prune.costTable)
    throw std::invalid_argument("the time cost needs a cost table");
  if (!cost.applyCostTable(*prune.costTable, error, unpruned))
    throw std::invalid_argument(prune.costTableName + ": " + error);
}

void Agent::thetaStep() {
  if (!opts.prune.enabled)
    return;
  rt::CompiledFunction &update = fn("theta");
  // Straight-through gradients of the last updates, by gate group: OFENet's
  // from the auxiliary loss, pi's from the policy loss, the critics' from
  // theirs. A group without one (none yet) gets zeros.
  size_t widest = 0;
  for (const GateGroup &g : cost->groups())
    widest = std::max(widest, size_t(g.units));
  zeros.assign(widest, 0.0f);
  for (const GateGroup &g : cost->groups())
    update.bindArg("g:" + g.name, zeros.data());
  std::map<std::string, const float *> grads, draws;
  for (const char *name :
       {"ofe.step", "q1.step", "q2.step", "v.step", "pi.step"}) {
    auto it = fns.find(name);
    if (it == fns.end())
      continue;
    for (const std::string &r : it->second->resultNames())
      if (r.rfind("d:xi:", 0) == 0)
        grads[r.substr(5)] = it->second->result(r);
  }
  // The relaxed estimator's draws: beside the gradients, or (the policy's
  // saved forward pass) among pi.fwd's saved values.
  const double relax = opts.prune.relax;
  for (const char *name :
       {"ofe.step", "q1.step", "q2.step", "v.step", "pi.fwd"}) {
    auto it = fns.find(name);
    if (relax == 0 || it == fns.end())
      continue;
    for (const std::string &r : it->second->resultNames()) {
      const std::string prefix = r.rfind("xi:", 0) == 0         ? "xi:"
                                 : r.rfind("saved:xi:", 0) == 0 ? "saved:xi:"
                                                                : "";
      if (!prefix.empty())
        draws[r.substr(prefix.size())] = it->second->result(r);
    }
  }
  if (relax > 0)
    relaxedGrad.assign(cost->numUnits(), 0.0f);
  for (const GateGroup &g : cost->groups()) {
    auto it = grads.find(g.name);
    if (it == grads.end())
      continue;
    if (relax > 0) {
      auto d = draws.find(g.name);
      if (d == draws.end())
        throw std::logic_error("no gate draws of group " + g.name);
      float *out = relaxedGrad.data() + g.offset;
      relaxedThetaGradient(it->second, d->second, g.units, relax, out);
      it->second = out;
    }
    update.bindArg("g:" + g.name, const_cast<float *>(it->second));
  }
  thetaFlat.assign(cost->numUnits(), 0.0f);
  for (const GateGroup &g : cost->groups()) {
    const std::vector<float> &t = state.at(rt::thetaKey(g.name));
    std::copy(t.begin(), t.end(), thetaFlat.begin() + g.offset);
  }
  cost->penalties(thetaFlat, opts.prune.coefficients, penalty);
  for (const GateGroup &g : cost->groups())
    update.bindArg("c:" + g.name, penalty.data() + g.offset);
  update.run();

  sums.g.resize(cost->numUnits(), 0.0);
  sums.c.resize(cost->numUnits(), 0.0);
  for (const GateGroup &g : cost->groups()) {
    auto it = grads.find(g.name);
    for (int64_t j = 0; j < g.units; ++j) {
      if (it != grads.end())
        sums.g[g.offset + j] += it->second[j];
      sums.c[g.offset + j] += penalty[g.offset + j];
    }
  }
  ++sums.steps;
}

std::vector<GateBalance> Agent::takeGateBalance() {
  std::vector<GateBalance> out;
  if (sums.steps == 0 || !cost)
    return out;
  for (const GateGroup &g : cost->groups()) {
    GateBalance b;
    b.group = g.name;
    b.steps = sums.steps;
    const std::vector<float> &theta = state.at(rt::thetaKey(g.name));
    for (int64_t j = 0; j < g.units; ++j) {
      if (theta[j] <= 0.0f)
        continue;
      double gm = sums.g[g.offset + j] / sums.steps;
      double cm = sums.c[g.offset + j] / sums.steps;
      ++b.live;
      b.theta += theta[j];
      b.g += gm;
      b.c += cm;
      b.keep += gm + cm < 0.0;
    }
    if (b.live) {
      b.theta /= b.live;
      b.g /= b.live;
      b.c /= b.live;
      b.keep /= b.live;
    }
    out.push_back(b);
  }
  sums.g.assign(sums.g.size(), 0.0);
  sums.c.assign(sums.c.size(), 0.0);
  sums.steps = 0;
  return out;
}

PruneResult Agent::prune() {
  // The IR's theta follows the state; dead units have theta 0.
  model->walk([&](ThetaOp t) {
    const std::vector<float> &v = state.at(rt::thetaKey(groupName(t)));
    t.setValuesAttr(DenseF32ArrayAttr::get(&context, v));
  });
  bool anyDead = false;
  model->walk([&](ThetaOp t) {
    for (int64_t j = 0; j < t.getUnits(); ++j)
      anyDead |= t.getTheta(j) <= 0.0f;
  });
  if (!anyDead)
    return {};
  auto result = eliminateDeadUnits(*model, opts.prune.thetaTol);
  if (failed(result))
    throw std::runtime_error("dead-unit elimination failed");
  for (const auto &[name, map] : result->params)
    for (const std::string &key :
         {name, rt::adamM(name), rt::adamV(name), "target:" + name}) {
      if (!state.has(key))
        continue;
      if (map.removed)
        state.erase(key);
      else if (!map.identity())
        state.set(key, gatherParam(map, state.at(key)));
    }
  for (const auto &[group, g] : result->groups)
    for (const std::string &key :
         {rt::thetaKey(group), rt::thetaVelocityKey(group)}) {
      if (!state.has(key))
        continue;
      if (g.unitsAfter == 0) {
        state.erase(key);
        continue;
      }
      std::vector<float> kept;
      for (int64_t j : g.keep)
        kept.push_back(state.at(key)[j]);
      state.set(key, kept);
    }
  // Units are renumbered: the running sums no longer line up.
  sums.g.clear();
  sums.c.clear();
  sums.steps = 0;
  targetParams.erase(
      std::remove_if(targetParams.begin(), targetParams.end(),
                     [&](const std::string &p) { return !state.has(p); }),
      targetParams.end());
  eliminated = true;
  compile();
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

std::string Agent::modelIR() const { return print(model.get()); }

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

std::string Agent::deployIR() const { return print(*deployModule()); }

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

std::vector<std::pair<std::string, exec::Executor *>> Agent::executors() {
  std::vector<std::pair<std::string, exec::Executor *>> out;
  for (auto &[name, f] : fns)
    out.push_back({name, &f->exec()});
  return out;
}

bool Agent::isUpdateFunction(const std::string &name) {
  return name != "act" && name != "policy" && name != "policy.other" &&
         name != "q1.forward" && name != "q2.forward" && name != "v.forward";
}

double Agent::flopsPerUpdate() const {
  double flops = 0;
  for (const auto &[name, f] : fns)
    if (isUpdateFunction(name))
      flops += f->matmulFlops();
  return flops;
}

void Agent::actOtherDeployment(const float *obs, float *out) {
  meanAction(fn("policy.other"), obs, out);
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
    return meanAction(fn("policy"), obs, out);
  rt::CompiledFunction &f = fn("act");
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

float Agent::updateOfe(const Batch &b) {
  rt::CompiledFunction &f = fn("ofe.step");
  size_t B = opts.batch, O = opts.task.obsDim;
  for (size_t r = 0; r < B; ++r)
    std::memcpy(&target[r * targetDim], &b.nextObs[r * O],
                targetDim * sizeof(float));
  f.bindArg("input:0", const_cast<float *>(b.obs));
  f.bindArg("input:1", const_cast<float *>(b.act));
  f.bindArg("target", target.data());
  f.run();
  return *f.result("loss");
}

SacLosses Agent::updateSac(const Batch &b, std::mt19937_64 &rng) {
  size_t B = opts.batch, A = opts.task.actDim;
  rl::BatchShape shape{B, A};
  SacLosses out;
  const bool v1 = isSacV1();
  // v1 runs at temperature 1 (its rewards carry the scale instead).
  float alpha = v1 ? 1.0f : temp->alpha();
  std::normal_distribution<float> n(0.0f, 1.0f);
  auto draw = [&] {
    for (float &e : noise)
      e = n(rng);
  };
  auto bind = [](rt::CompiledFunction &f, const char *arg, const float *p) {
    f.bindArg(arg, const_cast<float *>(p));
  };
  const float *r = b.reward;
  if (opts.rewardScale != 1.0) {
    rl::scaleRewards(B, b.reward, float(opts.rewardScale), reward.data());
    r = reward.data();
  }

  // Features of (o, a) and of o'.
  const float *zO = b.obs, *zOA = nullptr, *zONext = b.nextObs;
  if (ofe) {
    rt::CompiledFunction &feat = fn("feat.forward");
    bind(feat, "input:0", b.obs);
    bind(feat, "input:1", b.act);
    rt::CompiledFunction &zo = fn("zo.forward");
    bind(zo, "input:0", b.nextObs);
    exec::runSideBySide([&] { feat.run(); }, [&] { zo.run(); });
    zO = feat.result("output:0");
    zOA = feat.result("output:1");
    zONext = zo.result("output:0");
  }

  if (v1) {
    // Bellman targets from the target value network: V'(z_o').
    rt::CompiledFunction &vt = fn("vt");
    bind(vt, "input:0", zONext);
    vt.run();
    rl::valueBellmanTargets(B, r, b.terminated, vt.result("output:0"),
                            opts.gamma, y.data());
  } else {
    // Bellman targets from the target critics at a' ~ pi(s').
    rt::CompiledFunction &pi = fn("pi.forward");
    bind(pi, "input:0", zONext);
    pi.run();
    draw();
    rl::tanhGaussianSample(shape, pi.result("output:0"), pi.result("output:1"),
                           noise.data(), action.data(), logProb.data());
    rt::CompiledFunction &q1t = fn("q1t"), &q2t = fn("q2t");
    const float *zOANext = nullptr; // z_oa(o', a'), computed once for both
    if (ofe) {
      rt::CompiledFunction &zoa = fn("zoa.forward");
      bind(zoa, "input:0", zONext);
      bind(zoa, "input:1", action.data());
      zoa.run();
      zOANext = zoa.result("output:0");
    }
    for (rt::CompiledFunction *q : {&q1t, &q2t}) {
      if (ofe) {
        bind(*q, "input:0", zOANext);
      } else {
        bind(*q, "input:0", b.nextObs);
        bind(*q, "input:1", action.data());
      }
    }
    exec::runSideBySide([&] { q1t.run(); }, [&] { q2t.run(); });
    rl::bellmanTargets(B, r, b.terminated, q1t.result("output:0"),
                       q2t.result("output:0"), logProb.data(), opts.gamma,
                       alpha, y.data());
  }

  // Critic updates.
  rt::CompiledFunction &q1 = fn("q1.step"), &q2 = fn("q2.step");
  for (rt::CompiledFunction *q : {&q1, &q2}) {
    if (ofe) {
      bind(*q, "input:0", zOA);
    } else {
      bind(*q, "input:0", b.obs);
      bind(*q, "input:1", b.act);
    }
    bind(*q, "target", y.data());
  }
  exec::runSideBySide([&] { q1.run(); }, [&] { q2.run(); });
  out.q1 = *q1.result("loss");
  out.q2 = *q2.result("loss");

  // Policy: a ~ pi(s), dQ/da through the critics (and phi_oa), then the
  // tanh-Gaussian backward and pi's own backward with Adam. Q is min(Q1, Q2)
  // in v2, Q1 in v1. The critics have taken this step's update already (as
  // in SB3 and CleanRL; the reference code computes every loss first).
  rt::CompiledFunction &piFwd = fn("pi.fwd");
  bind(piFwd, "input:0", zO);
  piFwd.run();
  std::copy_n(piFwd.result("output:0"), B * A, mean.begin());
  std::copy_n(piFwd.result("output:1"), B * A, logStd.begin());
  draw();
  rl::tanhGaussianSample(shape, mean.data(), logStd.data(), noise.data(),
                         action.data(), logProb.data());
  // One run gives the critics' values and the gradient in a (v2: the
  // chain's ofex.min routes each row's cotangent to the smaller critic).
  rt::CompiledFunction &qaGrad = fn("qa.grad");
  bind(qaGrad, "input:0", zO);
  bind(qaGrad, "input:1", action.data());
  bind(qaGrad, "cotangent:0", ones.data());
  if (v1)
    bind(qaGrad, "cotangent:1", zerosB.data());
  qaGrad.run();
  std::copy_n(qaGrad.result("output:0"), B, qMin.begin());
  out.pi = rl::policyLoss(B, logProb.data(), qMin.data(), alpha);
  rl::policyLossBackward(shape, mean.data(), logStd.data(), noise.data(),
                         qaGrad.result("d:input:1"), alpha, dMean.data(),
                         dLogStd.data());
  rt::CompiledFunction &piStep = fn("pi.step");
  bind(piStep, "input:0", zO);
  bind(piStep, "cotangent:0", dMean.data());
  bind(piStep, "cotangent:1", dLogStd.data());
  piStep.run();

  if (v1) {
    // V(z_o) towards min(Q1, Q2) - log pi at the same fresh action.
    rl::softValueTargets(B, qaGrad.result("output:0"),
                         qaGrad.result("output:1"), logProb.data(), alpha,
                         y.data());
    rt::CompiledFunction &v = fn("v.step");
    bind(v, "input:0", zO);
    bind(v, "target", y.data());
    v.run();
    out.v = *v.result("loss");
    out.alphaValue = alpha;
  } else {
    out.alpha = temp->update(B, logProb.data());
    out.alphaValue = temp->alpha();
  }
  double entropy = 0;
  for (float lp : logProb)
    entropy -= lp / B;
  out.entropy = entropy;
  for (const std::string &p : targetParams) {
    std::vector<float> &online = state.at(p);
    rl::polyakUpdate(online.size(), online.data(), opts.tau,
                     state.at("target:" + p).data());
  }
  return out;
}

} // namespace ofex::train
