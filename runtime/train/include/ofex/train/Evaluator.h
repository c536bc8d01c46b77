//===- Evaluator.h - deterministic evaluation episodes ----------*- C++ -*-===//
//
// A training run's evaluation: `episodes` episodes of a policy on a task of
// its own (never the training task, whose episode is in progress), episode
// i from reset(seed + 1000 + i), the same episodes at every evaluation so
// that two evaluations differ only by the policy.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_EVALUATOR_H
#define OFEX_TRAIN_EVALUATOR_H

#include "ofex/envs/Task.h"
#include "ofex/train/Episode.h"

#include <cstdint>
#include <memory>
#include <string>

namespace ofex::train {

class Evaluator {
public:
  Evaluator(const std::string &env, uint64_t seed, int64_t episodes);

  struct Stats {
    double mean = 0, std = 0; ///< over the episodes' returns
  };
  /// The evaluation episodes run by `policy`.
  Stats evaluate(const Policy &policy);
  int64_t episodes() const { return episodes_; }

private:
  std::unique_ptr<envs::Task> task;
  uint64_t seed;
  int64_t episodes_;
};

} // namespace ofex::train

#endif // OFEX_TRAIN_EVALUATOR_H
