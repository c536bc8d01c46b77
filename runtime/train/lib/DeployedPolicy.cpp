//===- DeployedPolicy.cpp - a shipped policy, loaded and compiled ---------===//

#include "ofex/train/DeployedPolicy.h"

#include "ofex/OfexOps.h"
#include "ofex/Pipelines/Compile.h"
#include "ofex/Support/ModuleIO.h"
#include "ofex/envs/Registry.h"
#include "ofex/io/Checkpoint.h"
#include "ofex/rl/TanhGaussian.h"
#include "ofex/rt/CompiledFunction.h"

#include "mlir/IR/MLIRContext.h"

#include <filesystem>
#include <stdexcept>

using namespace mlir;
namespace fs = std::filesystem;

namespace ofex::train {

struct DeployedPolicy::Impl {
  MLIRContext context;
  OwningOpRef<ModuleOp> compiled;
  rt::StateStore store;
  std::unique_ptr<rt::CompiledFunction> policy;
  std::string env;
  envs::TaskSpec spec;
  uint64_t evalSeed = 0;
  int64_t obsDim = 0, actDim = 0, params = 0;

  /// The policy's sizes from the model, checked against its task's: weights
  /// of another task's policy fail here, with the reason, rather than at
  /// the first parameter that does not fit.
  void checkSizes(ModuleOp deploy, const std::string &ir,
                  const std::string &bin);
  /// Every param, running statistic and (expectation-mode) theta of the
  /// model from the weights file, each at the model's size.
  void loadWeights(ModuleOp deploy, const io::Checkpoint &weights,
                   const std::string &bin);
};

void DeployedPolicy::Impl::checkSizes(ModuleOp deploy, const std::string &ir,
                                      const std::string &bin) {
  auto models = deploy.getOps<ModelOp>();
  if (models.empty())
    throw std::invalid_argument(ir + ": no ofex.model in the deployment");
  obsDim = unitsOf((*models.begin()).getBody().getArgument(0).getType());
  deploy.walk([&](NetworkOp n) {
    if (n.getFamily() == Family::pi)
      actDim = unitsOf(n.getResultTypes()[0]);
  });
  if (actDim == 0)
    throw std::invalid_argument(ir + ": no policy network (family pi)");
  // An unknown task is the file's fault (std::invalid_argument, named
  // here); a missing model file is the installation's and passes through.
  try {
    spec = envs::makeTask(env)->spec();
  } catch (const std::invalid_argument &e) {
    throw std::invalid_argument(bin + ": " + e.what());
  }
  if (obsDim != spec.obs_dim)
    throw std::invalid_argument(ir + ": the policy reads " +
                                std::to_string(obsDim) +
                                " observation entries but " + env + " has " +
                                std::to_string(spec.obs_dim));
  if (actDim != spec.act_dim)
    throw std::invalid_argument(ir + ": the policy has " +
                                std::to_string(actDim) + " actions but " + env +
                                " has " + std::to_string(spec.act_dim));
}

void DeployedPolicy::Impl::loadWeights(ModuleOp deploy,
                                       const io::Checkpoint &weights,
                                       const std::string &bin) {
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
  deploy.walk(
      [&](ParamOp p) { params += load(paramKey(p), p.getType(), "param"); });
  // Batch norm's running statistics normalise the policy's observations.
  deploy.walk([&](StatOp s) { load(statKey(s), s.getType(), "statistic"); });
  // Gates kept at their expectation scale their units by theta.
  deploy.walk([&](ThetaOp t) {
    load(rt::thetaKey(groupName(t)), t.getType(), "theta");
  });
}

DeployedPolicy::DeployedPolicy(const std::string &dir, int64_t step)
    : impl(std::make_unique<Impl>()) {
  fs::path irDir =
      step < 0 ? fs::path(dir)
               : fs::path(dir) / "ir" / ("step-" + std::to_string(step));
  std::string ir = (irDir / "deploy.mlir").string();
  std::string bin = (irDir / "deploy.bin").string();
  std::string error;
  OwningOpRef<ModuleOp> deploy = loadModule(impl->context, ir, error);
  if (!deploy)
    throw std::invalid_argument(error);
  io::Checkpoint weights;
  try {
    weights = io::loadCheckpoint(bin, std::string("ofex-deploy-1"));
  } catch (const std::runtime_error &e) {
    throw std::invalid_argument(e.what());
  }
  impl->env = weights.getString("env");
  impl->evalSeed = weights.getUInt("eval_seed");
  impl->checkSizes(*deploy, ir, bin);
  impl->loadWeights(*deploy, weights, bin);
  impl->compiled = compilePolicy(*deploy);
  if (!impl->compiled)
    throw std::runtime_error(ir + ": the policy does not compile");
  impl->policy = std::make_unique<rt::CompiledFunction>(
      impl->compiled->lookupSymbol<func::FuncOp>("policy.forward"),
      impl->store);
}

DeployedPolicy::~DeployedPolicy() = default;
DeployedPolicy::DeployedPolicy(DeployedPolicy &&) noexcept = default;
DeployedPolicy &DeployedPolicy::operator=(DeployedPolicy &&) noexcept = default;

const std::string &DeployedPolicy::env() const { return impl->env; }
uint64_t DeployedPolicy::evalSeed() const { return impl->evalSeed; }
int64_t DeployedPolicy::obsDim() const { return impl->obsDim; }
int64_t DeployedPolicy::actDim() const { return impl->actDim; }
int64_t DeployedPolicy::params() const { return impl->params; }
const envs::TaskSpec &DeployedPolicy::taskSpec() const { return impl->spec; }

void DeployedPolicy::act(const float *obs, float *action) {
  impl->policy->bindArg("input:0", const_cast<float *>(obs));
  impl->policy->run();
  rl::tanhGaussianMeanAction({1, size_t(impl->actDim)},
                             impl->policy->result("output:0"), action);
}

} // namespace ofex::train
