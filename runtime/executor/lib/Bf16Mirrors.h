//===- Bf16Mirrors.h - bf16 copies of matmul operands, kept fresh --------===//
//
// A bf16 matmul reads bfloat16 copies of its operands. Made anew for every
// matmul they would cost as much as the AMX matmuls themselves on a
// DenseNet, whose every layer reads the concatenation of all layers before
// it. So the executor keeps one bf16 mirror per buffer (per root, for
// column views) through a run, and converts a column again only after a
// step wrote it: a layer's matmul converts just the columns its predecessor
// appended. Every run starts with all mirrors stale (parameters, inputs and
// bindings change between runs).
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_EXEC_LIB_BF16MIRRORS_H
#define OFEX_EXEC_LIB_BF16MIRRORS_H

#include "AlignedBuffer.h"

#include "ofex/exec/Plan.h"

#include <cstdint>
#include <map>
#include <vector>

namespace ofex::exec::detail {

class Bf16Mirrors {
public:
  explicit Bf16Mirrors(const Plan &plan) : plan(plan) {}

  /// Mirrors buffer `b`'s root (call before allocate()).
  void want(BufferId b);
  void allocate();
  /// `b`'s first element in its root's mirror: rows with the root's row
  /// stride, as `b` itself lies in its root.
  uint16_t *at(BufferId b);
  /// Converts the columns of `b` that are stale; `rootData` is the root's
  /// current storage.
  void refresh(BufferId b, const float *rootData);
  /// After a step wrote `b` (no-op unless its root is mirrored).
  void stale(BufferId b);
  void staleAll();
  bool mirrored(BufferId b) const { return mirrors.count(rootOf(b)) != 0; }

private:
  struct Mirror {
    AlignedBuffer<> data;
    std::vector<uint8_t> fresh; ///< per column of the root
  };
  BufferId rootOf(BufferId b) const {
    const Buffer &buf = plan.buffers[size_t(b)];
    return buf.isView() ? buf.view_of : b;
  }
  int64_t firstColumn(BufferId b) const {
    const Buffer &buf = plan.buffers[size_t(b)];
    return buf.isView() ? buf.view_col : 0;
  }

  const Plan &plan;
  std::map<BufferId, Mirror> mirrors;
};

} // namespace ofex::exec::detail

#endif // OFEX_EXEC_LIB_BF16MIRRORS_H
