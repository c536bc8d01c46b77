//===- NetworkBuilder.h - helpers to emit ofex networks ---------*- C++ -*-===//

#ifndef OFEX_LIB_PRESETS_NETWORKBUILDER_H
#define OFEX_LIB_PRESETS_NETWORKBUILDER_H

#include "ofex/OfexOps.h"

namespace ofex {

/// Emits the ops of one network's body: params, gated layers, DenseNet
/// blocks. Layer k's params are `l<k>.w`, `l<k>.b`, `l<k>.gamma`,
/// `l<k>.beta` (with batch norm the stats `l<k>.mean`, `l<k>.var`) and its
/// gate group `l<k>`.
class NetworkBuilder {
public:
  NetworkBuilder(mlir::OpBuilder &builder, ofex::NetworkOp network);

  mlir::Value arg(unsigned i) { return network.getEntry().getArgument(i); }
  mlir::Type activation(int64_t units);

  mlir::Value param(llvm::StringRef name, llvm::ArrayRef<int64_t> shape,
                    InitKind init);
  /// linear (+ bias) with params `<name>.w`, `<name>.b`.
  mlir::Value linear(llvm::StringRef name, mlir::Value x, int64_t out);
  /// linear -> norm (if any) -> act -> gate (if gated), group `name`.
  mlir::Value layer(llvm::StringRef name, mlir::Value x, int64_t units,
                    std::optional<NormKind> norm, ActKind act, bool gated);
  /// DenseNet: each layer's output is concatenated onto its input.
  mlir::Value denseNet(mlir::Value x, int64_t layers, int64_t units,
                       std::optional<NormKind> norm, ActKind act, bool gated);
  mlir::Value concat(mlir::ValueRange values);
  void ret(mlir::ValueRange values);

private:
  mlir::OpBuilder &b;
  ofex::NetworkOp network;
  mlir::Location loc;
};

} // namespace ofex

#endif // OFEX_LIB_PRESETS_NETWORKBUILDER_H
