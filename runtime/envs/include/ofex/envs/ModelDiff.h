//===- ModelDiff.h - Field-by-field comparison of two compiled models -----===//
//
// Two MJCF files describe the same physics when MuJoCo compiles them to the
// same numbers: options, sizes, and every array of mjModel that dynamics,
// collision or the solver read. compareModels walks all of them (through
// MuJoCo's own field list, mjxmacro.h) and reports each field that differs,
// marking those that only naming, rendering or memory sizing read.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_ENVS_MODELDIFF_H
#define OFEX_ENVS_MODELDIFF_H

#include <mujoco/mujoco.h>

#include <cstddef>
#include <string>
#include <vector>

namespace ofex::envs {

/// One field of mjModel (or of its mjOption / mjStatistic) that differs.
struct FieldDifference {
  std::string field;   ///< e.g. "geom_solimp", "opt.integrator", "nbody"
  bool physics = true; ///< false: read only by names, rendering, memory sizes
  bool size_mismatch = false; ///< the two arrays have different lengths
  std::size_t index = 0;      ///< flat index of the largest difference
  double a = 0, b = 0;        ///< the values there (the lengths, on a mismatch)
  double max_abs = 0;         ///< the largest |a - b| (+inf on a mismatch)
};

/// Every field in which `a` and `b` differ, in MuJoCo's field order. Exact
/// comparison: a difference in the last bit is a difference.
std::vector<FieldDifference> compareModels(const mjModel &a, const mjModel &b);

/// True when no difference is a physics one.
bool samePhysics(const std::vector<FieldDifference> &diffs);

} // namespace ofex::envs

#endif // OFEX_ENVS_MODELDIFF_H
