//===- Primitives.h - One oneDNN primitive per plan step ------------------===//
#ifndef OFEX_EXEC_LIB_PRIMITIVES_H
#define OFEX_EXEC_LIB_PRIMITIVES_H

#include "ofex/exec/Plan.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <vector>

namespace ofex::exec::detail {

/// Stands for the executor's vector of ones in a PrimitiveArg: sums are
/// matmuls with it (see Primitives.cpp).
inline constexpr BufferId kOnesBuffer = -2;

/// One execution argument: the oneDNN argument index, the buffer bound to it
/// and the descriptor through which the primitive reads it (a transposed
/// view of a row-major buffer has its own descriptor).
struct PrimitiveArg {
  int arg;
  BufferId buffer;
  dnnl::memory::desc desc;
};

struct PrimitiveSpec {
  dnnl::primitive primitive;
  std::vector<PrimitiveArg> args;
  dnnl::memory::desc scratchpad; ///< zero-sized if none is needed
  int64_t ones = 0; ///< length of the ones vector kOnesBuffer must hold
};

/// True for the steps that become a oneDNN primitive (all but Adam and
/// Bernoulli).
bool isPrimitiveStep(const Step &step);

/// Creates the primitive for a validated step, with a user-managed scratchpad
/// so one shared buffer serves every primitive. Throws PlanError (naming the
/// step) if oneDNN rejects it.
PrimitiveSpec buildPrimitive(const Plan &plan, size_t stepIndex,
                             const dnnl::engine &engine);

} // namespace ofex::exec::detail

#endif // OFEX_EXEC_LIB_PRIMITIVES_H
