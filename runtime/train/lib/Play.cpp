//===- Play.cpp - run a shipped policy by itself --------------------------===//

#include "ofex/train/Play.h"

#include "ofex/OfexOps.h"
#include "ofex/Pipelines/Compile.h"
#include "ofex/Support/ModuleIO.h"
#include "ofex/envs/Registry.h"
#include "ofex/rl/ActionScaling.h"
#include "ofex/rl/Checkpoint.h"
#include "ofex/rl/TanhGaussian.h"
#include "ofex/rt/CompiledFunction.h"

#include "mlir/IR/MLIRContext.h"

#include <chrono>
#include <filesystem>
#include <stdexcept>

using namespace mlir;
namespace fs = std::filesystem;

namespace ofex::train {

PlayResult play(const std::string &dir, int64_t episodes,
                std::optional<uint64_t> seedOption) {
  std::string ir = (fs::path(dir) / "deploy.mlir").string();
  std::string bin = (fs::path(dir) / "deploy.bin").string();
  MLIRContext context;
  std::string error;
  OwningOpRef<ModuleOp> deploy = loadModule(context, ir, error);
  if (!deploy)
    throw std::invalid_argument(error);
  rl::Checkpoint weights;
  try {
    weights = rl::loadCheckpoint(bin, std::string("ofex-deploy-1"));
  } catch (const std::runtime_error &e) {
    throw std::invalid_argument(e.what());
  }
  PlayResult r;
  r.env = weights.getString("env");
  uint64_t seed = seedOption ? *seedOption : weights.getUInt("eval_seed");
  auto task = envs::makeTask(r.env);
  envs::TaskSpec spec = task->spec();

  auto models = deploy->getOps<ModelOp>();
  if (models.empty())
    throw std::invalid_argument(ir + ": no ofex.model in the deployment");
  int64_t obsDim =
      unitsOf((*models.begin()).getBody().getArgument(0).getType());
  if (obsDim != spec.obs_dim)
    throw std::invalid_argument(ir + ": the policy reads " +
                                std::to_string(obsDim) +
                                " observation entries but " + r.env + " has " +
                                std::to_string(spec.obs_dim));
  rt::StateStore store;
  deploy->walk([&](ParamOp p) {
    std::string key = paramKey(p);
    int64_t n = p.getType().cast<ShapedType>().getNumElements();
    if (!weights.hasFloats(key))
      throw std::invalid_argument(bin + ": no weights for param '" + key + "'");
    const std::vector<float> &w = weights.floats(key);
    if (int64_t(w.size()) != n)
      throw std::invalid_argument(
          bin + ": param '" + key + "' has " + std::to_string(w.size()) +
          " weights, the model wants " + std::to_string(n));
    store.set(key, w);
    r.params += n;
  });
  OwningOpRef<ModuleOp> compiled = compilePolicy(*deploy);
  if (!compiled)
    throw std::runtime_error(ir + ": the policy does not compile");
  rt::CompiledFunction policy(
      compiled->lookupSymbol<func::FuncOp>("policy.forward"), store);

  size_t A = spec.act_dim;
  std::vector<float> low(spec.act_low.begin(), spec.act_low.end());
  std::vector<float> high(spec.act_high.begin(), spec.act_high.end());
  std::vector<float> obs, a(A), ea(A);
  double seconds = 0;
  int64_t steps = 0;
  using Clock = std::chrono::steady_clock;
  for (int64_t e = 0; e < episodes; ++e) {
    std::vector<double> o = task->reset(seed + uint64_t(e));
    double ret = 0;
    int64_t len = 0;
    while (true) {
      obs.assign(o.begin(), o.end());
      auto start = Clock::now();
      policy.bindArg("input:0", obs.data());
      policy.run();
      rl::tanhGaussianMeanAction({1, A}, policy.result("output:0"), a.data());
      seconds += std::chrono::duration<double>(Clock::now() - start).count();
      rl::scaleActionsToBox({1, A}, a.data(), low.data(), high.data(),
                            ea.data());
      envs::StepResult s = task->step(ea);
      ret += s.reward;
      ++len;
      ++steps;
      o = s.obs;
      if (s.terminated || s.truncated)
        break;
    }
    r.returns.push_back(ret);
    r.lengths.push_back(len);
  }
  r.latencyUs = steps ? seconds * 1e6 / steps : 0;
  return r;
}

} // namespace ofex::train
