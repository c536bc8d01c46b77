//===- DeployedPolicy.h - a shipped policy, loaded and compiled -*- C++ -*-===//
//
// A run's deploy.mlir (phi_o and pi, gates removed or at their expectation)
// and deploy.bin (their weights, the task's name, the evaluation seed),
// compiled at batch 1: what `ofex-train --play` and the Python bindings'
// ofex.Policy run.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_DEPLOYEDPOLICY_H
#define OFEX_TRAIN_DEPLOYEDPOLICY_H

#include "ofex/envs/Task.h"

#include <cstdint>
#include <memory>
#include <string>

namespace ofex::train {

class DeployedPolicy {
public:
  /// Loads DIR/deploy.mlir and DIR/deploy.bin; with `step` >= 0 the pruned
  /// model the run wrote at that step (DIR/ir/step-N/). Throws
  /// std::invalid_argument (one line naming the file) for missing or
  /// unreadable files, a policy whose sizes are not its task's, and weights
  /// that do not fit the model.
  explicit DeployedPolicy(const std::string &dir, int64_t step = -1);
  ~DeployedPolicy();
  DeployedPolicy(DeployedPolicy &&) noexcept;
  DeployedPolicy &operator=(DeployedPolicy &&) noexcept;

  const std::string &env() const;
  uint64_t evalSeed() const;
  int64_t obsDim() const;
  int64_t actDim() const;
  int64_t params() const;
  /// The task the policy acts in (its action box maps act()'s output).
  const envs::TaskSpec &taskSpec() const;
  /// The deterministic action tanh(mean) in [-1, 1]^act_dim of one
  /// observation.
  void act(const float *obs, float *action);

private:
  struct Impl;
  std::unique_ptr<Impl> impl;
};

} // namespace ofex::train

#endif // OFEX_TRAIN_DEPLOYEDPOLICY_H
