//===- TaskImpls.h - Constructors of the concrete tasks -------------------===//
//
// Each task lives in its own file; the registry only needs these factories.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_ENVS_TASKIMPLS_H
#define OFEX_ENVS_TASKIMPLS_H

#include "ofex/envs/Task.h"

#include <algorithm>
#include <memory>
#include <vector>

namespace ofex::envs {

std::unique_ptr<Task> makeHalfCheetah(const TaskOptions &options);
std::unique_ptr<Task> makeHopper(const TaskOptions &options);
std::unique_ptr<Task> makeWalker2d(const TaskOptions &options);
std::unique_ptr<Task> makeAnt(const TaskOptions &options);
std::unique_ptr<Task> makeHumanoid(const TaskOptions &options);
std::unique_ptr<Task> makeInvertedPendulum(const TaskOptions &options);

/// A spec with a uniform action box [low, high]^act_dim.
inline TaskSpec boxSpec(const char *name, int obs_dim, int act_dim, double low,
                        double high) {
  TaskSpec spec;
  spec.name = name;
  spec.obs_dim = obs_dim;
  spec.act_dim = act_dim;
  spec.act_low.assign(static_cast<std::size_t>(act_dim), low);
  spec.act_high.assign(static_cast<std::size_t>(act_dim), high);
  return spec;
}

/// Appends values[begin, end) to out.
inline void append(std::vector<double> &out, const mjtNum *values, int begin,
                   int end) {
  out.insert(out.end(), values + begin, values + end);
}

/// Appends values[0, n) clipped to [-bound, bound].
inline void appendClipped(std::vector<double> &out, const mjtNum *values, int n,
                          double bound) {
  for (int i = 0; i < n; ++i)
    out.push_back(std::clamp(values[i], -bound, bound));
}

} // namespace ofex::envs

#endif // OFEX_ENVS_TASKIMPLS_H
