//===- Onnx.h - the deployed policy as an ONNX model ------------*- C++ -*-===//
//
// Writes the deployment networks (phi_o and pi, as exportDeployment leaves
// them: pruned shapes, gates removed or at their expectation) as an ONNX
// model of opset 17 that any ONNX runtime executes without ofex:
//
//   input   "observation"  float [batch, obs_dim]
//   output  "action"       float [batch, act_dim]: tanh of pi's mean, mapped
//                          to the task's action box when one is given
//
// Ops: Gemm (linear), LayerNormalization, BatchNormalization (running
// statistics), Relu, Tanh, Sigmoid * Mul (swish), Mul by theta (gates at
// their expectation), Concat. The protobuf is encoded here, field by field
// (ProtoWriter.h), so ofex needs no protobuf library.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_EXPORT_ONNX_H
#define OFEX_EXPORT_ONNX_H

#include "mlir/IR/BuiltinOps.h"

#include <map>
#include <string>
#include <vector>

namespace ofex {

struct OnnxOptions {
  /// The task's action box: action = low + (tanh(mean) + 1) (high - low) / 2
  /// per column. Empty: the action is tanh(mean), in [-1, 1].
  std::vector<float> actionLow, actionHigh;
  std::string producerVersion;
};

/// The ONNX model's bytes, or failure with a located diagnostic. `weights`
/// holds every param and running statistic of the deployment by state key
/// (`<network>.<name>`); gates take theta from the IR's values.
mlir::FailureOr<std::string>
exportOnnx(mlir::ModuleOp deployment,
           const std::map<std::string, std::vector<float>> &weights,
           const OnnxOptions &options = {});

} // namespace ofex

#endif // OFEX_EXPORT_ONNX_H
