//===- TrainingGraphs.cpp - the training functions of the method ----------===//

#include "ofex/Pipelines/TrainingGraphs.h"
#include "ofex/OfexOps.h"
#include "ofex/Transforms/Differentiate.h"

using namespace mlir;

namespace ofex {

LogicalResult buildTrainingGraphs(ModuleOp module) {
  auto has = [&](StringRef n) {
    return static_cast<bool>(module.lookupSymbol<NetworkOp>(n));
  };
  struct Chain {
    const char *name;
    std::vector<std::string> networks;
    const char *loss;
    bool paramGrads;
  };
  std::vector<Chain> chains = {
      {"ofe", {"phi_o", "phi_oa", "aux"}, "mse", true},
      {"q1", {"q1"}, "mse", true},
      {"q2", {"q2"}, "mse", true},
      {"pi", {"pi"}, "none", true},
      // dQ/da only: no param is updated by this chain.
      {"qa", {"phi_oa", "q1", "q2"}, "none", false},
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
    GradOptions options;
    options.loss = c.loss;
    options.paramGrads = c.paramGrads;
    if (std::string(c.name) == "qa") {
      // min(Q1, Q2) and its gradient in the action (the chain's last input).
      if (failed(returnTwinMinimum(*fwd)))
        return failure();
      options.onlyInputs = {fwd->getNumArguments() - 1};
    }
    if (failed(differentiate(*fwd, options, std::string(c.name) + ".grad")))
      return failure();
  }
  return success();
}

} // namespace ofex
