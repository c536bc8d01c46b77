//===- CopyElision.cpp - Turn concat/slice copies into column views -------===//
//
// The three rewrites of CopyElision.h, each applied only where it provably
// keeps every value a step reads: a view's columns must not be written by a
// step that is not writing that view while the view (or, for an accumulation
// target, the buffer it was sliced from) is still read.
//
//===----------------------------------------------------------------------===//

#include "ofex/exec/CopyElision.h"

#include <algorithm>
#include <string>
#include <type_traits>

namespace ofex::exec {

namespace {

/// Whether a step touches `b` only where oneDNN takes strided memory at full
/// speed: matmul operands (not the bias or row multiplier), and the copies
/// (slice, concat, reorder). Element-wise, binary and normalization kernels
/// fall back to reference code on strided memory; host kernels assume dense.
bool stridedOk(const Step &step, BufferId b) {
  if (const auto *m = std::get_if<MatmulStep>(&step))
    return m->bias != b && m->mul != b;
  return std::holds_alternative<SliceStep>(step) ||
         std::holds_alternative<ConcatStep>(step) ||
         std::holds_alternative<ReorderStep>(step);
}

class Elider {
public:
  explicit Elider(Plan &p) : plan(p) {}

  CopyElisionStats run() {
    foldAdds();
    sliceViews();
    concatViews();
    flattenViews();
    return stats;
  }

private:
  Buffer &buf(BufferId b) { return plan.buffers[size_t(b)]; }

  /// Readers and writers of every buffer, by step index.
  void index() {
    readers.assign(plan.buffers.size(), {});
    writers.assign(plan.buffers.size(), {});
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      StepAccess a = stepAccess(plan.steps[i]);
      for (BufferId b : a.reads)
        if (readers[size_t(b)].empty() || readers[size_t(b)].back() != int(i))
          readers[size_t(b)].push_back(int(i));
      for (BufferId b : a.writes)
        if (writers[size_t(b)].empty() || writers[size_t(b)].back() != int(i))
          writers[size_t(b)].push_back(int(i));
    }
  }

  void eraseStep(size_t i) {
    plan.steps.erase(plan.steps.begin() + std::ptrdiff_t(i));
  }

  /// The buffer that owns b's storage and b's first column in it.
  std::pair<BufferId, int64_t> root(BufferId b) {
    int64_t col = 0;
    while (buf(b).isView()) {
      col += buf(b).view_col;
      b = buf(b).view_of;
    }
    return {b, col};
  }

  /// Whether b is a, or a view nested (at any depth) in a.
  bool within(BufferId b, BufferId a) {
    for (;; b = buf(b).view_of) {
      if (b == a)
        return true;
      if (!buf(b).isView())
        return false;
    }
  }

  /// Whether b's storage overlaps columns [lo, hi) of root r.
  bool overlaps(BufferId b, BufferId r, int64_t lo, int64_t hi) {
    auto [rb, col] = root(b);
    return rb == r && col < hi && lo < col + buf(b).cols;
  }

  bool sameShape(BufferId a, BufferId b) {
    return buf(a).rows == buf(b).rows && buf(a).cols == buf(b).cols;
  }

  // ---- 1. dst = A + M, M a plain matmul's single-use result -> accumulate.

  void foldAdds() {
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      const auto *add = std::get_if<BinaryStep>(&plan.steps[i]);
      if (!add || add->alg != BinaryAlg::Add)
        continue;
      BinaryStep s = *add;
      if (tryFold(i, s.lhs, s.rhs, s.dst) || tryFold(i, s.rhs, s.lhs, s.dst))
        --i; // step i was erased; look at its successor next
    }
  }

  bool tryFold(size_t i, BufferId A, BufferId M, BufferId D) {
    index();
    if (A == M || !sameShape(A, M) || !sameShape(A, D))
      return false;
    if (buf(A).role != Role::Temp || buf(M).role != Role::Temp)
      return false;
    if (writers[size_t(M)].size() != 1 ||
        readers[size_t(M)] != std::vector<int>{int(i)})
      return false;
    const int j = writers[size_t(M)][0];
    auto *mm = std::get_if<MatmulStep>(&plan.steps[size_t(j)]);
    if (!mm || j >= int(i) || mm->accumulate || !mm->post_ops.empty() ||
        mm->mul != kNoBuffer || mm->src == A || mm->weights == A ||
        mm->bias == A)
      return false;
    // A is complete before the matmul, untouched until the add, and after
    // it only read as the sum (in place) or not at all.
    for (int w : writers[size_t(A)])
      if (w >= j && !(w == int(i) && D == A))
        return false;
    for (int r : readers[size_t(A)])
      if ((r > j && r < int(i)) || (r > int(i) && D != A))
        return false;
    if (D != A && (buf(D).role != Role::Temp ||
                   writers[size_t(D)] != std::vector<int>{int(i)}))
      return false;
    mm->dst = A;
    mm->accumulate = true;
    eraseStep(i);
    if (D != A)
      for (size_t k = i; k < plan.steps.size(); ++k)
        forEachOperand(plan.steps[k], [&](BufferId &b, Access) {
          if (b == D)
            b = A;
        });
    ++stats.accumulates;
    return true;
  }

  // ---- 2. Slices -> views.

  void sliceViews() {
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      const auto *slice = std::get_if<SliceStep>(&plan.steps[i]);
      if (slice && trySliceView(i, *slice))
        --i;
    }
  }

  bool trySliceView(size_t i, SliceStep s) {
    index();
    const BufferId A = s.dst;
    if (buf(A).role != Role::Temp || buf(A).isView())
      return false;
    auto [r, col] = root(s.src);
    if (buf(r).role == Role::External)
      return false; // a caller's input: never alias it
    const int64_t lo = col + s.offset, hi = lo + buf(A).cols;
    // Writes after the slice: only matmuls accumulating into A.
    int firstAccumulate = -1;
    for (int w : writers[size_t(A)]) {
      if (w == int(i))
        continue;
      const auto *mm = std::get_if<MatmulStep>(&plan.steps[size_t(w)]);
      if (!mm || !mm->accumulate || mm->dst != A || w < int(i))
        return false;
      if (firstAccumulate < 0)
        firstAccumulate = w;
    }
    for (int rd : readers[size_t(A)])
      if (!stridedOk(plan.steps[size_t(rd)], A))
        return false;
    if (firstAccumulate >= 0 && buf(r).role != Role::Temp)
      return false; // would write into a persistent or caller buffer
    // No other step may write A's columns after the slice, nor read them
    // (through the source or another view) once A has been accumulated into.
    for (size_t k = i + 1; k < plan.steps.size(); ++k) {
      StepAccess a = stepAccess(plan.steps[k]);
      for (BufferId b : a.writes)
        if (!within(b, A) && overlaps(b, r, lo, hi))
          return false;
      if (firstAccumulate >= 0 && int(k) >= firstAccumulate)
        for (BufferId b : a.reads)
          if (!within(b, A) && overlaps(b, r, lo, hi))
            return false;
    }
    buf(A).view_of = s.src;
    buf(A).view_col = s.offset;
    eraseStep(i);
    ++stats.slices;
    return true;
  }

  // ---- 3. Concats -> sources written in place, or copied into place.

  void concatViews() {
    for (size_t i = plan.steps.size(); i-- > 0;)
      if (const auto *c = std::get_if<ConcatStep>(&plan.steps[i]))
        rewriteConcat(i, *c);
  }

  void rewriteConcat(size_t i, ConcatStep c) {
    index();
    const BufferId D = c.dst;
    auto [r, rootCol] = root(D);
    (void)rootCol;
    if (buf(r).role == Role::External ||
        writers[size_t(D)] != std::vector<int>{int(i)})
      return;
    // Sources become views only in a root nothing accumulates into (a
    // forward activation): then every region of it has one writer.
    if (!singleWriters(r))
      return;
    // A persistent root read before the concat holds the previous run's
    // value there; its parts' writers would overwrite it early.
    if (buf(r).role != Role::Temp)
      for (int rd : readers[size_t(r)])
        if (rd < int(i))
          return;
    std::vector<Step> copies;
    std::vector<BufferId> seen;
    int64_t col = 0;
    for (BufferId S : c.srcs) {
      const int64_t cols = buf(S).cols;
      if (viewable(S, i, D) &&
          std::find(seen.begin(), seen.end(), S) == seen.end()) {
        buf(S).view_of = D;
        buf(S).view_col = col;
        ++stats.concatViews;
      } else {
        BufferId V = plan.addBuffer(
            freshName(buf(D).name + ".cols" + std::to_string(col)), buf(D).rows,
            cols, Role::Temp);
        buf(V).view_of = D;
        buf(V).view_col = col;
        copies.push_back(ReorderStep{S, V, false});
        ++stats.concatCopies;
      }
      seen.push_back(S);
      col += cols;
    }
    eraseStep(i);
    plan.steps.insert(plan.steps.begin() + std::ptrdiff_t(i), copies.begin(),
                      copies.end());
  }

  /// Whether every buffer stored in root r (r and its views) has at most
  /// one writer and none accumulates: no region of r changes once written.
  bool singleWriters(BufferId r) {
    for (size_t b = 0; b < plan.buffers.size(); ++b)
      if (root(BufferId(b)).first == r)
        for (int w : writers[b]) {
          const auto *mm = std::get_if<MatmulStep>(&plan.steps[size_t(w)]);
          if ((mm && mm->accumulate) || writers[b].size() > 1)
            return false;
        }
    return true;
  }

  /// A concat source its single writer can write straight into D's columns.
  bool viewable(BufferId S, size_t concat, BufferId D) {
    if (S == D || buf(S).role != Role::Temp || buf(S).isView() ||
        writers[size_t(S)].size() != 1)
      return false;
    // S's own views (slices of it) must not be accumulated into either:
    // inside D those writes would reach D's other readers.
    if (!singleWriters(S))
      return false;
    const int w = writers[size_t(S)][0];
    const Step &writer = plan.steps[size_t(w)];
    if (w >= int(concat) || !stridedOk(writer, S))
      return false;
    if (const auto *mm = std::get_if<MatmulStep>(&writer))
      if (mm->dst != S)
        return false;
    for (int rd : readers[size_t(S)])
      if (!stridedOk(plan.steps[size_t(rd)], S))
        return false;
    return true;
  }

  /// `base`, or base.2, base.3, ... if a buffer has that name already.
  std::string freshName(const std::string &base) const {
    std::string name = base;
    for (int k = 2; plan.find(name) != kNoBuffer; ++k)
      name = base + "." + std::to_string(k);
    return name;
  }

  void flattenViews() {
    for (size_t b = 0; b < plan.buffers.size(); ++b)
      if (buf(BufferId(b)).isView()) {
        auto [r, col] = root(BufferId(b));
        buf(BufferId(b)).view_of = r;
        buf(BufferId(b)).view_col = col;
      }
  }

  Plan &plan;
  std::vector<std::vector<int>> readers, writers;
  CopyElisionStats stats;
};

} // namespace

CopyElisionStats elideCopies(Plan &plan) { return Elider(plan).run(); }

} // namespace ofex::exec
