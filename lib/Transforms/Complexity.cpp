//===- Complexity.cpp - write expected costs and penalties into the IR ----===//

#include "ofex/Analysis/Complexity.h"
#include "ofex/OfexOps.h"
#include "ofex/Transforms/Passes.h"

#include "llvm/Support/MemoryBuffer.h"

#include <optional>

namespace ofex {
#define GEN_PASS_DEF_COMPLEXITY
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

using namespace mlir;
using namespace ofex;

namespace {
struct ComplexityPass : public ofex::impl::ComplexityBase<ComplexityPass> {
  using ComplexityBase::ComplexityBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto model = ofex::CostModel::derive(module);
    if (failed(model))
      return signalPassFailure();
    ofex::Coefficients c{rho, nuOfe, nuPi, nuQ};
    std::optional<ofex::CostKind> kind = ofex::parseCostKind(cost);
    if (!kind) {
      module.emitError("ofex-complexity: cost must be params, flops or time, "
                       "got '")
          << cost << "'";
      return signalPassFailure();
    }
    if ((*kind == ofex::CostKind::Time) == costTable.empty()) {
      module.emitError("ofex-complexity: cost=time goes with cost-table "
                       "(and only it)");
      return signalPassFailure();
    }
    std::optional<ofex::CostTable> table;
    if (*kind == ofex::CostKind::Time) {
      std::string error;
      table = ofex::CostTable::load(costTable, error);
      if (!table || !model->applyCostTable(*table, error)) {
        module.emitError("ofex-complexity: cost table ")
            << costTable << ": " << error;
        return signalPassFailure();
      }
    }
    c.setCost(*kind, table ? &*table : nullptr);
    ofex::CostResult r = model->evaluate(model->thetaFromIR(module), c);

    Builder b(&getContext());
    auto f64 = [&](double v) { return b.getF64FloatAttr(v); };
    for (auto [i, net] : llvm::enumerate(module.getOps<NetworkOp>()))
      net->setAttr("ofex.cost",
                   b.getDictionaryAttr(
                       {b.getNamedAttr("params", f64(r.networkParams[i])),
                        b.getNamedAttr("flops", f64(r.networkFlops[i]))}));
    module.walk([&](ThetaOp theta) {
      const ofex::GateGroup *g = model->findGroup(groupName(theta));
      auto slice = [&](const std::vector<float> &v) {
        return b.getDenseF32ArrayAttr(
            ArrayRef<float>(v).slice(g->offset, g->units));
      };
      theta->setAttr("marginal_deploy", slice(r.marginal[0]));
      theta->setAttr("marginal_learn", slice(r.marginal[1]));
      theta->setAttr("penalty", slice(r.penalty));
    });
    for (ModelOp m : module.getOps<ModelOp>())
      m->setAttr("ofex.cost",
                 b.getDictionaryAttr({
                     b.getNamedAttr("deploy_params", f64(r.params[0])),
                     b.getNamedAttr("learn_params", f64(r.params[1])),
                     b.getNamedAttr("total_params", f64(r.totalParams())),
                     b.getNamedAttr("deploy_flops", f64(r.flops[0])),
                     b.getNamedAttr("learn_flops", f64(r.flops[1])),
                     b.getNamedAttr("rho", f64(rho)),
                     b.getNamedAttr("nu_ofe", f64(nuOfe)),
                     b.getNamedAttr("nu_pi", f64(nuPi)),
                     b.getNamedAttr("nu_q", f64(nuQ)),
                     b.getNamedAttr("cost", b.getStringAttr(cost)),
                 }));
  }
};
} // namespace
