//===- MlpPlan.h - A reference plan: one MLP training step ----------------===//
//
// Builds the plan the compiler is expected to lower a plain MLP training step
// to (forward, mean-squared-error loss, backward, Adam), so tests and the
// benchmark exercise the executor on a realistic step list.
//
// Buffers: "x" (B x in) and "y" (B x out) are External; "W<l>", "b<l>", their
// Adam moments "mW<l>", "vW<l>", "mb<l>", "vb<l>" and "loss" (1 x 1, the loss
// of the parameters before this run's update) are Owned; everything else is
// Temp. Layers are numbered from 1.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_EXEC_MLPPLAN_H
#define OFEX_EXEC_MLPPLAN_H

#include "ofex/exec/Executor.h"
#include "ofex/exec/Plan.h"

#include <cstdint>
#include <vector>

namespace ofex::exec {

struct MlpPlanOptions {
  std::vector<int64_t> widths; ///< {in, hidden..., out}; at least two
  int64_t batch = 1;
  Activation hidden = Activation::relu(); ///< after every layer but the last
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
};

/// loss = mean((mlp(x) - y)^2) over all B x out entries, its gradient, and
/// one Adam update of every weight and bias.
Plan buildMlpTrainingPlan(const MlpPlanOptions &options);

/// Fills W<l> with Glorot-uniform values from `seed` and zeroes the biases.
void initMlpParameters(Executor &exec, const MlpPlanOptions &options,
                       uint64_t seed);

} // namespace ofex::exec

#endif // OFEX_EXEC_MLPPLAN_H
