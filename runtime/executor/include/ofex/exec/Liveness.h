//===- Liveness.h - Share storage between Temp buffers by lifetime --------===//
//
// A Temp buffer lives from the first step that touches it to the last one.
// Temps whose lifetimes do not overlap can share one storage slot; a greedy
// interval allocator (by start step, best fit among free slots) assigns them.
// Lifetimes are closed intervals, so a step's inputs and outputs never share
// a slot and no primitive sees aliased operands it did not ask for. A view
// (CopyElision.h) has no slot: it extends its root's lifetime instead.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_EXEC_LIVENESS_H
#define OFEX_EXEC_LIVENESS_H

#include "ofex/exec/Plan.h"

#include <cstddef>
#include <vector>

namespace ofex::exec {

/// Slot sizes are rounded up to this many bytes so every slot starts on a
/// cache line (and an AVX-512 vector).
inline constexpr size_t kSlotAlignment = 64;

struct Lifetime {
  int first = -1; ///< first step touching the buffer; -1 if none does
  int last = -1;  ///< last step touching the buffer
  bool used() const { return first >= 0; }
  bool overlaps(const Lifetime &o) const {
    return used() && o.used() && first <= o.last && o.first <= last;
  }
};

struct StoragePlan {
  std::vector<Lifetime> lifetimes; ///< per buffer (all roles)
  std::vector<int> slot_of; ///< per buffer; -1 unless a used, non-view Temp
  std::vector<size_t> slot_bytes; ///< per slot, rounded to kSlotAlignment
  size_t temp_bytes_no_reuse = 0; ///< every used Temp in its own slot
  size_t temp_bytes = 0;          ///< sum of slot_bytes
  size_t owned_bytes = 0;         ///< Owned buffers (never shared)
};

/// Computes lifetimes and assigns every used Temp to a slot.
StoragePlan planStorage(const Plan &plan);

} // namespace ofex::exec

#endif // OFEX_EXEC_LIVENESS_H
