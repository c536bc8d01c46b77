//===- Play.cpp - run a shipped policy by itself --------------------------===//

#include "ofex/train/Play.h"
#include "ofex/train/Episode.h"

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
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <stdexcept>

using namespace mlir;
namespace fs = std::filesystem;

namespace ofex::train {

PlayResult play(const std::string &dir, int64_t episodes,
                std::optional<uint64_t> seedOption, std::ostream *actions) {
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
  auto load = [&](const std::string &key, Type type, const char *what) {
    int64_t n = type.cast<ShapedType>().getNumElements();
    if (!weights.hasFloats(key))
      throw std::invalid_argument(bin + ": no values for " + what + " '" + key +
                                  "'");
    const std::vector<float> &w = weights.floats(key);
    if (int64_t(w.size()) != n)
      throw std::invalid_argument(
          bin + ": " + what + " '" + key + "' has " + std::to_string(w.size()) +
          " values, the model wants " + std::to_string(n));
    store.set(key, w);
    return n;
  };
  deploy->walk(
      [&](ParamOp p) { r.params += load(paramKey(p), p.getType(), "param"); });
  // Batch norm's running statistics normalise the policy's observations.
  deploy->walk([&](StatOp s) { load(statKey(s), s.getType(), "statistic"); });
  // Gates kept at their expectation scale their units by theta.
  deploy->walk([&](ThetaOp t) {
    load(rt::thetaKey(groupName(t)), t.getType(), "theta");
  });
  OwningOpRef<ModuleOp> compiled = compilePolicy(*deploy);
  if (!compiled)
    throw std::runtime_error(ir + ": the policy does not compile");
  rt::CompiledFunction policy(
      compiled->lookupSymbol<func::FuncOp>("policy.forward"), store);

  size_t A = spec.act_dim;
  std::vector<float> low(spec.act_low.begin(), spec.act_low.end()),
      high(spec.act_high.begin(), spec.act_high.end()), envAction(A);
  double seconds = 0;
  int64_t steps = 0;
  using Clock = std::chrono::steady_clock;
  Policy timed = [&](const float *obs, float *a) {
    auto start = Clock::now();
    policy.bindArg("input:0", const_cast<float *>(obs));
    policy.run();
    rl::tanhGaussianMeanAction({1, A}, policy.result("output:0"), a);
    seconds += std::chrono::duration<double>(Clock::now() - start).count();
    if (!actions)
      return;
    rl::scaleActionsToBox({1, A}, a, low.data(), high.data(), envAction.data());
    char buf[32];
    for (size_t i = 0; i < size_t(obsDim); ++i) {
      std::snprintf(buf, sizeof buf, "%.9g,", obs[i]);
      *actions << buf;
    }
    for (size_t j = 0; j < A; ++j) {
      std::snprintf(buf, sizeof buf, j + 1 < A ? "%.9g," : "%.9g\n",
                    envAction[j]);
      *actions << buf;
    }
  };
  for (int64_t e = 0; e < episodes; ++e) {
    EpisodeResult ep = runEpisode(*task, seed + uint64_t(e), timed);
    r.returns.push_back(ep.ret);
    r.lengths.push_back(ep.length);
    steps += ep.length;
  }
  r.latencyUs = steps ? seconds * 1e6 / steps : 0;
  return r;
}

} // namespace ofex::train
