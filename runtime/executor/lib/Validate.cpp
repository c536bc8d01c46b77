//===- Validate.cpp - Reject plans the executor cannot run ----------------===//
//
// Every rule here would otherwise surface as an opaque oneDNN status or as
// silently wrong numbers, so each failure names the step, its kind and the
// offending buffers.
//
//===----------------------------------------------------------------------===//

#include "ofex/exec/Plan.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <type_traits>
#include <utility>

namespace ofex::exec {

namespace {

std::string shapeOf(const Buffer &b) {
  return std::to_string(b.rows) + "x" + std::to_string(b.cols);
}

/// Checks one step; `fail` throws with the step's context prefixed.
class StepChecker {
public:
  StepChecker(const Plan &p, size_t index)
      : plan(p), prefix("step " + std::to_string(index) + " (" +
                        stepKindName(plan.steps[index]) + "): ") {}

  [[noreturn]] void fail(const std::string &msg) const {
    throw PlanError(prefix + msg);
  }

  /// The buffer for a required operand; `what` names the operand.
  const Buffer &get(BufferId id, const char *what) const {
    if (id == kNoBuffer)
      fail(std::string(what) + " is not set");
    if (id < 0 || size_t(id) >= plan.buffers.size())
      fail(std::string(what) + " has out-of-range buffer id " +
           std::to_string(id));
    return plan.buffers[size_t(id)];
  }

  void sameShape(const Buffer &a, const Buffer &b) const {
    if (a.rows != b.rows || a.cols != b.cols)
      fail("'" + a.name + "' is " + shapeOf(a) + " but '" + b.name + "' is " +
           shapeOf(b) + "; they must have the same shape");
  }

  void distinct(BufferId a, BufferId b, const char *why) const {
    if (a == b)
      fail("'" + plan.buffers[size_t(a)].name + "' " + why);
  }

  void operator()(const MatmulStep &s) const {
    const Buffer &src = get(s.src, "src");
    const Buffer &w = get(s.weights, "weights");
    const Buffer &dst = get(s.dst, "dst");
    int64_t m = s.trans_src ? src.cols : src.rows;
    int64_t k = s.trans_src ? src.rows : src.cols;
    int64_t wk = s.trans_weights ? w.cols : w.rows;
    int64_t n = s.trans_weights ? w.rows : w.cols;
    if (k != wk)
      fail("src '" + src.name + "' (" + shapeOf(src) +
           (s.trans_src ? ", transposed" : "") + ") and weights '" + w.name +
           "' (" + shapeOf(w) + (s.trans_weights ? ", transposed" : "") +
           ") have different inner extents " + std::to_string(k) + " and " +
           std::to_string(wk));
    if (dst.rows != m || dst.cols != n)
      fail("dst '" + dst.name + "' is " + shapeOf(dst) +
           " but the product is " + std::to_string(m) + "x" +
           std::to_string(n));
    if (s.bias != kNoBuffer) {
      const Buffer &bias = get(s.bias, "bias");
      if (bias.rows != 1 || bias.cols != n)
        fail("bias '" + bias.name + "' is " + shapeOf(bias) + "; expected 1x" +
             std::to_string(n));
      distinct(s.bias, s.dst, "is both bias and dst");
    }
    if (s.mul != kNoBuffer) {
      const Buffer &mul = get(s.mul, "mul");
      if (mul.rows != 1 || mul.cols != n)
        fail("mul '" + mul.name + "' is " + shapeOf(mul) + "; expected 1x" +
             std::to_string(n));
      distinct(s.mul, s.dst, "is both mul and dst");
    }
    distinct(s.src, s.dst, "is both src and dst; matmul cannot run in place");
    distinct(s.weights, s.dst,
             "is both weights and dst; matmul cannot run in place");
  }

  void operator()(const EltwiseStep &s) const {
    sameShape(get(s.src, "src"), get(s.dst, "dst"));
  }

  void operator()(const EltwiseBackwardStep &s) const {
    const Buffer &data = get(s.data, "data");
    sameShape(data, get(s.diff_dst, "diff_dst"));
    sameShape(data, get(s.diff_src, "diff_src"));
    if (s.from_dst) {
      switch (s.fn.alg) {
      case EltwiseAlg::Relu:
        if (s.fn.alpha < 0)
          fail("relu backward from dst needs a non-negative slope");
        break;
      case EltwiseAlg::Tanh:
      case EltwiseAlg::Logistic:
      case EltwiseAlg::Exp:
      case EltwiseAlg::Sqrt:
        break;
      default:
        fail("this function's backward needs the forward source; oneDNN has "
             "no from-dst variant (set from_dst = false)");
      }
    }
    distinct(s.data, s.diff_src, "is both data and diff_src");
  }

  void operator()(const BinaryStep &s) const {
    const Buffer &lhs = get(s.lhs, "lhs");
    const Buffer &rhs = get(s.rhs, "rhs");
    const Buffer &dst = get(s.dst, "dst");
    sameShape(lhs, dst);
    bool rowsOk = rhs.rows == lhs.rows || rhs.rows == 1;
    bool colsOk = rhs.cols == lhs.cols || rhs.cols == 1;
    if (!rowsOk || !colsOk)
      fail("rhs '" + rhs.name + "' (" + shapeOf(rhs) +
           ") cannot broadcast over lhs '" + lhs.name + "' (" + shapeOf(lhs) +
           "); each extent must match or be 1");
    if (s.rhs == s.dst && s.lhs != s.dst)
      fail("'" + dst.name + "' is both rhs and dst; only lhs may be in place");
  }

  void operator()(const ConcatStep &s) const {
    const Buffer &dst = get(s.dst, "dst");
    if (s.srcs.empty())
      fail("needs at least one source");
    int64_t cols = 0;
    for (BufferId id : s.srcs) {
      const Buffer &src = get(id, "a source");
      if (src.rows != dst.rows)
        fail("source '" + src.name + "' has " + std::to_string(src.rows) +
             " rows but dst '" + dst.name + "' has " +
             std::to_string(dst.rows));
      distinct(id, s.dst, "is both a source and dst");
      cols += src.cols;
    }
    if (cols != dst.cols)
      fail("sources have " + std::to_string(cols) +
           " columns in total but dst '" + dst.name + "' has " +
           std::to_string(dst.cols));
  }

  void operator()(const ReduceStep &s) const {
    const Buffer &src = get(s.src, "src");
    const Buffer &dst = get(s.dst, "dst");
    bool rowsOk = dst.rows == src.rows || dst.rows == 1;
    bool colsOk = dst.cols == src.cols || dst.cols == 1;
    if (!rowsOk || !colsOk)
      fail("dst '" + dst.name + "' (" + shapeOf(dst) +
           ") is not a reduction of src '" + src.name + "' (" + shapeOf(src) +
           "); each extent must match or be 1");
    if (dst.rows == src.rows && dst.cols == src.cols)
      fail("dst '" + dst.name + "' has src's shape; nothing is reduced");
  }

  void operator()(const SumStep &s) const {
    const Buffer &dst = get(s.dst, "dst");
    if (s.srcs.empty())
      fail("needs at least one source");
    if (s.scales.size() != s.srcs.size())
      fail("has " + std::to_string(s.srcs.size()) + " sources but " +
           std::to_string(s.scales.size()) + " scales");
    for (size_t i = 0; i < s.srcs.size(); ++i) {
      sameShape(get(s.srcs[i], "a source"), dst);
      if (i > 0)
        distinct(s.srcs[i], s.dst,
                 "is dst and a source other than the first; only the first "
                 "may be in place");
    }
  }

  void operator()(const ReorderStep &s) const {
    const Buffer &src = get(s.src, "src");
    const Buffer &dst = get(s.dst, "dst");
    int64_t rows = s.transpose ? src.cols : src.rows;
    int64_t cols = s.transpose ? src.rows : src.cols;
    if (dst.rows != rows || dst.cols != cols)
      fail("dst '" + dst.name + "' is " + shapeOf(dst) + "; expected " +
           std::to_string(rows) + "x" + std::to_string(cols));
    distinct(s.src, s.dst, "is both src and dst");
  }

  void operator()(const SliceStep &s) const {
    const Buffer &src = get(s.src, "src");
    const Buffer &dst = get(s.dst, "dst");
    if (dst.rows != src.rows)
      fail("dst '" + dst.name + "' has " + std::to_string(dst.rows) +
           " rows but src '" + src.name + "' has " + std::to_string(src.rows));
    if (s.offset < 0 || s.offset + dst.cols > src.cols)
      fail("columns [" + std::to_string(s.offset) + ", " +
           std::to_string(s.offset + dst.cols) + ") for dst '" + dst.name +
           "' (" + shapeOf(dst) + ") are not within src '" + src.name + "' (" +
           shapeOf(src) + ")");
    distinct(s.src, s.dst, "is both src and dst");
  }

  /// The expected shape of a normalization's mean/variance for a B x N src.
  static std::pair<int64_t, int64_t> statShape(NormKind kind,
                                               const Buffer &src) {
    return kind == NormKind::Batch ? std::pair<int64_t, int64_t>{1, src.cols}
                                   : std::pair<int64_t, int64_t>{src.rows, 1};
  }

  void normOperand(BufferId id, const char *what, int64_t rows, int64_t cols,
                   const char *why) const {
    const Buffer &b = get(id, what);
    if (b.rows != rows || b.cols != cols)
      fail(std::string(what) + " '" + b.name + "' is " + shapeOf(b) +
           "; expected " + std::to_string(rows) + "x" + std::to_string(cols) +
           " " + why);
  }

  void epsilon(float eps) const {
    if (!(eps > 0) || !std::isfinite(eps))
      fail("needs a finite eps > 0, got " + std::to_string(eps));
  }

  /// No buffer may appear twice among `ids` (unset ones are skipped).
  void allDistinct(std::initializer_list<BufferId> ids) const {
    std::vector<BufferId> seen;
    for (BufferId id : ids) {
      if (id == kNoBuffer)
        continue;
      if (std::find(seen.begin(), seen.end(), id) != seen.end())
        fail("'" + plan.buffers[size_t(id)].name +
             "' is used for two operands; normalization operands must be "
             "distinct buffers");
      seen.push_back(id);
    }
  }

  void operator()(const NormStep &s) const {
    if (s.use_stats && s.kind != NormKind::Batch)
      fail("use_stats: only batch normalization has running statistics");
    const Buffer &src = get(s.src, "src");
    auto [sr, sc] = statShape(s.kind, src);
    const char *statWhy = s.kind == NormKind::Batch
                              ? "(batch norm: one statistic per column)"
                              : "(layer norm: one statistic per row)";
    normOperand(s.dst, "dst", src.rows, src.cols, "(src's shape)");
    normOperand(s.mean, "mean", sr, sc, statWhy);
    normOperand(s.variance, "variance", sr, sc, statWhy);
    if (s.scale != kNoBuffer)
      normOperand(s.scale, "scale", 1, src.cols, "(one per column)");
    if (s.shift != kNoBuffer)
      normOperand(s.shift, "shift", 1, src.cols, "(one per column)");
    epsilon(s.eps);
    allDistinct({s.src, s.scale, s.shift, s.dst, s.mean, s.variance});
  }

  void operator()(const RunningStatsStep &s) const {
    const Buffer &src = get(s.src, "src");
    if (src.rows < 2)
      fail("src '" + src.name + "' has " + std::to_string(src.rows) +
           " row; an unbiased variance needs at least 2");
    normOperand(s.mean, "mean", 1, src.cols, "(one per column)");
    normOperand(s.variance, "variance", 1, src.cols, "(one per column)");
    allDistinct({s.src, s.mean, s.variance});
    for (BufferId id : {s.mean, s.variance})
      if (plan.buffers[size_t(id)].role == Role::Temp)
        fail("'" + plan.buffers[size_t(id)].name +
             "' is Temp but running statistics must persist across runs");
    if (!(s.momentum > 0 && s.momentum <= 1))
      fail("needs 0 < momentum <= 1, got " + std::to_string(s.momentum));
  }

  void operator()(const NormBackwardStep &s) const {
    if (s.use_stats && s.kind != NormKind::Batch)
      fail("use_stats: only batch normalization has running statistics");
    const Buffer &src = get(s.src, "src");
    auto [sr, sc] = statShape(s.kind, src);
    const char *statWhy = s.kind == NormKind::Batch
                              ? "(batch norm: one statistic per column)"
                              : "(layer norm: one statistic per row)";
    normOperand(s.mean, "mean", sr, sc, statWhy);
    normOperand(s.variance, "variance", sr, sc, statWhy);
    normOperand(s.diff_dst, "diff_dst", src.rows, src.cols, "(src's shape)");
    normOperand(s.diff_src, "diff_src", src.rows, src.cols, "(src's shape)");
    if (s.scale != kNoBuffer)
      normOperand(s.scale, "scale", 1, src.cols, "(one per column)");
    if (s.diff_scale != kNoBuffer) {
      if (s.scale == kNoBuffer)
        fail("diff_scale is set but scale is not; a normalization without "
             "scale has no scale gradient");
      normOperand(s.diff_scale, "diff_scale", 1, src.cols, "(one per column)");
    }
    if (s.diff_shift != kNoBuffer)
      normOperand(s.diff_shift, "diff_shift", 1, src.cols, "(one per column)");
    // oneDNN 2.6 has no backward-data-only implementation with a scale.
    if (s.scale != kNoBuffer && s.diff_scale == kNoBuffer)
      fail("scale is set, so diff_scale must be set too (oneDNN 2.6 cannot "
           "compute diff_src with a scale without also computing diff_scale)");
    epsilon(s.eps);
    allDistinct({s.src, s.scale, s.mean, s.variance, s.diff_dst, s.diff_src,
                 s.diff_scale, s.diff_shift});
  }

  void operator()(const AdamStep &s) const {
    const Buffer &p = get(s.param, "param");
    sameShape(p, get(s.grad, "grad"));
    sameShape(p, get(s.m, "m"));
    sameShape(p, get(s.v, "v"));
    BufferId ids[] = {s.param, s.grad, s.m, s.v};
    for (int i = 0; i < 4; ++i)
      for (int j = i + 1; j < 4; ++j)
        distinct(ids[i], ids[j], "is used for two of param, grad, m and v");
    for (BufferId id : {s.param, s.m, s.v})
      if (plan.buffers[size_t(id)].role == Role::Temp)
        fail("'" + plan.buffers[size_t(id)].name +
             "' is Temp but param, m and v must persist across runs");
    if (!(s.lr > 0) || !(s.beta1 >= 0 && s.beta1 < 1) ||
        !(s.beta2 >= 0 && s.beta2 < 1) || !(s.eps > 0))
      fail("needs lr > 0, 0 <= beta1, beta2 < 1 and eps > 0");
  }

  void operator()(const BernoulliStep &s) const {
    sameShape(get(s.theta, "theta"), get(s.xi, "xi"));
    distinct(s.theta, s.xi, "is both theta and xi");
    if (!(s.relax >= 0.0 && s.relax <= 1.0))
      fail("relax must be in [0, 1]");
  }

  void operator()(const ThetaStep &s) const {
    const Buffer &theta = get(s.theta, "theta");
    sameShape(theta, get(s.grad, "grad"));
    sameShape(theta, get(s.penalty, "penalty"));
    distinct(s.theta, s.grad, "is both theta and grad");
    distinct(s.theta, s.penalty, "is both theta and penalty");
    if (theta.role == Role::Temp)
      fail("theta '" + theta.name + "' is Temp but must persist across runs");
    if (!(s.lr > 0) || !(s.tol >= 0 && s.tol < 1) || s.freeze_steps < 0)
      fail("needs lr > 0, 0 <= tol < 1 and freeze_steps >= 0");
    if (!(s.momentum >= 0 && s.momentum < 1))
      fail("needs momentum in [0, 1)");
    if (s.momentum > 0) {
      const Buffer &v = get(s.velocity, "velocity");
      sameShape(theta, v);
      distinct(s.theta, s.velocity, "is both theta and velocity");
      if (v.role == Role::Temp)
        fail("velocity '" + v.name + "' is Temp but must persist across runs");
    }
  }

private:
  const Plan &plan;
  std::string prefix;
};

} // namespace

void validatePlan(const Plan &plan) {
  if (plan.steps.empty())
    throw PlanError("plan: has no steps");
  for (const Buffer &b : plan.buffers)
    if (b.isView())
      throw PlanError("plan: buffer '" + b.name +
                      "' is a view; only elideCopies makes views, after "
                      "validation");
  // A Temp's storage is shared with other Temps, so reading it before this
  // run wrote it would read another buffer's leftovers.
  std::vector<bool> written(plan.buffers.size(), false);
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    StepChecker check(plan, i);
    std::visit(check, plan.steps[i]);
    StepAccess access = stepAccess(plan.steps[i]);
    for (BufferId b : access.reads)
      if (plan.buffers[size_t(b)].role == Role::Temp && !written[size_t(b)])
        check.fail("reads Temp buffer '" + plan.buffers[size_t(b)].name +
                   "' before any step writes it");
    for (BufferId b : access.writes)
      written[size_t(b)] = true;
  }
}

} // namespace ofex::exec
