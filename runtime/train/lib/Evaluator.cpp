//===- Evaluator.cpp - deterministic evaluation episodes ------------------===//

#include "ofex/train/Evaluator.h"

#include "ofex/envs/Registry.h"

#include <cmath>
#include <vector>

namespace ofex::train {

Evaluator::Evaluator(const std::string &env, uint64_t seed, int64_t episodes)
    : task(envs::makeTask(env)), seed(seed), episodes_(episodes) {}

Evaluator::Stats Evaluator::evaluate(const Policy &policy) {
  std::vector<double> returns;
  for (int64_t i = 0; i < episodes_; ++i)
    returns.push_back(runEpisode(*task, seed + 1000 + uint64_t(i), policy).ret);
  Stats s;
  for (double r : returns)
    s.mean += r / returns.size();
  double var = 0;
  for (double r : returns)
    var += (r - s.mean) * (r - s.mean) / returns.size();
  s.std = std::sqrt(var);
  return s;
}

} // namespace ofex::train
