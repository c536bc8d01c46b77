//===- TrainingGraphs.cpp - the training functions of the method ----------===//

#include "ofex/Pipelines/TrainingGraphs.h"
#include "ofex/OfexOps.h"
#include "ofex/Transforms/Differentiate.h"
#include "ofex/Transforms/RunningStats.h"

using namespace mlir;

namespace ofex {

LogicalResult buildTrainingGraphs(ModuleOp module) {
  auto has = [&](StringRef n) {
    return static_cast<bool>(module.lookupSymbol<NetworkOp>(n));
  };
  struct Chain {
    const char *name;
    std::vector<std::string> networks;
    const char *loss; ///< "twin-min": min(Q1, Q2) and its gradient in a
  };
  std::vector<Chain> chains = {
      {"ofe", {"phi_o", "phi_oa", "aux"}, "mse"},
      {"q1", {"q1"}, "mse"},
      {"q2", {"q2"}, "mse"},
      {"pi", {"pi"}, "none"},
      {"qa", {"phi_oa", "q1", "q2"}, "twin-min"},
  };
  for (const Chain &c : chains) {
    std::vector<std::string> nets;
    for (const std::string &n : c.networks)
      if (has(n))
        nets.push_back(n);
    bool needsAll = std::string(c.name) != "qa";
    if (nets.empty() || (needsAll && nets.size() != c.networks.size()) ||
        (!needsAll && !has("q1")))
      continue;
    auto fwd = buildChain(module, nets, std::string(c.name) + ".forward");
    if (failed(fwd))
      return failure();
    std::string grad = std::string(c.name) + ".grad";
    GradOptions options;
    options.loss = c.loss;
    bool twin = std::string(c.loss) == "twin-min";
    // As the agent runs them: the OFENet update trains batch norms (and
    // moves their running statistics), the critics read features normalised
    // with the running statistics.
    if (twin)
      useRunningStats(*fwd);
    auto g = twin ? differentiateTwinMinimum(*fwd, grad)
                  : differentiate(*fwd, options, grad);
    if (failed(g) ||
        (!twin && failed(appendRunningStatUpdates(*g, kDefaultStatsMomentum))))
      return failure();
  }
  return success();
}

} // namespace ofex
