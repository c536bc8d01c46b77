//===- Plan.h - A straight-line list of oneDNN steps over fp32 buffers ----===//
//
// A Plan is what the compiler's `dnnl` dialect lowers to: a set of fp32
// buffers with fixed shapes (the batch size is fixed per plan) and a list of
// steps, each of which becomes exactly one oneDNN primitive or one small host
// kernel (Adam, Bernoulli sampling, the theta step, batch normalization,
// plain copies and slices). Plans are plain data so that the
// lowering, tests and tools can build them without MLIR.
//
// Every buffer is 2-D row-major. A 1-D vector of N entries is a 1 x N row,
// which is also how oneDNN broadcasts it over a B x N batch (biases, gates).
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_EXEC_PLAN_H
#define OFEX_EXEC_PLAN_H

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace ofex::exec {

/// Index of a buffer in Plan::buffers.
using BufferId = int;
inline constexpr BufferId kNoBuffer = -1;

/// Thrown for any plan the executor cannot run; the message names the step or
/// buffer at fault.
class PlanError : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// Who provides a buffer's storage and how long its contents live.
enum class Role {
  /// An intermediate: executor-owned, valid only between the step that writes
  /// it and its last reader; buffers with disjoint lifetimes share storage.
  Temp,
  /// Executor-owned and persistent across run() (parameters, Adam moments,
  /// gates, losses); zero-filled at construction. May be rebound.
  Owned,
  /// Caller-owned (inputs, targets): must be bound with Executor::bind()
  /// before run().
  External,
};

struct Buffer {
  std::string name;
  int64_t rows = 1;
  int64_t cols = 1;
  Role role = Role::Temp;
  /// Set only by elideCopies (CopyElision.h): this Temp has no storage of
  /// its own but is columns [view_col, view_col + cols) of `view_of` (a
  /// buffer that is not itself a view, with the same rows), read and written
  /// with that buffer's row stride.
  BufferId view_of = -1;
  int64_t view_col = 0;

  int64_t elements() const { return rows * cols; }
  bool isView() const { return view_of >= 0; }
  size_t bytes() const { return size_t(elements()) * sizeof(float); }
};

/// Element-wise functions, named after (and mapped 1:1 onto) oneDNN's
/// eltwise algorithms; alpha/beta keep oneDNN's meaning.
enum class EltwiseAlg {
  Relu,     ///< x > 0 ? x : alpha * x
  Swish,    ///< x * sigmoid(alpha * x); alpha = 1 is SiLU
  Tanh,     ///< tanh(x)
  Logistic, ///< sigmoid(x)
  Linear,   ///< alpha * x + beta
  Square,   ///< x * x
  Exp,      ///< exp(x)
  Log,      ///< log(x)
  Sqrt,     ///< sqrt(x)
  Abs,      ///< |x|
};

/// One element-wise function with its parameters. The factories give the
/// parameter values that make each name mean what it says (e.g. swish with
/// alpha = 1, not oneDNN's zero default).
struct Activation {
  EltwiseAlg alg = EltwiseAlg::Linear;
  float alpha = 1.0f;
  float beta = 0.0f;

  static Activation relu(float slope = 0.0f) {
    return {EltwiseAlg::Relu, slope, 0};
  }
  static Activation swish(float a = 1.0f) { return {EltwiseAlg::Swish, a, 0}; }
  static Activation tanh() { return {EltwiseAlg::Tanh, 0, 0}; }
  static Activation logistic() { return {EltwiseAlg::Logistic, 0, 0}; }
  static Activation linear(float scale, float shift = 0.0f) {
    return {EltwiseAlg::Linear, scale, shift};
  }
  static Activation square() { return {EltwiseAlg::Square, 0, 0}; }
  static Activation exp() { return {EltwiseAlg::Exp, 0, 0}; }
  static Activation log() { return {EltwiseAlg::Log, 0, 0}; }
  static Activation sqrt() { return {EltwiseAlg::Sqrt, 0, 0}; }
  static Activation abs() { return {EltwiseAlg::Abs, 0, 0}; }
};

/// dst = post_ops(op(src) x op(weights) + bias [+ dst]).
/// With trans_src the src buffer holds K x M and is read as its transpose
/// (dW = X^T dY); with trans_weights the weights buffer holds N x K
/// (dX = dY W^T). accumulate adds the previous dst (oneDNN sum post-op)
/// before the element-wise post-ops, e.g. to sum gradients of a shared input.
/// mul, if set, is a 1 x N row multiplied into the result after the
/// element-wise post-ops (a oneDNN binary post-op), e.g. a gate:
/// dst = mul * post_ops(op(src) x op(weights) + bias [+ dst]).
struct MatmulStep {
  BufferId src = kNoBuffer;
  BufferId weights = kNoBuffer;
  BufferId bias = kNoBuffer; ///< optional 1 x N
  BufferId dst = kNoBuffer;
  bool trans_src = false;
  bool trans_weights = false;
  bool accumulate = false;
  std::vector<Activation> post_ops;
  BufferId mul = kNoBuffer; ///< optional 1 x N, applied last
};

/// dst = f(src); dst may equal src (in place).
struct EltwiseStep {
  Activation fn;
  BufferId src = kNoBuffer;
  BufferId dst = kNoBuffer;
};

/// diff_src = f'(x) * diff_dst, where `data` is the forward source, or with
/// from_dst the forward destination (relu, tanh, logistic, exp, sqrt only,
/// as oneDNN supports; it saves keeping the pre-activation alive).
struct EltwiseBackwardStep {
  Activation fn;
  bool from_dst = false;
  BufferId data = kNoBuffer;
  BufferId diff_dst = kNoBuffer;
  BufferId diff_src = kNoBuffer;
};

/// Le and Lt write 1.0 where lhs <= rhs (lhs < rhs), else 0.0.
enum class BinaryAlg { Add, Sub, Mul, Div, Max, Min, Le, Lt };

/// dst = lhs (op) rhs. rhs may be a 1 x N row (or B x 1 column, or 1 x 1)
/// broadcast over lhs; dst has lhs's shape and may equal lhs.
struct BinaryStep {
  BinaryAlg alg = BinaryAlg::Add;
  BufferId lhs = kNoBuffer;
  BufferId rhs = kNoBuffer;
  BufferId dst = kNoBuffer;
};

/// dst = [srcs...] joined along the feature (column) axis.
struct ConcatStep {
  std::vector<BufferId> srcs;
  BufferId dst = kNoBuffer;
};

/// dst = columns [offset, offset + dst.cols) of src (same rows), e.g. one
/// part of a concatenation. A memcpy per row on the host.
struct SliceStep {
  BufferId src = kNoBuffer;
  BufferId dst = kNoBuffer;
  int64_t offset = 0;
};

enum class ReduceAlg { Sum, Mean, Max, Min };

/// Reduces src over every axis where dst has extent 1: B x N -> 1 x N for bias
/// gradients and dL/dxi, B x N -> 1 x 1 for a loss.
struct ReduceStep {
  ReduceAlg alg = ReduceAlg::Sum;
  BufferId src = kNoBuffer;
  BufferId dst = kNoBuffer;
};

/// dst = sum_i scales[i] * srcs[i]; all shapes equal.
struct SumStep {
  std::vector<BufferId> srcs;
  std::vector<float> scales;
  BufferId dst = kNoBuffer;
};

/// dst = src, or src^T with transpose (src R x C, dst C x R).
struct ReorderStep {
  BufferId src = kNoBuffer;
  BufferId dst = kNoBuffer;
  bool transpose = false;
};

/// Which axis a normalization's statistics run over, for a B x N src.
enum class NormKind {
  Layer, ///< per row, over the N columns: mean/variance are B x 1
  Batch, ///< per column, over the B rows: mean/variance are 1 x N
};

/// Training-mode normalization, statistics computed from src:
/// dst = (src - mean) / sqrt(variance + eps) * scale + shift, with the biased
/// variance. scale and shift are 1 x N (either may be omitted: 1 and 0).
/// mean and variance are outputs (the matching NormBackwardStep reads them);
/// they must be set, as Temp or Owned buffers. dst may not alias src.
/// With use_stats (batch kind only) mean and variance are inputs instead,
/// a batch normalization's running statistics (1 x N): evaluation mode.
struct NormStep {
  NormKind kind = NormKind::Batch;
  BufferId src = kNoBuffer;
  BufferId scale = kNoBuffer;
  BufferId shift = kNoBuffer;
  BufferId dst = kNoBuffer;
  BufferId mean = kNoBuffer;
  BufferId variance = kNoBuffer;
  float eps = 1e-5f;
  bool use_stats = false;
};

/// Gradients of a NormStep (same kind, src, scale, eps) from the mean and
/// variance it wrote: diff_src (B x N), diff_scale and, if set, diff_shift
/// (1 x N). scale and diff_scale are set together or not at all (without
/// scale the forward used 1; oneDNN 2.6 cannot skip diff_scale with a
/// scale). The forward's shift is not needed. With use_stats (the forward's
/// too) the statistics are constants: diff_src = diff_dst * scale /
/// sqrt(variance + eps).
struct NormBackwardStep {
  NormKind kind = NormKind::Batch;
  BufferId src = kNoBuffer;
  BufferId scale = kNoBuffer;
  BufferId mean = kNoBuffer;
  BufferId variance = kNoBuffer;
  BufferId diff_dst = kNoBuffer;
  BufferId diff_src = kNoBuffer;
  BufferId diff_scale = kNoBuffer;
  BufferId diff_shift = kNoBuffer;
  float eps = 1e-5f;
  bool use_stats = false;
};

/// A batch normalization's running statistics, in place, from src (B x N,
/// B >= 2): with src's per-column mean m and unbiased variance s2,
///   mean = (1 - momentum) mean + momentum m
///   variance = (1 - momentum) variance + momentum s2
/// mean and variance are 1 x N Owned buffers.
struct RunningStatsStep {
  BufferId src = kNoBuffer;
  BufferId mean = kNoBuffer;
  BufferId variance = kNoBuffer;
  double momentum = 0.01;
};

/// One bias-corrected Adam update of param from grad, with first/second
/// moments m and v (all the same shape). The step count t is held by the
/// executor and advanced once per run(), so every Adam step of a plan uses the
/// same t.
struct AdamStep {
  BufferId param = kNoBuffer;
  BufferId grad = kNoBuffer;
  BufferId m = kNoBuffer;
  BufferId v = kNoBuffer;
  // Double, so 1 - beta2 is 0.001 as written rather than float(0.999)'s
  // 0.00099998713, which would skew v by 1e-5 relative.
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
};

/// xi[j] = 1 with probability theta[j], else 0, from the executor's seeded
/// counter-based generator; theta and xi have the same shape (usually 1 x N).
/// With `relax` > 0 each unit is instead, with that probability, relaxed: its
/// xi is uniform in (0, 1). The gradient dL/dxi at a uniform xi is, in
/// expectation, L(xi = 1) - L(xi = 0): the exact theta gradient of the
/// expected loss (the relaxed theta estimator; the theta step reads which
/// units were relaxed from xi itself, the only values strictly inside).
struct BernoulliStep {
  BufferId theta = kNoBuffer;
  BufferId xi = kNoBuffer;
  double relax = 0.0;
};

/// The projected theta step of online pruning, in place on `theta` (1 x N):
///   theta = clip(theta - lr * (grad + penalty), 0, 1)
/// where a unit whose theta falls below `tol` is pruned (theta = 0, and it
/// stays 0). Nothing moves while the update count t (see Executor) is at
/// most `freeze_steps`. With `keep_one`, the last live unit is held at `tol`
/// instead of pruned (the only input of the next layer of an MLP). With
/// momentum b > 0, `velocity` (persistent) keeps m = b m + (1 - b) (grad +
/// penalty) and theta moves by lr m instead.
struct ThetaStep {
  BufferId theta = kNoBuffer;
  BufferId grad = kNoBuffer;
  BufferId penalty = kNoBuffer;
  BufferId velocity = kNoBuffer; ///< with momentum > 0
  float lr = 1.0f;
  float tol = 0.1f;
  int64_t freeze_steps = 0;
  bool keep_one = false;
  float momentum = 0.0f;
};

using Step =
    std::variant<MatmulStep, EltwiseStep, EltwiseBackwardStep, BinaryStep,
                 ConcatStep, ReduceStep, SumStep, ReorderStep, AdamStep,
                 BernoulliStep, SliceStep, NormStep, NormBackwardStep,
                 ThetaStep, RunningStatsStep>;

/// Short lower-case name of a step's kind, for messages ("matmul", "adam").
const char *stepKindName(const Step &step);

struct Plan {
  std::vector<Buffer> buffers;
  std::vector<Step> steps;

  /// Adds a buffer; names must be unique and non-empty, extents positive.
  BufferId addBuffer(std::string name, int64_t rows, int64_t cols,
                     Role role = Role::Temp);
  /// Adds a step at the end; it is checked when the executor is built.
  void addStep(Step step) { steps.push_back(std::move(step)); }

  /// The buffer with this name, or kNoBuffer.
  BufferId find(std::string_view name) const;
  /// The buffer with this name; throws PlanError if there is none.
  BufferId id(std::string_view name) const;
  const Buffer &buffer(BufferId id) const;
  /// Floats from one row of `b` to the next: its columns, or for a view its
  /// root's.
  int64_t rowStride(const Buffer &b) const {
    return b.isView() ? buffers[size_t(b.view_of)].cols : b.cols;
  }
};

/// How a step uses one of its operands.
enum class Access { Read, Write, ReadWrite };

namespace detail {
template <class> inline constexpr bool kAlwaysFalse = false;
} // namespace detail

/// Calls f(id, how) for every buffer operand of a step (`Step` or `const
/// Step`, so `id` is a reference that may be rewritten), unset ones
/// (kNoBuffer) included, in the order of the kind's fields. The one list of
/// each kind's operands: access sets and copy elision are derived from it.
template <class S, class F> void forEachOperand(S &step, F &&f) {
  std::visit(
      [&](auto &s) {
        using T = std::decay_t<decltype(s)>;
        constexpr Access R = Access::Read, W = Access::Write,
                         RW = Access::ReadWrite;
        if constexpr (std::is_same_v<T, MatmulStep>) {
          f(s.src, R);
          f(s.weights, R);
          f(s.bias, R);
          f(s.mul, R);
          f(s.dst, s.accumulate ? RW : W);
        } else if constexpr (std::is_same_v<T, EltwiseStep> ||
                             std::is_same_v<T, ReduceStep> ||
                             std::is_same_v<T, ReorderStep> ||
                             std::is_same_v<T, SliceStep>) {
          f(s.src, R);
          f(s.dst, W);
        } else if constexpr (std::is_same_v<T, EltwiseBackwardStep>) {
          f(s.data, R);
          f(s.diff_dst, R);
          f(s.diff_src, W);
        } else if constexpr (std::is_same_v<T, BinaryStep>) {
          f(s.lhs, R);
          f(s.rhs, R);
          f(s.dst, W);
        } else if constexpr (std::is_same_v<T, ConcatStep> ||
                             std::is_same_v<T, SumStep>) {
          for (auto &b : s.srcs)
            f(b, R);
          f(s.dst, W);
        } else if constexpr (std::is_same_v<T, AdamStep>) {
          f(s.param, RW);
          f(s.grad, R);
          f(s.m, RW);
          f(s.v, RW);
        } else if constexpr (std::is_same_v<T, BernoulliStep>) {
          f(s.theta, R);
          f(s.xi, W);
        } else if constexpr (std::is_same_v<T, ThetaStep>) {
          f(s.theta, RW);
          f(s.grad, R);
          f(s.penalty, R);
          f(s.velocity, RW);
        } else if constexpr (std::is_same_v<T, NormStep>) {
          f(s.src, R);
          f(s.scale, R);
          f(s.shift, R);
          f(s.dst, W);
          f(s.mean, s.use_stats ? R : W);
          f(s.variance, s.use_stats ? R : W);
        } else if constexpr (std::is_same_v<T, NormBackwardStep>) {
          for (auto *b : {&s.src, &s.scale, &s.mean, &s.variance, &s.diff_dst})
            f(*b, R);
          for (auto *b : {&s.diff_src, &s.diff_scale, &s.diff_shift})
            f(*b, W);
        } else if constexpr (std::is_same_v<T, RunningStatsStep>) {
          f(s.src, R);
          f(s.mean, RW);
          f(s.variance, RW);
        } else {
          static_assert(detail::kAlwaysFalse<T>, "unhandled step kind");
        }
      },
      step);
}

/// Buffers a step reads and writes. A buffer both read and written (Adam's
/// param, an accumulating matmul's dst, an in-place eltwise) is in both.
struct StepAccess {
  std::vector<BufferId> reads;
  std::vector<BufferId> writes;
};
StepAccess stepAccess(const Step &step);

/// Checks ids, shapes and per-kind rules, and that every Temp is written
/// before it is read; throws PlanError naming the first problem.
void validatePlan(const Plan &plan);

/// Floating-point operations of the plan's matmuls in one run (2*M*N*K each);
/// they dominate a training step and are what GFLOP/s reports count.
double planMatmulFlops(const Plan &plan);
/// The same for one step (0 unless it is a matmul).
double stepMatmulFlops(const Plan &plan, const Step &step);

} // namespace ofex::exec

#endif // OFEX_EXEC_PLAN_H
