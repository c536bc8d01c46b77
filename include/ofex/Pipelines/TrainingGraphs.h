//===- TrainingGraphs.h - the training functions of the method --*- C++ -*-===//
//
// The functions SAC + OFENet training runs, built from a model by buildChain
// and differentiate (each as `<name>.forward` and `<name>.grad`):
//   ofe     phi_o -> phi_oa -> aux, MSE against o_{t+1}      (OFENet update)
//   q1, q2  each critic alone, MSE against the Bellman target (critic update)
//   pi      the policy, cotangents of mean and log-std from the SAC loss
//   qa      phi_oa -> q1, q2 (or q1, q2 alone) -> min(Q1, Q2), and its
//           gradient in the action a: the policy update's Q and dQ/da
// Chains whose networks the model lacks are skipped.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_PIPELINES_TRAININGGRAPHS_H
#define OFEX_PIPELINES_TRAININGGRAPHS_H

#include "mlir/IR/BuiltinOps.h"

namespace ofex {

mlir::LogicalResult buildTrainingGraphs(mlir::ModuleOp module);

} // namespace ofex

#endif // OFEX_PIPELINES_TRAININGGRAPHS_H
