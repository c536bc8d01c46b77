//===- Summary.cpp - static parameter and FLOP counts ---------------------===//

#include "ofex/Analysis/Summary.h"
#include "ofex/Analysis/Complexity.h"
#include "ofex/OfexOps.h"

using namespace mlir;
using namespace ofex;

namespace ofex {

double opFlops(Operation *op) {
  if (auto linear = dyn_cast<LinearOp>(op)) {
    double in = unitsOf(linear.getInput().getType());
    double out = unitsOf(linear.getType());
    return 2 * in * out + (linear.getBias() ? out : 0);
  }
  if (auto norm = dyn_cast<NormOp>(op))
    return kNormFlopsPerElement * unitsOf(norm.getType());
  if (auto act = dyn_cast<ActOp>(op))
    return actFlopsPerElement(act.getKind()) * unitsOf(act.getType());
  if (auto gate = dyn_cast<GateOp>(op))
    return kGateFlopsPerElement * unitsOf(gate.getType());
  return 0;
}

ModuleSummary summarize(ModuleOp module) {
  ModuleSummary s;
  for (NetworkOp net : module.getOps<NetworkOp>()) {
    NetworkSummary n{net.getSymName().str(), stringifyRole(net.getRole()).str(),
                     stringifyFamily(net.getFamily()).str()};
    double flops = 0;
    net.walk([&](Operation *op) {
      if (auto param = dyn_cast<ParamOp>(op))
        n.params += param.getType().cast<ShapedType>().getNumElements();
      else if (auto theta = dyn_cast<ThetaOp>(op))
        n.gateUnits += theta.getUnits();
      flops += opFlops(op);
    });
    n.flops = static_cast<int64_t>(flops);
    if (net.isDeploy()) {
      s.deployParams += n.params;
      s.deployFlops += n.flops;
    }
    s.trainParams += n.params;
    s.trainFlops += n.flops;
    s.networks.push_back(std::move(n));
  }
  return s;
}

} // namespace ofex
