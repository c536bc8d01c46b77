//===- DeadUnits.cpp - eliminate pruned units from a model ----------------===//

#include "ofex/Transforms/DeadUnits.h"
#include "ofex/OfexOps.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

namespace ofex {

bool ParamMap::identity() const {
  if (removed)
    return false;
  for (size_t d = 0; d < keep.size(); ++d)
    if (static_cast<int64_t>(keep[d].size()) != oldShape[d])
      return false;
  return true;
}

std::vector<float> gatherParam(const ParamMap &map,
                               const std::vector<float> &old) {
  if (map.removed)
    return {};
  if (map.keep.size() == 1) {
    std::vector<float> out;
    for (int64_t i : map.keep[0])
      out.push_back(old[i]);
    return out;
  }
  int64_t cols = map.oldShape[1];
  std::vector<float> out;
  out.reserve(map.keep[0].size() * map.keep[1].size());
  for (int64_t r : map.keep[0])
    for (int64_t c : map.keep[1])
      out.push_back(old[r * cols + c]);
  return out;
}

namespace {
using Keep = std::vector<int64_t>;

Keep iota(int64_t n) {
  Keep k(n);
  for (int64_t i = 0; i < n; ++i)
    k[i] = i;
  return k;
}

RankedTensorType withUnits(Type type, int64_t units) {
  auto t = type.cast<RankedTensorType>();
  SmallVector<int64_t> shape(t.getShape());
  shape.back() = units;
  return RankedTensorType::get(shape, t.getElementType());
}

class Eliminator {
public:
  Eliminator(ModuleOp module, double tol) : module(module), tol(tol) {}
  FailureOr<PruneResult> run();

private:
  bool dead(ThetaOp theta, int64_t j) { return theta.getTheta(j) < tol; }
  Keep liveUnits(Value linearResult);
  LogicalResult analyse(NetworkOp net);
  void rewrite(NetworkOp net);
  void recordParam(NetworkOp net, Value param, std::vector<Keep> keep);

  ModuleOp module;
  double tol;
  /// Surviving columns per value. Read with lookup() (a copy): a reference
  /// from operator[] dies when an insertion grows the map.
  llvm::DenseMap<Value, Keep> keep;
  PruneResult result;
};

/// Units of a linear layer that survive: those not switched off for good by
/// the gate its per-unit chain (norm, act) ends in.
Keep Eliminator::liveUnits(Value v) {
  int64_t units = unitsOf(v.getType());
  Value cur = v;
  while (cur.hasOneUse()) {
    Operation *user = *cur.getUsers().begin();
    if (isa<NormOp, ActOp>(user) && user->getOperand(0) == cur) {
      cur = user->getResult(0);
      continue;
    }
    auto gate = dyn_cast<GateOp>(user);
    if (gate && gate.getInput() == cur && gate.getThetaOp()) {
      Keep k;
      for (int64_t j = 0; j < units; ++j)
        if (!dead(gate.getThetaOp(), j))
          k.push_back(j);
      return k;
    }
    break;
  }
  return iota(units);
}

LogicalResult Eliminator::analyse(NetworkOp net) {
  for (Operation &op : net.getEntry()) {
    if (auto linear = dyn_cast<LinearOp>(op)) {
      Keep out = liveUnits(linear.getResult());
      if (!out.empty() && keep.lookup(linear.getInput()).empty())
        return linear.emitOpError(
            "would lose every input: all units feeding it are dead");
      keep[linear.getResult()] = std::move(out);
    } else if (isa<NormOp, ActOp>(op)) {
      keep[op.getResult(0)] = keep.lookup(op.getOperand(0));
    } else if (auto gate = dyn_cast<GateOp>(op)) {
      Keep in = keep.lookup(gate.getInput());
      Keep out;
      ThetaOp theta = gate.getThetaOp();
      for (int64_t j : in)
        if (!theta || !dead(theta, j))
          out.push_back(j);
      if (out.size() != in.size())
        return gate.emitOpError(
            "has dead units that no linear layer produces directly; they "
            "cannot be eliminated");
      keep[gate.getResult()] = out;
    } else if (auto concat = dyn_cast<ConcatOp>(op)) {
      Keep out;
      int64_t offset = 0;
      for (Value in : concat.getInputs()) {
        for (int64_t j : keep.lookup(in))
          out.push_back(offset + j);
        offset += unitsOf(in.getType());
      }
      if (out.empty())
        return concat.emitOpError("would lose every unit");
      keep[concat.getResult()] = out;
    } else if (auto ret = dyn_cast<ReturnOp>(op)) {
      for (Value v : ret.getOperands())
        if (keep.lookup(v).empty())
          return ret.emitOpError("would return a value without units");
    } else if (isa<ParamOp, StatOp>(op)) {
      if (!op.hasOneUse())
        return op.emitOpError(
            "is used more than once; dead-unit elimination slices each param "
            "for its single user");
    }
  }
  return success();
}

/// The name of a param or stat op (both are state sliced per unit).
static StringRef stateName(Operation *op) {
  if (auto stat = dyn_cast<StatOp>(op))
    return stat.getName();
  return cast<ParamOp>(op).getName();
}

void Eliminator::recordParam(NetworkOp net, Value param, std::vector<Keep> k) {
  Operation *op = param.getDefiningOp();
  ParamMap &map = result.params[(net.getSymName() + "." + stateName(op)).str()];
  auto type = param.getType().cast<RankedTensorType>();
  map.oldShape.assign(type.getShape().begin(), type.getShape().end());
  map.keep = std::move(k);
  SmallVector<int64_t> shape;
  for (const Keep &d : map.keep)
    shape.push_back(d.size());
  param.setType(RankedTensorType::get(shape, type.getElementType()));
}

void Eliminator::rewrite(NetworkOp net) {
  Block &entry = net.getEntry();
  for (BlockArgument arg : entry.getArguments())
    arg.setType(withUnits(arg.getType(), keep.lookup(arg).size()));

  SmallVector<Operation *> vanished;
  for (Operation &op : llvm::make_early_inc_range(entry)) {
    if (op.getNumResults() == 1 && keep.count(op.getResult(0)) &&
        keep.lookup(op.getResult(0)).empty()) {
      vanished.push_back(&op);
      continue;
    }
    if (auto linear = dyn_cast<LinearOp>(op)) {
      Keep in = keep.lookup(linear.getInput()),
           out = keep.lookup(linear.getResult());
      recordParam(net, linear.getWeight(), {in, out});
      if (linear.getBias())
        recordParam(net, linear.getBias(), {out});
      linear.getResult().setType(withUnits(linear.getType(), out.size()));
    } else if (auto norm = dyn_cast<NormOp>(op)) {
      Keep k = keep.lookup(norm.getResult());
      recordParam(net, norm.getScale(), {k});
      recordParam(net, norm.getShift(), {k});
      for (Value stat : norm.getRunning())
        recordParam(net, stat, {k});
      norm.getResult().setType(withUnits(norm.getType(), k.size()));
    } else if (auto act = dyn_cast<ActOp>(op)) {
      act.getResult().setType(
          withUnits(act.getType(), keep.lookup(act.getResult()).size()));
    } else if (auto gate = dyn_cast<GateOp>(op)) {
      Keep k = keep.lookup(gate.getResult());
      gate.getResult().setType(withUnits(gate.getType(), k.size()));
      if (ThetaOp theta = gate.getThetaOp()) {
        GroupReport &g = result.groups[groupName(theta)];
        g.unitsBefore = theta.getUnits();
        g.unitsAfter = k.size();
        g.keep = k;
        result.unitsRemoved += g.unitsBefore - g.unitsAfter;
        SmallVector<float> values;
        for (int64_t j : k)
          values.push_back(theta.getTheta(j));
        theta.setValuesAttr(
            DenseF32ArrayAttr::get(module.getContext(), values));
        theta.getResult().setType(withUnits(theta.getType(), k.size()));
      }
    } else if (auto concat = dyn_cast<ConcatOp>(op)) {
      SmallVector<Value> inputs;
      for (Value in : concat.getInputs())
        if (!keep.lookup(in).empty())
          inputs.push_back(in);
      Type type =
          withUnits(concat.getType(), keep.lookup(concat.getResult()).size());
      if (inputs.size() == 1) {
        concat.getResult().replaceAllUsesWith(inputs.front());
        concat.erase();
        continue;
      }
      concat->setOperands(inputs);
      concat.getResult().setType(type);
    }
  }
  // A fully dead layer: erase its chain (gate, act, norm, linear, in reverse)
  // and the params and theta only it used.
  for (Operation *op : llvm::reverse(vanished)) {
    SmallVector<Value> operands(op->getOperands());
    if (auto gate = dyn_cast<GateOp>(op); gate && gate.getThetaOp()) {
      GroupReport &g = result.groups[groupName(gate.getThetaOp())];
      g.unitsBefore = gate.getThetaOp().getUnits();
      g.unitsAfter = 0;
      g.layerRemoved = true;
      result.unitsRemoved += g.unitsBefore;
    }
    op->erase();
    for (Value v : operands) {
      Operation *def = v.getDefiningOp();
      if (!def || !v.use_empty())
        continue;
      if (isa<ParamOp, StatOp>(def)) {
        ParamMap &map =
            result.params[(net.getSymName() + "." + stateName(def)).str()];
        auto shape = v.getType().cast<ShapedType>().getShape();
        map.oldShape.assign(shape.begin(), shape.end());
        map.removed = true;
        def->erase();
      } else if (isa<ThetaOp>(def)) {
        def->erase();
      }
    }
  }
  auto ret = cast<ReturnOp>(entry.getTerminator());
  net.setFunctionTypeAttr(TypeAttr::get(FunctionType::get(
      module.getContext(), entry.getArgumentTypes(), ret.getOperandTypes())));
}

FailureOr<PruneResult> Eliminator::run() {
  // Networks in wiring order: each network's inputs take the surviving
  // columns of the values the model feeds it.
  SmallVector<NetworkOp> order;
  llvm::DenseSet<Operation *> seen;
  SmallVector<ApplyOp> applies;
  for (ModelOp model : module.getOps<ModelOp>()) {
    for (BlockArgument arg : model.getBody().getArguments())
      keep[arg] = iota(unitsOf(arg.getType()));
    for (ApplyOp apply : model.getBody().getOps<ApplyOp>()) {
      auto net = module.lookupSymbol<NetworkOp>(apply.getNetworkAttr());
      if (!seen.insert(net).second)
        return apply.emitOpError("applies a network twice; dead-unit "
                                 "elimination needs one application each");
      for (auto [arg, in] :
           llvm::zip(net.getEntry().getArguments(), apply.getInputs()))
        keep[arg] = keep.lookup(in);
      if (failed(analyse(net)))
        return failure();
      auto ret = cast<ReturnOp>(net.getEntry().getTerminator());
      for (auto [res, out] : llvm::zip(apply.getResults(), ret.getOperands()))
        keep[res] = keep.lookup(out);
      order.push_back(net);
      applies.push_back(apply);
    }
  }
  for (NetworkOp net : module.getOps<NetworkOp>()) {
    if (seen.contains(net))
      continue;
    for (BlockArgument arg : net.getEntry().getArguments())
      keep[arg] = iota(unitsOf(arg.getType()));
    if (failed(analyse(net)))
      return failure();
    order.push_back(net);
  }
  for (NetworkOp net : order)
    rewrite(net);
  for (ApplyOp apply : applies) {
    auto net = module.lookupSymbol<NetworkOp>(apply.getNetworkAttr());
    for (auto [res, type] : llvm::zip(apply.getResults(), net.getResultTypes()))
      res.setType(type);
  }
  return result;
}
} // namespace

FailureOr<PruneResult> eliminateDeadUnits(ModuleOp module, double thetaTol) {
  return Eliminator(module, thetaTol).run();
}

OwningOpRef<ModuleOp> exportDeployment(ModuleOp module, DeployGates gates) {
  OwningOpRef<ModuleOp> out = ModuleOp::create(module.getLoc());
  OpBuilder b(module.getContext());
  b.setInsertionPointToEnd(out->getBody());
  llvm::SmallDenseSet<StringRef> deployed;
  for (NetworkOp net : module.getOps<NetworkOp>()) {
    if (!net.isDeploy())
      continue;
    deployed.insert(net.getSymName());
    auto copy = cast<NetworkOp>(b.clone(*net));
    copy->removeAttr("ofex.cost");
    if (gates == DeployGates::Expect) {
      copy.walk([&](GateOp gate) { gate.setMode(GateMode::expect); });
      continue;
    }
    // Surviving units are on: the gate is the identity.
    copy.walk([](GateOp gate) {
      gate.getResult().replaceAllUsesWith(gate.getInput());
      gate.erase();
    });
    copy.walk([](ThetaOp theta) {
      if (theta.use_empty())
        theta.erase();
    });
  }
  for (ModelOp model : module.getOps<ModelOp>()) {
    auto copy = cast<ModelOp>(b.clone(*model));
    copy->removeAttr("ofex.cost");
    // Drop the applications of learning-only networks (and whatever only
    // they consume), in reverse so that users go first.
    SmallVector<ApplyOp> applies(copy.getBody().getOps<ApplyOp>());
    for (ApplyOp apply : llvm::reverse(applies))
      if (!deployed.contains(apply.getNetwork()) &&
          llvm::all_of(apply.getResults(),
                       [](Value r) { return r.use_empty(); }))
        apply.erase();
  }
  return out;
}

} // namespace ofex
