//===- Primitives.h - One oneDNN primitive per plan step ------------------===//
#ifndef OFEX_EXEC_LIB_PRIMITIVES_H
#define OFEX_EXEC_LIB_PRIMITIVES_H

#include "ofex/exec/Plan.h"
#include "ofex/exec/Precision.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <vector>

namespace ofex::exec::detail {

/// Stands for the executor's vector of ones in a PrimitiveArg: sums are
/// matmuls with it (see Primitives.cpp).
inline constexpr BufferId kOnesBuffer = -2;

/// Where a primitive argument's data is staged (bf16 matmuls only): oneDNN
/// 2.6 runs bf16 matmuls on AMX only with dense operands and a dense
/// destination, so the executor stages them in an area of its own.
enum class Staging {
  None,           ///< the buffer itself
  Bf16,           ///< a bf16 mirror laid out as the buffer (Bf16Mirrors.h)
  Bf16Transposed, ///< the same, transposed (cols x rows)
  DenseF32,       ///< a dense fp32 destination, copied into the buffer after
                  ///< each run (and from it before, when accumulating)
};

/// One execution argument: the oneDNN argument index, the buffer bound to it
/// and the descriptor through which the primitive reads it (a transposed
/// view of a row-major buffer has its own descriptor; a staged argument's
/// describes its staging).
struct PrimitiveArg {
  int arg;
  BufferId buffer;
  dnnl::memory::desc desc;
  Staging staging = Staging::None;
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
/// so one shared buffer serves every primitive; with Precision::BF16 a
/// matmul step with a contraction of at least `minBf16Depth` reads bf16
/// copies of its operands. Throws PlanError (naming the step) if oneDNN
/// rejects it.
PrimitiveSpec buildPrimitive(const Plan &plan, size_t stepIndex,
                             const dnnl::engine &engine,
                             Precision precision = Precision::F32,
                             int64_t minBf16Depth = 0);

} // namespace ofex::exec::detail

#endif // OFEX_EXEC_LIB_PRIMITIVES_H
