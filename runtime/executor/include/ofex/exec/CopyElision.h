//===- CopyElision.h - Turn concat/slice copies into column views ---------===//
//
// A DenseNet layer reads the concatenation of everything before it, so the
// lowering emits one concat per layer (copying the whole prefix again: O(L^2)
// traffic) and, in the backward pass, two slices and an add per layer. Since
// every operand of a matmul may be a strided view, most of these copies need
// not exist. elideCopies rewrites a valid plan:
//
//  1. dst = A + M, where M is the fresh, single-use result of a plain matmul
//     and A is dead afterwards, becomes that matmul accumulating into A (the
//     add and M's pass over memory disappear).
//  2. A slice whose result is only read by matmuls (as src or weights) and
//     copies (slice, concat, reorder), or is the accumulation target of (1),
//     becomes a view of its source's columns.
//  3. A concat's sources that a matmul (as dst) or a copy writes, and only
//     matmuls and copies read, become views of its result; the other sources
//     (inputs, results, element-wise and normalization outputs: oneDNN's
//     element-wise and binary kernels fall back to reference code on strided
//     memory, the host kernels assume dense rows) are copied into their
//     columns by a reorder each.
//
// Each rewrite is applied only where the rules below it show that no view
// aliases columns another step writes while the view's value is still
// needed; what they cannot show stays a copy. Buffer ids are kept (only
// steps change), so names and ids still find the same buffers. The executor
// applies it unless told not to.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_EXEC_COPYELISION_H
#define OFEX_EXEC_COPYELISION_H

#include "ofex/exec/Plan.h"

namespace ofex::exec {

/// Counts of what elideCopies changed.
struct CopyElisionStats {
  int accumulates = 0;  ///< adds folded into matmuls
  int slices = 0;       ///< slices turned into views
  int concatViews = 0;  ///< concat sources written in place
  int concatCopies = 0; ///< concat sources copied into place by a reorder
};

/// Rewrites `plan` (which must be valid) as described above.
CopyElisionStats elideCopies(Plan &plan);

} // namespace ofex::exec

#endif // OFEX_EXEC_COPYELISION_H
