//===- GateProbe.cpp - the exact effect of single gates -------------------===//

#include "ofex/train/GateProbe.h"

#include "ofex/OfexOps.h"
#include "ofex/Pipelines/Compile.h"
#include "ofex/Pipelines/SacOfePipeline.h"
#include "ofex/Support/ModuleIO.h"
#include "ofex/Transforms/Passes.h"
#include "ofex/rl/TanhGaussian.h"
#include "ofex/rt/CompiledFunction.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>

using namespace mlir;

namespace ofex::train {

namespace {
/// Mean and standard error of a stream of samples.
struct Moments {
  double sum = 0, squares = 0;
  int64_t n = 0;
  void add(double x) {
    sum += x;
    squares += x * x;
    ++n;
  }
  double mean() const { return n ? sum / n : 0.0; }
  double stderror() const {
    if (n < 2)
      return 0.0;
    double m = mean();
    double var = std::max(0.0, (squares - n * m * m) / (n - 1));
    return std::sqrt(var / n);
  }
};

/// Live units of a group spread over its theta range: sorted by theta, the
/// lowest, the highest and evenly spaced ranks between (all when `n` is 0
/// or at least the live count).
std::vector<int64_t> sampleUnits(const std::vector<float> &theta, int64_t n) {
  std::vector<int64_t> live;
  for (int64_t j = 0; j < int64_t(theta.size()); ++j)
    if (theta[j] > 0.0f)
      live.push_back(j);
  std::stable_sort(live.begin(), live.end(),
                   [&](int64_t a, int64_t b) { return theta[a] < theta[b]; });
  std::vector<int64_t> picked;
  if (n <= 0 || n >= int64_t(live.size())) {
    picked = live;
  } else if (n == 1) {
    picked.push_back(live[live.size() / 2]);
  } else {
    for (int64_t i = 0; i < n; ++i)
      picked.push_back(live[(i * (int64_t(live.size()) - 1)) / (n - 1)]);
  }
  std::sort(picked.begin(), picked.end());
  picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
  return picked;
}

/// The probe's own functions: the agent's losses without Adam, running
/// statistics updates or param gradients, on the agent's state.
class Probe {
public:
  Probe(Agent &agent, const ProbeOptions &options);
  std::vector<ProbeRow> run(const rl::ReplayBuffer &replay);

private:
  void compile();
  /// The auxiliary loss of pair `p` (its dL/dxi stay in the results).
  float ofeLoss(size_t p);
  /// The policy loss of pair `p`; with `backward`, also runs pi's backward
  /// for its dL/dxi.
  float piLoss(size_t p, bool backward);
  void bindIfPresent(rt::CompiledFunction &f, const std::string &arg,
                     const float *data);
  /// The pairs' batches, OFENet targets and policy noise, and their z_o.
  void samplePairs(const rl::ReplayBuffer &replay);
  void featuresOfPairs();
  /// Per unit, the straight-through gradient dL/dxi over the pairs, at the
  /// gates as they are.
  std::map<std::string, std::vector<Moments>> straightThrough();
  /// Delta of unit k of group g over the pairs: E[L | xi_k = 1] -
  /// E[L | xi_k = 0], every other draw unchanged.
  Moments exactDelta(const GateGroup &g, int64_t k);
  size_t pairs() const { return size_t(opts.batches * opts.draws); }

  Agent &agent;
  const AgentOptions &ao;
  ProbeOptions opts;
  bool ofe = false;
  MLIRContext context;
  OwningOpRef<ModuleOp> model, compiled;
  std::unique_ptr<CostModel> cost;
  std::map<std::string, std::unique_ptr<rt::CompiledFunction>> fns;
  // Per pair (batch, draw): inputs, OFENet targets, policy noise, z_o.
  std::vector<std::vector<float>> obs, act, target, noise, zo;
  std::vector<float> mean, logStd, action, logProb, dMean, dLogStd, ones, zeros;
};

Probe::Probe(Agent &a, const ProbeOptions &o)
    : agent(a), ao(a.options()), opts(o) {
  if (opts.batches <= 0 || opts.draws <= 0)
    throw std::invalid_argument("the probe needs at least one batch and draw");
  std::string error;
  const std::string what = "the agent's model";
  model = parseModule(
      context, llvm::MemoryBuffer::getMemBufferCopy(agent.modelIR(), what),
      what, error);
  if (!model)
    throw std::runtime_error(error);
  auto derived = CostModel::derive(*model);
  if (failed(derived))
    throw std::runtime_error("complexity analysis of the agent's model failed");
  cost = std::make_unique<CostModel>(std::move(*derived));
  applyCostOptions(*cost, ao.prune, /*unpruned=*/false);
  if (cost->groups().empty())
    throw std::invalid_argument(
        "the model has no gates to probe (not a pruning run)");
  ofe = bool(model->lookupSymbol<NetworkOp>("phi_o"));
  compile();
}

void Probe::compile() {
  // The probe's own functions from the agent's model, built as the
  // training pipeline builds the agent's (ofex-sac-ofe-pipeline), without
  // param gradients or Adam: they only measure losses.
  PassManager pm(&context);
  auto chain = [&](const std::vector<std::string> &nets,
                   const std::string &name,
                   bool training) { addChain(pm, nets, name, training); };
  auto gradOf = [&](const std::string &fwd, const std::string &name,
                    const std::string &loss, const std::string &saved = "") {
    DifferentiateOptions d;
    d.func = fwd;
    d.gradName = name;
    d.loss = loss;
    d.inputGrads = false;
    d.paramGrads = false;
    d.savedForward = saved;
    pm.addPass(createDifferentiate(d));
  };
  std::vector<std::string> names;
  if (ofe) {
    // As ofe.step: batch statistics, the MSE to o_{t+1}'s first entries.
    chain({"phi_o", "phi_oa", "aux"}, "probe.ofe.forward", true);
    gradOf("probe.ofe.forward", "probe.ofe", "mse");
    chain({"phi_o"}, "probe.zo", false);
    names = {"probe.ofe", "probe.zo"};
  }
  chain({"pi"}, "probe.pi.forward", false);
  gradOf("probe.pi.forward", "probe.pi.step", "none", "probe.pi.fwd");
  std::vector<std::string> qa = {"q1", "q2"};
  if (ofe)
    qa.insert(qa.begin(), "phi_oa");
  chain(qa, "probe.qa.forward", false);
  addPolicyCriticGrad(pm, "probe.qa.forward", "probe.qa.grad",
                      ao.sac == SacVariant::V2);
  for (const char *f : {"probe.pi.fwd", "probe.pi.step", "probe.qa.grad"})
    names.push_back(f);
  ModuleOp m = *model;
  if (failed(pm.run(m)))
    throw std::runtime_error("building the probe's functions failed");
  compiled = compileFunctions(m, names, ao.batch);
  if (!compiled)
    throw std::runtime_error("lowering the probe's functions failed");
  // Seeds apart from the agent's (seed * 7919 + k): the probe's draws are
  // its own, the same for every unit it probes.
  uint64_t seed = opts.seed * 104729 + 17;
  for (const std::string &name : names)
    fns[name] = std::make_unique<rt::CompiledFunction>(
        compiled->lookupSymbol<func::FuncOp>(name), agent.store(), seed++);
  rt::CompiledFunction &fwd = *fns.at("probe.pi.fwd");
  rt::CompiledFunction &step = *fns.at("probe.pi.step");
  for (const std::string &r : fwd.resultNames())
    if (r.rfind("saved:", 0) == 0)
      step.bindArg(r, const_cast<float *>(fwd.result(r)));
}

void Probe::bindIfPresent(rt::CompiledFunction &f, const std::string &arg,
                          const float *data) {
  if (f.plan().find("arg:" + arg) != exec::kNoBuffer)
    f.bindArg(arg, const_cast<float *>(data));
}

float Probe::ofeLoss(size_t p) {
  rt::CompiledFunction &f = *fns.at("probe.ofe");
  f.exec().setSamplerCounter(p);
  f.bindArg("input:0", obs[p].data());
  f.bindArg("input:1", act[p].data());
  f.bindArg("target", target[p].data());
  f.run();
  return *f.result("loss");
}

float Probe::piLoss(size_t p, bool backward) {
  const size_t B = ao.batch, A = ao.task.actDim;
  const rl::BatchShape shape{B, A};
  // SAC v1: temperature 1 and Q1 alone (its cotangent 1, Q2's 0).
  const bool v1 = ao.sac == SacVariant::V1;
  const float alpha = v1 ? 1.0f : agent.temperature().alpha();
  rt::CompiledFunction &fwd = *fns.at("probe.pi.fwd");
  fwd.exec().setSamplerCounter(p);
  fwd.bindArg("input:0", zo[p].data());
  fwd.run();
  std::copy_n(fwd.result("output:0"), B * A, mean.begin());
  std::copy_n(fwd.result("output:1"), B * A, logStd.begin());
  rl::tanhGaussianSample(shape, mean.data(), logStd.data(), noise[p].data(),
                         action.data(), logProb.data());
  rt::CompiledFunction &qa = *fns.at("probe.qa.grad");
  qa.exec().setSamplerCounter(p);
  qa.bindArg("input:0", zo[p].data());
  qa.bindArg("input:1", action.data());
  qa.bindArg("cotangent:0", ones.data());
  if (v1)
    qa.bindArg("cotangent:1", zeros.data());
  qa.run();
  float loss = rl::policyLoss(B, logProb.data(), qa.result("output:0"), alpha);
  if (backward) {
    rl::policyLossBackward(shape, mean.data(), logStd.data(), noise[p].data(),
                           qa.result("d:input:1"), alpha, dMean.data(),
                           dLogStd.data());
    rt::CompiledFunction &step = *fns.at("probe.pi.step");
    bindIfPresent(step, "input:0", zo[p].data());
    step.bindArg("cotangent:0", dMean.data());
    step.bindArg("cotangent:1", dLogStd.data());
    step.run();
  }
  return loss;
}

void Probe::samplePairs(const rl::ReplayBuffer &replay) {
  const size_t B = ao.batch, O = ao.task.obsDim, A = ao.task.actDim;
  const size_t T = std::max<int64_t>(ao.task.targetDim, 1);
  std::mt19937_64 rng(opts.seed), noiseRng(opts.seed + 1);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> o(B * O), a(B * A), r(B), next(B * O), term(B);
  for (size_t p = 0; p < pairs(); ++p) {
    // A new batch every `draws` pairs; each pair its own policy noise.
    if (p % opts.draws == 0)
      replay.sample(B, rng,
                    {o.data(), a.data(), r.data(), next.data(), term.data()});
    obs.push_back(o);
    act.push_back(a);
    std::vector<float> t(B * T, 0.0f);
    for (size_t row = 0; row < B && ofe; ++row)
      std::memcpy(&t[row * T], &next[row * O], T * sizeof(float));
    target.push_back(t);
    std::vector<float> eps(B * A);
    for (float &e : eps)
      e = normal(noiseRng);
    noise.push_back(eps);
  }
}

void Probe::featuresOfPairs() {
  // z_o of each pair: pi's gates do not change it, so it is computed once
  // (with that pair's draws of phi_o's gates).
  for (size_t p = 0; p < pairs(); ++p) {
    if (!ofe) {
      zo.push_back(obs[p]);
      continue;
    }
    rt::CompiledFunction &f = *fns.at("probe.zo");
    f.exec().setSamplerCounter(p);
    f.bindArg("input:0", obs[p].data());
    f.run();
    const float *z = f.result("output:0");
    zo.emplace_back(z, z + f.resultSize("output:0"));
  }
}

std::map<std::string, std::vector<Moments>> Probe::straightThrough() {
  std::map<std::string, std::vector<Moments>> st;
  for (const GateGroup &g : cost->groups())
    st[g.name].resize(g.units);
  auto collect = [&](rt::CompiledFunction &f) {
    for (const std::string &name : f.resultNames())
      if (name.rfind("d:xi:", 0) == 0 && st.count(name.substr(5))) {
        std::vector<Moments> &m = st[name.substr(5)];
        const float *g = f.result(name);
        for (size_t j = 0; j < m.size(); ++j)
          m[j].add(g[j]);
      }
  };
  for (size_t p = 0; p < pairs(); ++p) {
    if (ofe) {
      ofeLoss(p);
      collect(*fns.at("probe.ofe"));
    }
    piLoss(p, /*backward=*/true);
    collect(*fns.at("probe.pi.step"));
  }
  return st;
}

Moments Probe::exactDelta(const GateGroup &g, int64_t k) {
  std::vector<float> &theta = agent.store().at(rt::thetaKey(g.name));
  const float saved = theta[k];
  Moments delta;
  for (size_t p = 0; p < pairs(); ++p) {
    float on, off;
    theta[k] = 1.0f; // xi_k = 1 for certain; every other draw unchanged
    on = g.family == Family::ofe ? ofeLoss(p) : piLoss(p, false);
    theta[k] = 0.0f;
    off = g.family == Family::ofe ? ofeLoss(p) : piLoss(p, false);
    delta.add(double(on) - double(off));
  }
  theta[k] = saved;
  return delta;
}

std::vector<ProbeRow> Probe::run(const rl::ReplayBuffer &replay) {
  if (replay.size() == 0)
    throw std::invalid_argument("the replay buffer is empty");
  const size_t B = ao.batch, A = ao.task.actDim;
  samplePairs(replay);
  for (auto *v : {&mean, &logStd, &action, &dMean, &dLogStd})
    v->assign(B * A, 0.0f);
  logProb.assign(B, 0.0f);
  ones.assign(B, 1.0f);
  zeros.assign(B, 0.0f);
  featuresOfPairs();

  rt::StateStore &state = agent.store();
  std::vector<float> thetaFlat(cost->numUnits(), 0.0f), penalty;
  for (const GateGroup &g : cost->groups()) {
    const std::vector<float> &t = state.at(rt::thetaKey(g.name));
    std::copy(t.begin(), t.end(), thetaFlat.begin() + g.offset);
  }
  cost->penalties(thetaFlat, ao.prune.coefficients, penalty);
  std::map<std::string, std::vector<Moments>> st = straightThrough();

  std::vector<ProbeRow> rows;
  for (const GateGroup &g : cost->groups()) {
    if (g.family != Family::ofe && g.family != Family::pi)
      continue;
    if (g.family == Family::ofe && !ofe)
      continue;
    const std::vector<float> &theta = state.at(rt::thetaKey(g.name));
    for (int64_t k : sampleUnits(theta, opts.unitsPerGroup)) {
      ProbeRow row;
      row.group = g.name;
      row.unit = k;
      row.theta = theta[k];
      Moments delta = exactDelta(g, k);
      row.delta = delta.mean();
      row.deltaStderr = delta.stderror();
      row.straightThrough = st[g.name][k].mean();
      row.straightThroughStderr = st[g.name][k].stderror();
      row.penalty = penalty[g.offset + k];
      rows.push_back(row);
    }
  }
  return rows;
}
} // namespace

std::vector<ProbeRow> probeGates(Agent &agent, const rl::ReplayBuffer &replay,
                                 const ProbeOptions &options) {
  Probe probe(agent, options);
  return probe.run(replay);
}

std::string gateProbeCsv(const std::vector<ProbeRow> &rows) {
  std::ostringstream s;
  s.precision(9);
  s << "group,unit,theta,delta,delta_se,straight_through,straight_through_se,"
       "penalty,delta_plus_c,straight_through_plus_c\n";
  for (const ProbeRow &r : rows)
    s << r.group << ',' << r.unit << ',' << r.theta << ',' << r.delta << ','
      << r.deltaStderr << ',' << r.straightThrough << ','
      << r.straightThroughStderr << ',' << r.penalty << ','
      << r.delta + r.penalty << ',' << r.straightThrough + r.penalty << '\n';
  return s.str();
}

} // namespace ofex::train
