//===- Bench.cpp - timing compiled networks and whole updates -------------===//

#include "Bench.h"

#include "ofex/Analysis/Complexity.h"
#include "ofex/OfexDialect.h"
#include "ofex/OfexOps.h"
#include "ofex/Pipelines/Compile.h"
#include "ofex/Reference/Interpreter.h"
#include "ofex/Support/ModuleIO.h"
#include "ofex/Transforms/Differentiate.h"
#include "ofex/exec/Executor.h"

#include "llvm/Support/MemoryBuffer.h"

#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <stdexcept>

using namespace mlir;

namespace ofex::bench {

double timeIt(const std::function<void()> &fn, double seconds) {
  using Clock = std::chrono::steady_clock;
  for (int i = 0; i < 5; ++i)
    fn();
  auto start = Clock::now();
  int runs = 0;
  double elapsed = 0;
  while (runs < 20 || elapsed < seconds) {
    fn();
    ++runs;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  }
  return elapsed * 1e3 / runs;
}

namespace {
std::vector<float> noise(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> d(0.0f, 1.0f);
  std::vector<float> v(n);
  for (float &x : v)
    x = d(rng);
  return v;
}
} // namespace

std::vector<Timing> benchNetwork(const PresetOptions &preset,
                                 const std::string &network, int64_t batch,
                                 double seconds) {
  MLIRContext context;
  std::string error;
  auto module = buildPreset(context, preset, error);
  if (!module)
    throw std::invalid_argument(error);
  auto net = module->lookupSymbol<NetworkOp>(network);
  if (!net)
    throw std::invalid_argument("--network: the preset has no network '" +
                                network + "'");
  auto fwd = buildChain(*module, {network}, "f.forward");
  if (failed(fwd))
    throw std::runtime_error("building the chain failed");
  GradOptions g;
  g.loss = net.getResultTypes().size() == 1 ? "mse" : "none";
  g.inputGrads = false;
  auto grad = differentiate(*fwd, g, "f.grad");
  auto upd = differentiate(*fwd, g, "f.update");
  if (failed(grad) || failed(upd))
    throw std::runtime_error("differentiation failed");
  appendAdamUpdates(*upd, {});
  auto compiled =
      compileFunctions(*module, {"f.forward", "f.grad", "f.update"}, batch);
  if (!compiled)
    throw std::runtime_error("lowering failed");

  rt::StateStore store;
  for (auto &[name, v] : ref::initParams(*module, 1))
    store.set(name, v);
  rt::openAllGates(store, *module);
  std::vector<Timing> out;
  // The per-step penalty evaluator of the whole model, for comparison with
  // one forward pass of the network.
  if (auto cost = CostModel::derive(*module); succeeded(cost)) {
    std::vector<float> theta(cost->numUnits(), 0.9f), penalties;
    out.push_back(
        {"penalties (model)",
         timeIt([&] { cost->penalties(theta, {}, penalties); }, seconds / 4),
         0});
  }
  std::vector<std::vector<float>> args;
  for (const char *name : {"f.forward", "f.grad", "f.update"}) {
    auto func = compiled->lookupSymbol<func::FuncOp>(name);
    rt::CompiledFunction f(func, store);
    for (unsigned i = 0; i < func.getNumArguments(); ++i) {
      auto t = func.getArgumentTypes()[i].cast<ShapedType>();
      args.push_back(noise(t.getNumElements(), i));
      f.bindArg(func.getArgAttrOfType<StringAttr>(i, "ofex.arg").str(),
                args.back().data());
    }
    std::string label = std::string(name) == "f.forward" ? "forward"
                        : std::string(name) == "f.grad"  ? "forward+backward"
                                                         : "update";
    out.push_back({label, timeIt([&] { f.run(); }, seconds), f.matmulFlops()});
  }
  return out;
}

Timing benchMatmul(int64_t batch, int64_t k, int64_t n, double seconds) {
  exec::Plan plan;
  exec::BufferId a = plan.addBuffer("a", batch, k, exec::Role::Owned);
  exec::BufferId w = plan.addBuffer("w", k, n, exec::Role::Owned);
  exec::BufferId c = plan.addBuffer("c", batch, n, exec::Role::Owned);
  exec::MatmulStep step;
  step.src = a;
  step.weights = w;
  step.dst = c;
  plan.addStep(step);
  exec::Executor e(std::move(plan));
  std::vector<float> av = noise(batch * k, 1), wv = noise(k * n, 2);
  e.bind("a", av.data());
  e.bind("w", wv.data());
  return {"matmul " + std::to_string(batch) + "x" + std::to_string(k) + "x" +
              std::to_string(n),
          timeIt([&] { e.run(); }, seconds), 2.0 * batch * k * n};
}

train::AgentOptions modelOptions(const std::string &path,
                                 const train::AgentOptions &base,
                                 const std::string &env) {
  MLIRContext context;
  context.getOrLoadDialect<OfexDialect>();
  std::string error;
  auto module = loadModule(context, path, error);
  if (!module)
    throw std::invalid_argument(error);
  // The agent sizes its batches by the task: a model of another task (or
  // without the o, a wiring) is refused, not run.
  auto wiring = module->getOps<ModelOp>();
  if (wiring.empty() || (*wiring.begin()).getBody().getNumArguments() != 2)
    throw std::invalid_argument(path + ": no ofex.model over (o, a)");
  Region &inputs = (*wiring.begin()).getBody();
  int64_t o = unitsOf(inputs.getArgument(0).getType()),
          a = unitsOf(inputs.getArgument(1).getType());
  const TaskDims &task = base.task;
  if (o != task.obsDim || a != task.actDim)
    throw std::invalid_argument(
        path + ": a model of " + std::to_string(o) + " observation and " +
        std::to_string(a) + " action entries, but " + env + " has " +
        std::to_string(task.obsDim) + " and " + std::to_string(task.actDim));
  train::AgentOptions mo = base;
  mo.preset = module->lookupSymbol<NetworkOp>("phi_o") ? "ofe-big" : "sac";
  // A model with the state-value network is SAC v1's, whose update runs it.
  mo.sac = module->lookupSymbol<NetworkOp>("v") ? train::SacVariant::V1
                                                : train::SacVariant::V2;
  bool gated = false;
  module->walk([&](ThetaOp) { gated = true; });
  mo.prune.enabled = gated;
  llvm::raw_string_ostream os(mo.modelText);
  module->print(os);
  return mo;
}

namespace {
/// A fixed batch of noise transitions (actions in [-1, 1]) and the update of
/// the agent on it.
struct NoiseUpdate {
  explicit NoiseUpdate(const train::AgentOptions &o)
      : obs(noise(o.batch * o.task.obsDim, 1)),
        next(noise(o.batch * o.task.obsDim, 2)),
        act(noise(o.batch * o.task.actDim, 3)), rew(noise(o.batch, 4)),
        term(o.batch, 0.0f) {
    for (float &a : act)
      a = std::tanh(a);
  }
  void operator()(train::Agent &agent) {
    train::Batch b{obs.data(), act.data(), rew.data(), next.data(),
                   term.data()};
    if (agent.hasOfe())
      agent.updateOfe(b);
    agent.updateSac(b, rng);
    agent.thetaStep(); // nothing without gates
  }
  std::vector<float> obs, next, act, rew, term;
  std::mt19937_64 rng{5};
};
} // namespace

Timing benchUpdate(const train::AgentOptions &options, double seconds,
                   std::vector<Timing> *profile, const std::string &breakdown) {
  train::Agent agent(options);
  NoiseUpdate update(options);
  double ms = timeIt([&] { update(agent); }, seconds);
  if (profile)
    for (auto &[name, e] : agent.executors())
      if (train::Agent::isUpdateFunction(name))
        profile->push_back({name,
                            timeIt([&, e = e] { e->run(); }, seconds / 10),
                            exec::planMatmulFlops(e->plan())});
  if (!breakdown.empty() && profile) {
    exec::Executor *e = nullptr;
    for (auto &[name, ex] : agent.executors())
      if (name == breakdown)
        e = ex;
    if (!e)
      throw std::invalid_argument("--breakdown: the update has no function '" +
                                  breakdown + "'");
    // Waiting after each step (runProfiled) costs a little; the kinds'
    // shares, not their sum, are the point.
    const exec::Plan &plan = e->plan();
    std::map<std::string, Timing> kinds;
    std::vector<double> ms;
    int runs = 0;
    double total = 0;
    for (; runs < 20 || total < seconds * 1e3 / 4; ++runs) {
      e->runProfiled(ms);
      for (size_t k = 0; k < ms.size(); ++k) {
        Timing &t = kinds[exec::stepKindName(plan.steps[k])];
        t.ms += ms[k];
        total += ms[k];
        if (runs == 0)
          t.flops += exec::stepMatmulFlops(plan, plan.steps[k]);
      }
    }
    for (auto &[kind, t] : kinds) {
      t.name = breakdown + "/" + kind;
      t.ms /= runs;
      profile->push_back(t);
    }
  }
  return {"update", ms, agent.flopsPerUpdate()};
}

namespace {
/// The layer of a state buffer's name, or "": "phi_o.l1.w" and
/// "target:q1.l2.b" belong to phi_o.l1 and q1.l2 when those are layers.
std::string layerOfState(llvm::StringRef name,
                         const std::map<std::string, LayerTime> &layers) {
  name.consume_front("target:");
  for (llvm::StringRef suffix :
       {".w", ".b", ".gamma", ".beta", ".mean", ".var"})
    if (name.consume_back(suffix))
      return layers.count(name.str()) ? name.str() : "";
  return "";
}

/// Adds one function's per-step times (ms per run) to the table's layers.
void attributeSteps(const exec::Plan &plan, const std::vector<double> &ms,
                    std::map<std::string, LayerTime> &layers) {
  // Params by buffer, then the gradients their Adam steps (and a norm's
  // backward step) read, so that the steps writing those count too.
  std::map<exec::BufferId, std::string> owner;
  for (size_t b = 0; b < plan.buffers.size(); ++b)
    if (plan.buffers[b].role == exec::Role::Owned)
      if (std::string l = layerOfState(plan.buffers[b].name, layers);
          !l.empty())
        owner[exec::BufferId(b)] = l;
  for (const exec::Step &step : plan.steps)
    if (auto *adam = std::get_if<exec::AdamStep>(&step)) {
      if (auto it = owner.find(adam->param); it != owner.end())
        owner[adam->grad] = it->second;
    } else if (auto *nb = std::get_if<exec::NormBackwardStep>(&step)) {
      if (auto it = owner.find(nb->scale); it != owner.end()) {
        owner[nb->diff_scale] = it->second;
        owner[nb->diff_shift] = it->second;
      }
    }
  auto isWeights = [&](exec::BufferId id) {
    return id >= 0 &&
           llvm::StringRef(plan.buffers[size_t(id)].name).endswith(".w");
  };
  std::map<std::string, double> matmul, other;
  double unowned = 0;
  for (size_t k = 0; k < plan.steps.size(); ++k) {
    const exec::Step &step = plan.steps[k];
    std::string layer;
    bool onWeights = false;
    if (auto *mm = std::get_if<exec::MatmulStep>(&step)) {
      for (exec::BufferId id : {mm->weights, mm->dst})
        if (auto it = owner.find(id); layer.empty() && it != owner.end())
          layer = it->second;
      onWeights = true;
    } else if (auto *adam = std::get_if<exec::AdamStep>(&step)) {
      if (auto it = owner.find(adam->param); it != owner.end())
        layer = it->second;
      onWeights = isWeights(adam->param);
    } else {
      exec::forEachOperand(step, [&](exec::BufferId id, exec::Access) {
        if (auto it = owner.find(id); layer.empty() && it != owner.end())
          layer = it->second;
      });
    }
    if (layer.empty())
      unowned += ms[k];
    else
      (onWeights ? matmul : other)[layer] += ms[k];
  }
  double owned = 0;
  for (auto &m : {&matmul, &other})
    for (auto &[l, t] : *m)
      owned += t;
  for (auto &[name, l] : layers) {
    double share = 0;
    if (owned > 0)
      share = unowned * (matmul[name] + other[name]) / owned;
    l.matmulMs += matmul[name];
    l.otherMs += other[name] + share;
  }
}
} // namespace

CostTable measureCostTable(const train::AgentOptions &options, double seconds) {
  train::Agent agent(options);
  MLIRContext context;
  context.getOrLoadDialect<OfexDialect>();
  std::string error;
  auto module = parseModule(
      context, llvm::MemoryBuffer::getMemBufferCopy(agent.modelIR(), "model"),
      "the agent's model", error);
  if (!module)
    throw std::runtime_error(error);
  auto cost = CostModel::derive(*module);
  if (failed(cost))
    throw std::runtime_error("complexity analysis failed");
  CostTable table;
  table.layers = cost->layers();
  // One update first, so that every function's inputs hold real values.
  NoiseUpdate first(options);
  first(agent);
  for (auto &[name, e] : agent.executors()) {
    if (!train::Agent::isUpdateFunction(name))
      continue;
    const exec::Plan &plan = e->plan();
    std::vector<double> sum(plan.steps.size(), 0.0), ms;
    double total = 0;
    int runs = 0;
    for (; runs < 20 || total < seconds * 1e3 / 4; ++runs) {
      e->runProfiled(ms);
      for (size_t k = 0; k < ms.size(); ++k) {
        sum[k] += ms[k];
        total += ms[k];
      }
    }
    for (double &v : sum)
      v /= runs;
    // A group of Adam steps runs as one parallel region, timed in its first
    // step's slot: share it out by the steps' element counts.
    for (const std::vector<size_t> &group : e->adamGroups()) {
      double elements = 0, ms = sum[group.front()];
      for (size_t k : group)
        elements += plan.buffer(std::get<exec::AdamStep>(plan.steps[k]).param)
                        .elements();
      for (size_t k : group)
        sum[k] = ms *
                 plan.buffer(std::get<exec::AdamStep>(plan.steps[k]).param)
                     .elements() /
                 elements;
    }
    attributeSteps(plan, sum, table.layers);
  }
  return table;
}

} // namespace ofex::bench
