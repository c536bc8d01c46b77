//===- Differentiate.cpp - reverse-mode differentiation -------------------===//

#include "ofex/Transforms/Differentiate.h"
#include "ofex/OfexOps.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;

namespace ofex {

namespace {
StringAttr str(MLIRContext *ctx, const Twine &s) {
  return StringAttr::get(ctx, s.str());
}
} // namespace

FailureOr<func::FuncOp> buildChain(ModuleOp module,
                                   ArrayRef<std::string> networks,
                                   StringRef name, bool allOutputs) {
  MLIRContext *ctx = module.getContext();
  ctx->getOrLoadDialect<func::FuncDialect>();
  auto models = module.getOps<ModelOp>();
  if (models.empty())
    return module.emitError("no ofex.model to take the wiring from"), failure();
  ModelOp model = *models.begin();
  auto inChain = [&](StringRef net) {
    return networks.empty() || llvm::is_contained(networks, net.str());
  };
  SmallVector<ApplyOp> applies;
  for (ApplyOp apply : model.getBody().getOps<ApplyOp>())
    if (inChain(apply.getNetwork()))
      applies.push_back(apply);
  if (applies.empty())
    return model.emitOpError("applies none of the requested networks"),
           failure();
  for (const std::string &n : networks)
    if (!module.lookupSymbol<NetworkOp>(n))
      return module.emitError() << "unknown network '" << n << "'", failure();

  // External inputs: model values the chain reads but does not compute.
  llvm::SetVector<Value> external;
  llvm::DenseSet<Value> computed;
  for (ApplyOp apply : applies) {
    for (Value in : apply.getInputs())
      if (!computed.contains(in))
        external.insert(in);
    for (Value r : apply.getResults())
      computed.insert(r);
  }
  // Outputs: results of chain applies that no chain apply reads.
  SmallVector<Value> outputs;
  for (ApplyOp apply : applies)
    for (Value r : apply.getResults())
      if (allOutputs || llvm::none_of(r.getUsers(), [&](Operation *user) {
            return llvm::is_contained(applies, dyn_cast<ApplyOp>(user));
          }))
        outputs.push_back(r);

  OpBuilder b(ctx);
  b.setInsertionPointToEnd(module.getBody());
  SmallVector<Type> argTypes, resultTypes;
  for (Value v : external)
    argTypes.push_back(v.getType());
  for (Value v : outputs)
    resultTypes.push_back(v.getType());
  auto func = b.create<func::FuncOp>(module.getLoc(), name,
                                     b.getFunctionType(argTypes, resultTypes));
  Block *entry = func.addEntryBlock();
  for (unsigned i = 0; i < external.size(); ++i)
    func.setArgAttr(i, "ofex.arg", str(ctx, "input:" + Twine(i)));
  for (unsigned i = 0; i < outputs.size(); ++i)
    func.setResultAttr(i, "ofex.result", str(ctx, "output:" + Twine(i)));

  IRMapping wires;
  for (auto [v, arg] : llvm::zip(external, entry->getArguments()))
    wires.map(v, arg);
  b.setInsertionPointToEnd(entry);
  for (ApplyOp apply : applies) {
    auto net = module.lookupSymbol<NetworkOp>(apply.getNetworkAttr());
    IRMapping map;
    for (auto [arg, in] :
         llvm::zip(net.getEntry().getArguments(), apply.getInputs()))
      map.map(arg, wires.lookup(in));
    std::string prefix = (net.getSymName() + ".").str();
    for (Operation &op : net.getEntry()) {
      if (auto ret = dyn_cast<ReturnOp>(op)) {
        for (auto [res, v] : llvm::zip(apply.getResults(), ret.getOperands()))
          wires.map(res, map.lookup(v));
        continue;
      }
      if (auto gate = dyn_cast<GateOp>(op);
          gate && gate.getMode() != GateMode::fixed) {
        // Draw xi once, explicitly, and gate with the drawn values.
        Value theta = map.lookup(gate.getTheta());
        Value xi = b.create<XiOp>(gate.getLoc(), theta.getType(),
                                  gate.getModeAttr(), theta, FloatAttr());
        Value out =
            b.create<GateOp>(gate.getLoc(), gate.getType(), GateMode::fixed,
                             map.lookup(gate.getInput()), xi);
        map.map(gate.getResult(), out);
        continue;
      }
      Operation *clone = b.clone(op, map);
      if (auto param = dyn_cast<ParamOp>(clone))
        param.setNameAttr(str(ctx, prefix + param.getName()));
      else if (auto stat = dyn_cast<StatOp>(clone))
        stat.setNameAttr(str(ctx, prefix + stat.getName()));
      else if (auto theta = dyn_cast<ThetaOp>(clone))
        theta.setNameAttr(str(ctx, prefix + theta.getName()));
    }
  }
  SmallVector<Value> results;
  for (Value v : outputs)
    results.push_back(wires.lookup(v));
  b.create<func::ReturnOp>(module.getLoc(), results);
  return func;
}

namespace {
/// Reverse mode over one block: cotangents accumulate per value.
class Adjoint {
public:
  explicit Adjoint(OpBuilder &b) : b(b) {}

  void add(Value v, Value g) {
    auto it = cot.find(v);
    if (it == cot.end())
      cot[v] = g;
    else
      it->second = b.create<AddOp>(g.getLoc(), it->second, g);
  }
  Value get(Value v) const { return cot.lookup(v); }

  LogicalResult visit(Operation *op) {
    Location loc = op->getLoc();
    if (auto linear = dyn_cast<LinearOp>(op)) {
      Value dy = get(linear.getResult());
      if (!dy)
        return success();
      Value x = linear.getInput(), w = linear.getWeight();
      // dx = dy W^T, dW = x^T dy, db = sum over rows of dy.
      add(x, b.create<MatmulOp>(loc, x.getType(), dy, w, false, true));
      add(w, b.create<MatmulOp>(loc, w.getType(), x, dy, true, false));
      if (Value bias = linear.getBias())
        add(bias, b.create<ReduceRowsOp>(loc, bias.getType(), dy));
    } else if (auto act = dyn_cast<ActOp>(op)) {
      // relu and tanh differentiate from their result: the pre-activation
      // need not be kept, and its linear layer fuses the activation.
      bool fromResult =
          act.getKind() == ActKind::relu || act.getKind() == ActKind::tanh;
      if (Value dy = get(act.getResult()))
        add(act.getInput(),
            b.create<ActGradOp>(loc, act.getType(), act.getKindAttr(),
                                fromResult ? act.getResult() : act.getInput(),
                                dy, fromResult ? b.getUnitAttr() : UnitAttr()));
    } else if (auto norm = dyn_cast<NormOp>(op)) {
      if (Value dy = get(norm.getResult())) {
        auto grad = b.create<NormGradOp>(
            loc, norm.getType(), norm.getScale().getType(),
            norm.getScale().getType(), norm.getKindAttr(), norm.getInput(),
            norm.getScale(), dy, norm.getRunning(), norm.getInferenceAttr());
        add(norm.getInput(), grad.getDinput());
        add(norm.getScale(), grad.getDscale());
        add(norm.getShift(), grad.getDshift());
      }
    } else if (auto gate = dyn_cast<GateOp>(op)) {
      if (Value dy = get(gate.getResult())) {
        // y = x * xi: dx = dy * xi; dxi = sum over rows of dy * x.
        add(gate.getInput(),
            b.create<GateOp>(loc, dy.getType(), GateMode::fixed, dy,
                             gate.getTheta()));
        Value prod = b.create<MulOp>(loc, dy, gate.getInput());
        add(gate.getTheta(),
            b.create<ReduceRowsOp>(loc, gate.getTheta().getType(), prod));
      }
    } else if (auto min = dyn_cast<MinOp>(op)) {
      if (Value dy = get(min.getResult())) {
        // The cotangent goes to the chosen operand: lhs where lhs <= rhs,
        // rhs where rhs < lhs (exact complements, so ties count once).
        Value l = min.getLhs(), r = min.getRhs();
        auto pick = [&](Predicate pred, Value a, Value c) {
          return b.create<MulOp>(
              loc, dy, b.create<CompareOp>(loc, dy.getType(), pred, a, c));
        };
        add(l, pick(Predicate::le, l, r));
        add(r, pick(Predicate::lt, r, l));
      }
    } else if (auto concat = dyn_cast<ConcatOp>(op)) {
      if (Value dy = get(concat.getResult())) {
        int64_t offset = 0;
        for (Value in : concat.getInputs()) {
          add(in, b.create<SliceOp>(loc, in.getType(), dy,
                                    b.getI64IntegerAttr(offset)));
          offset += unitsOf(in.getType());
        }
      }
    } else if (!isa<ParamOp, StatOp, ThetaOp, XiOp, func::ReturnOp, MseOp,
                    CompareOp, UpdateStatsOp>(op)) {
      return op->emitOpError("has no adjoint");
    }
    return success();
  }

private:
  OpBuilder &b;
  llvm::DenseMap<Value, Value> cot;
};
} // namespace

/// Rebuilds `f`'s return without the results `drop` picks; `drop` sees each
/// result with its "ofex.result" name and a builder placed before the
/// return. The function type follows the entry block's arguments and the
/// kept results.
static void
dropResults(func::FuncOp f,
            llvm::function_ref<bool(OpBuilder &, Value, StringRef)> drop) {
  Block &body = f.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  OpBuilder b(ret);
  SmallVector<Value> keep;
  SmallVector<DictionaryAttr> keepAttrs;
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    DictionaryAttr attrs = f.getResultAttrDict(i);
    auto name = attrs ? attrs.getAs<StringAttr>("ofex.result") : StringAttr();
    if (drop(b, v, name ? name.getValue() : StringRef()))
      continue;
    keep.push_back(v);
    keepAttrs.push_back(attrs ? attrs : b.getDictionaryAttr({}));
  }
  b.create<func::ReturnOp>(ret.getLoc(), keep);
  ret.erase();
  SmallVector<Type> types;
  for (Value v : keep)
    types.push_back(v.getType());
  f.setFunctionType(b.getFunctionType(body.getArgumentTypes(), types));
  f.setAllResultAttrs(keepAttrs);
}

/// Moves the forward pass out of `grad` (its first ops, `forwardOps`) into a
/// new function `name` that returns `outputs` and the saved values; `grad`
/// reads those as arguments instead (see GradOptions::savedForward).
static FailureOr<func::FuncOp>
splitForward(func::FuncOp grad, ArrayRef<Operation *> forwardOps,
             unsigned numInputs, ArrayRef<Value> outputs, StringRef name) {
  MLIRContext *ctx = grad.getContext();
  // Repeated in the backward rather than saved: state reads, and
  // normalizations (cheap to redo; their adjoints are lowered next to the
  // forward that computed the statistics).
  auto repeated = [](Operation *op) {
    return isa<ParamOp, StatOp, ThetaOp, NormOp>(op);
  };
  llvm::SmallPtrSet<Operation *, 32> moved;
  for (Operation *op : forwardOps)
    if (!repeated(op))
      moved.insert(op);
  Operation *terminator = grad.getBody().front().getTerminator();
  auto readByBackward = [&](OpOperand &use) {
    return !moved.contains(use.getOwner()) && use.getOwner() != terminator;
  };
  // Every other forward value the backward reads (activations, the inputs
  // of normalizations, gate draws) is saved.
  llvm::SetVector<Value> saved;
  for (Operation *op : forwardOps) {
    if (repeated(op))
      continue;
    for (Value r : op->getResults())
      if (llvm::any_of(r.getUses(), readByBackward))
        saved.insert(r);
  }

  OpBuilder b(ctx);
  b.setInsertionPoint(grad);
  SmallVector<Type> argTypes(
      grad.getFunctionType().getInputs().take_front(numInputs));
  SmallVector<Type> resultTypes;
  for (Value v : outputs)
    resultTypes.push_back(v.getType());
  for (Value v : saved)
    resultTypes.push_back(v.getType());
  auto fwd = b.create<func::FuncOp>(grad.getLoc(), name,
                                    b.getFunctionType(argTypes, resultTypes));
  Block *entry = fwd.addEntryBlock();
  IRMapping map;
  for (unsigned i = 0; i < numInputs; ++i) {
    map.map(grad.getArgument(i), entry->getArgument(i));
    if (DictionaryAttr attrs = grad.getArgAttrDict(i))
      fwd.setArgAttrs(i, attrs);
  }
  b.setInsertionPointToEnd(entry);
  for (Operation *op : forwardOps)
    b.clone(*op, map);
  SmallVector<Value> results;
  for (Value v : outputs)
    results.push_back(map.lookup(v));
  for (Value v : saved)
    results.push_back(map.lookup(v));
  b.create<func::ReturnOp>(grad.getLoc(), results);
  // A saved gate draw is named by its group: the theta step of the relaxed
  // estimator reads which units it relaxed from it.
  SmallVector<std::string> savedNames;
  for (auto [k, v] : llvm::enumerate(saved)) {
    auto xi = v.getDefiningOp<XiOp>();
    savedNames.push_back(
        xi ? "saved:xi:" +
                 xi.getTheta().getDefiningOp<ThetaOp>().getName().str()
           : "saved:" + std::to_string(k));
  }
  for (unsigned i = 0; i < results.size(); ++i)
    fwd.setResultAttr(i, "ofex.result",
                      str(ctx, i < outputs.size()
                                   ? Twine("output:" + Twine(i))
                                   : Twine(savedNames[i - outputs.size()])));

  // The gradient function: saved values become arguments, the outputs
  // leave its results, and the forward ops nothing reads any more go. The
  // argument attributes are set as a whole, read before the arguments grow.
  SmallVector<DictionaryAttr> argAttrs;
  for (unsigned i = 0; i < grad.getNumArguments(); ++i) {
    DictionaryAttr attrs = grad.getArgAttrDict(i);
    argAttrs.push_back(attrs ? attrs : b.getDictionaryAttr({}));
  }
  for (unsigned k = 0; k < saved.size(); ++k)
    argAttrs.push_back(b.getDictionaryAttr(
        b.getNamedAttr("ofex.arg", str(ctx, savedNames[k]))));
  Block &body = grad.getBody().front();
  for (Value v : saved)
    v.replaceUsesWithIf(body.addArgument(v.getType(), grad.getLoc()),
                        readByBackward);
  dropResults(grad, [](OpBuilder &, Value, StringRef name) {
    return name.startswith("output:");
  });
  grad.setAllArgAttrs(argAttrs);
  for (Operation *op : llvm::reverse(forwardOps)) {
    if (!op->use_empty()) {
      if (repeated(op))
        continue;
      return op->emitOpError("is still read after its value was saved"),
             failure();
    }
    op->erase();
  }
  return fwd;
}

FailureOr<func::FuncOp> differentiate(func::FuncOp forward,
                                      const GradOptions &options,
                                      StringRef name) {
  MLIRContext *ctx = forward.getContext();
  if (options.loss != "none" && options.loss != "mse")
    return forward.emitOpError() << "unknown loss '" << options.loss << "'",
           failure();
  ArrayRef<Type> outTypes = forward.getFunctionType().getResults();
  if (options.loss == "mse" && outTypes.empty())
    return forward.emitOpError("has no output for the loss"), failure();
  if (!options.savedForward.empty() &&
      SymbolTable::lookupNearestSymbolFrom(
          forward, StringAttr::get(ctx, options.savedForward)))
    return forward.emitOpError()
               << "cannot save its forward pass as '" << options.savedForward
               << "': the name is taken",
           failure();

  OpBuilder b(ctx);
  b.setInsertionPointAfter(forward);
  // Arguments: the forward inputs, then cotangents or the loss target.
  SmallVector<Type> argTypes(forward.getArgumentTypes());
  unsigned numInputs = argTypes.size();
  if (options.loss == "mse")
    argTypes.push_back(outTypes[0]);
  else
    argTypes.append(outTypes.begin(), outTypes.end());
  auto grad = b.create<func::FuncOp>(forward.getLoc(), name,
                                     b.getFunctionType(argTypes, {}));
  Block *entry = grad.addEntryBlock();
  for (unsigned i = 0; i < argTypes.size(); ++i)
    grad.setArgAttr(i, "ofex.arg",
                    i < numInputs ? str(ctx, "input:" + Twine(i))
                    : options.loss == "mse"
                        ? str(ctx, "target")
                        : str(ctx, "cotangent:" + Twine(i - numInputs)));

  // Recompute the forward pass inside the gradient function.
  b.setInsertionPointToEnd(entry);
  IRMapping map;
  for (unsigned i = 0; i < numInputs; ++i)
    map.map(forward.getArgument(i), entry->getArgument(i));
  SmallVector<Operation *> ops;
  SmallVector<Value> outputs;
  for (Operation &op : forward.getBody().front()) {
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (Value v : ret.getOperands())
        outputs.push_back(map.lookup(v));
      continue;
    }
    ops.push_back(b.clone(op, map));
  }

  SmallVector<Value> results;
  SmallVector<Attribute> names;
  Adjoint adjoint(b);
  if (options.loss == "mse") {
    Value target = entry->getArgument(numInputs);
    Value loss = b.create<MseOp>(forward.getLoc(),
                                 RankedTensorType::get({}, b.getF32Type()),
                                 outputs[0], target);
    results.push_back(loss);
    names.push_back(str(ctx, "loss"));
    adjoint.add(outputs[0],
                b.create<MseGradOp>(forward.getLoc(), outputs[0], target));
  } else {
    for (auto [i, v] : llvm::enumerate(outputs)) {
      results.push_back(v);
      names.push_back(str(ctx, "output:" + Twine(i)));
      adjoint.add(v, entry->getArgument(numInputs + i));
    }
  }
  for (Operation *op : llvm::reverse(ops))
    if (failed(adjoint.visit(op)))
      return failure();

  auto wanted = [&](unsigned i) {
    return options.inputGrads && (options.onlyInputs.empty() ||
                                  llvm::is_contained(options.onlyInputs, i));
  };
  for (unsigned i = 0; i < numInputs; ++i)
    if (wanted(i))
      if (Value g = adjoint.get(entry->getArgument(i))) {
        results.push_back(g);
        names.push_back(str(ctx, "d:input:" + Twine(i)));
      }
  for (Operation *op : ops) {
    if (auto param = dyn_cast<ParamOp>(op); param && options.paramGrads) {
      Value g = adjoint.get(param.getResult());
      if (!g)
        return param.emitOpError("does not influence the outputs"), failure();
      results.push_back(g);
      names.push_back(str(ctx, "d:param:" + param.getName()));
    } else if (auto xi = dyn_cast<XiOp>(op)) {
      StringRef group = xi.getTheta().getDefiningOp<ThetaOp>().getName();
      if (Value g = adjoint.get(xi.getResult())) {
        results.push_back(g);
        names.push_back(str(ctx, "d:xi:" + group));
      }
      // The relaxed estimator needs the draw beside its gradient (with a
      // saved forward pass the forward function returns it instead).
      if (xi.getRelaxAttr() && options.savedForward.empty()) {
        results.push_back(xi.getResult());
        names.push_back(str(ctx, "xi:" + group));
      }
    }
  }
  b.create<func::ReturnOp>(forward.getLoc(), results);
  SmallVector<Type> resultTypes;
  for (Value v : results)
    resultTypes.push_back(v.getType());
  grad.setFunctionType(b.getFunctionType(argTypes, resultTypes));
  for (auto [i, n] : llvm::enumerate(names))
    grad.setResultAttr(i, "ofex.result", n);
  if (!options.savedForward.empty() &&
      failed(splitForward(grad, ops, numInputs, outputs, options.savedForward)))
    return failure();
  return grad;
}

unsigned relaxGateDraws(func::FuncOp chain, double relax) {
  unsigned marked = 0;
  auto attr = FloatAttr::get(Float64Type::get(chain.getContext()), relax);
  chain.walk([&](XiOp xi) {
    if (xi.getMode() == GateMode::sample) {
      xi.setRelaxAttr(attr);
      ++marked;
    }
  });
  return marked;
}

LogicalResult returnTwinMinimum(func::FuncOp chain) {
  auto ret = cast<func::ReturnOp>(chain.getBody().front().getTerminator());
  if (ret.getNumOperands() != 2 ||
      ret.getOperand(0).getType() != ret.getOperand(1).getType())
    return chain.emitOpError("needs two results of one type for min(Q1, Q2)");
  OpBuilder b(ret);
  Value min =
      b.create<MinOp>(ret.getLoc(), ret.getOperand(0), ret.getOperand(1));
  b.create<func::ReturnOp>(ret.getLoc(), min);
  ret.erase();
  chain.setFunctionType(
      b.getFunctionType(chain.getFunctionType().getInputs(), {min.getType()}));
  chain.setAllResultAttrs(ArrayRef<DictionaryAttr>{b.getDictionaryAttr(
      b.getNamedAttr("ofex.result", str(chain.getContext(), "output:0")))});
  return success();
}

FailureOr<func::FuncOp> differentiateTwinMinimum(func::FuncOp chain,
                                                 StringRef name) {
  if (failed(returnTwinMinimum(chain)))
    return failure();
  GradOptions options;
  options.onlyInputs = {chain.getNumArguments() - 1}; // dQmin/da, not dz_o
  options.paramGrads = false;
  return differentiate(chain, options, name);
}

void appendAdamUpdates(func::FuncOp grad, const AdamOptions &o) {
  dropResults(grad, [&](OpBuilder &b, Value v, StringRef name) {
    if (!name.startswith("d:param:"))
      return false;
    b.create<AdamOp>(v.getLoc(), b.getStringAttr(name.drop_front(8)), v,
                     b.getF64FloatAttr(o.lr), b.getF64FloatAttr(o.beta1),
                     b.getF64FloatAttr(o.beta2), b.getF64FloatAttr(o.eps));
    return true;
  });
}

} // namespace ofex
