//===- PlanBuffers.cpp - buffer slots by liveness -------------------------===//
//
// A value lives from its defining op to its last user. Walking the ops in
// order, a value takes a free slot of its exact byte size when one exists
// (freed when the previous occupant's last user has run), else a new slot.
// Function arguments and results and named state are not planned: callers
// and the executor own them.
//
//===----------------------------------------------------------------------===//

#include "dnnl/DnnlDialect.h"
#include "ofex/Transforms/Passes.h"

#include "llvm/ADT/DenseMap.h"

#include <map>

namespace ofex {
#define GEN_PASS_DEF_PLANBUFFERS
#include "ofex/Transforms/Passes.h.inc"
} // namespace ofex

using namespace mlir;

namespace {
int64_t bytesOf(Type t) {
  return t.cast<ShapedType>().getNumElements() * int64_t(sizeof(float));
}

struct PlanBuffersPass : public ofex::impl::PlanBuffersBase<PlanBuffersPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      plan(func);
  }

  void plan(func::FuncOp func) {
    Block &body = func.getBody().front();
    llvm::DenseMap<Operation *, int64_t> index;
    int64_t i = 0;
    for (Operation &op : body)
      index[&op] = i++;
    Operation *ret = body.getTerminator();
    // Last use of each planned value.
    llvm::DenseMap<Value, int64_t> lastUse;
    for (Operation &op : body)
      for (Value r : op.getResults()) {
        if (isa<ofex::dnnlir::StateOp>(op) ||
            llvm::is_contained(ret->getOperands(), r))
          continue;
        int64_t last = index[&op];
        for (Operation *user : r.getUsers())
          last = std::max(last, index[user]);
        lastUse[r] = last;
      }
    std::multimap<int64_t, int64_t> free; // bytes -> slot
    std::vector<int64_t> slotBytes;
    std::multimap<int64_t, std::pair<int64_t, int64_t>> releases; // at -> slot
    int64_t planned = 0, unplanned = 0;
    Builder b(func.getContext());
    for (Operation &op : body) {
      int64_t at = index[&op];
      SmallVector<Attribute> slots;
      for (Value r : op.getResults()) {
        auto it = lastUse.find(r);
        if (it == lastUse.end()) {
          slots.push_back(b.getI64IntegerAttr(-1));
          continue;
        }
        int64_t bytes = bytesOf(r.getType()), slot;
        unplanned += bytes;
        auto f = free.find(bytes);
        if (f != free.end()) {
          slot = f->second;
          free.erase(f);
        } else {
          slot = slotBytes.size();
          slotBytes.push_back(bytes);
          planned += bytes;
        }
        releases.insert({it->second, {bytes, slot}});
        slots.push_back(b.getI64IntegerAttr(slot));
      }
      if (!slots.empty())
        op.setAttr("dnnl.slot", b.getArrayAttr(slots));
      // Slots whose value dies here are free for the ops after this one.
      auto range = releases.equal_range(at);
      for (auto r = range.first; r != range.second; ++r)
        free.insert(r->second);
      releases.erase(range.first, range.second);
    }
    func->setAttr("dnnl.bytes", b.getI64IntegerAttr(planned));
    func->setAttr("dnnl.unplanned_bytes", b.getI64IntegerAttr(unplanned));
  }
};
} // namespace
