//===- NetworkBuilder.cpp - helpers to emit ofex networks -----------------===//

#include "NetworkBuilder.h"

using namespace mlir;
using namespace ofex;

namespace ofex {

NetworkBuilder::NetworkBuilder(OpBuilder &builder, NetworkOp network)
    : b(builder), network(network), loc(network.getLoc()) {
  b.setInsertionPointToEnd(&network.getEntry());
}

Type NetworkBuilder::activation(int64_t units) {
  return RankedTensorType::get({ShapedType::kDynamic, units}, b.getF32Type());
}

Value NetworkBuilder::param(StringRef name, ArrayRef<int64_t> shape,
                            InitKind init) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return b.create<ParamOp>(loc, type, name, init);
}

Value NetworkBuilder::linear(StringRef name, Value x, int64_t out) {
  int64_t in = unitsOf(x.getType());
  Value w = param((name + ".w").str(), {in, out}, InitKind::glorot);
  Value bias = param((name + ".b").str(), {out}, InitKind::zeros);
  return b.create<LinearOp>(loc, activation(out), x, w, bias);
}

Value NetworkBuilder::layer(StringRef name, Value x, int64_t units,
                            std::optional<NormKind> norm, ActKind act,
                            bool gated) {
  Value h = linear(name, x, units);
  if (norm) {
    Value scale = param((name + ".gamma").str(), {units}, InitKind::ones);
    Value shift = param((name + ".beta").str(), {units}, InitKind::zeros);
    // Batch norm keeps running statistics to normalise single observations
    // and evaluation batches with.
    SmallVector<Value, 2> running;
    if (*norm == NormKind::batch) {
      auto type = RankedTensorType::get({units}, b.getF32Type());
      running.push_back(
          b.create<StatOp>(loc, type, (name + ".mean").str(), InitKind::zeros));
      running.push_back(
          b.create<StatOp>(loc, type, (name + ".var").str(), InitKind::ones));
    }
    h = b.create<NormOp>(loc, h.getType(), *norm, h, scale, shift, running,
                         /*inference=*/false);
  }
  h = b.create<ActOp>(loc, h.getType(), act, h);
  if (!gated)
    return h;
  auto thetaType = RankedTensorType::get({units}, b.getF32Type());
  Value theta = b.create<ThetaOp>(loc, thetaType, b.getStringAttr(name),
                                  DenseF32ArrayAttr());
  return b.create<GateOp>(loc, h.getType(), GateMode::sample, h, theta);
}

Value NetworkBuilder::denseNet(Value x, int64_t layers, int64_t units,
                               std::optional<NormKind> norm, ActKind act,
                               bool gated) {
  for (int64_t k = 1; k <= layers; ++k) {
    Value h = layer("l" + std::to_string(k), x, units, norm, act, gated);
    x = concat({x, h});
  }
  return x;
}

Value NetworkBuilder::concat(ValueRange values) {
  int64_t units = 0;
  for (Value v : values)
    units += unitsOf(v.getType());
  return b.create<ConcatOp>(loc, activation(units), values);
}

void NetworkBuilder::ret(ValueRange values) { b.create<ReturnOp>(loc, values); }

} // namespace ofex
