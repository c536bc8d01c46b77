//===- Primitives.cpp - Map plan steps onto oneDNN 2.6 primitives ---------===//

#include "Primitives.h"

#include <type_traits>

namespace ofex::exec::detail {

namespace {

using dnnl::algorithm;
using dnnl::memory;
using Tag = memory::format_tag;

/// A buffer as stored: rows x cols, row-major with `ld` floats from one row
/// to the next (cols, or a view's root's cols).
memory::desc stridedDesc(const Buffer &b, int64_t ld,
                         memory::data_type type = memory::data_type::f32) {
  if (ld == b.cols)
    return memory::desc({b.rows, b.cols}, type, Tag::ab);
  return memory::desc({b.rows, b.cols}, type, memory::dims{ld, 1});
}

/// A buffer read as its transpose: logically cols x rows with the strides
/// of the row-major storage, so no copy is needed.
memory::desc
transposedStridedDesc(const Buffer &b, int64_t ld,
                      memory::data_type type = memory::data_type::f32) {
  if (ld == b.cols)
    return memory::desc({b.cols, b.rows}, type, Tag::ba);
  return memory::desc({b.cols, b.rows}, type, memory::dims{1, ld});
}

algorithm eltwiseAlgorithm(EltwiseAlg alg, bool fromDst) {
  switch (alg) {
  case EltwiseAlg::Relu:
    return fromDst ? algorithm::eltwise_relu_use_dst_for_bwd
                   : algorithm::eltwise_relu;
  case EltwiseAlg::Swish:
    return algorithm::eltwise_swish;
  case EltwiseAlg::Tanh:
    return fromDst ? algorithm::eltwise_tanh_use_dst_for_bwd
                   : algorithm::eltwise_tanh;
  case EltwiseAlg::Logistic:
    return fromDst ? algorithm::eltwise_logistic_use_dst_for_bwd
                   : algorithm::eltwise_logistic;
  case EltwiseAlg::Linear:
    return algorithm::eltwise_linear;
  case EltwiseAlg::Square:
    return algorithm::eltwise_square;
  case EltwiseAlg::Exp:
    return fromDst ? algorithm::eltwise_exp_use_dst_for_bwd
                   : algorithm::eltwise_exp;
  case EltwiseAlg::Log:
    return algorithm::eltwise_log;
  case EltwiseAlg::Sqrt:
    return fromDst ? algorithm::eltwise_sqrt_use_dst_for_bwd
                   : algorithm::eltwise_sqrt;
  case EltwiseAlg::Abs:
    return algorithm::eltwise_abs;
  }
  throw PlanError("unknown eltwise algorithm");
}

algorithm binaryAlgorithm(BinaryAlg alg) {
  switch (alg) {
  case BinaryAlg::Add:
    return algorithm::binary_add;
  case BinaryAlg::Sub:
    return algorithm::binary_sub;
  case BinaryAlg::Mul:
    return algorithm::binary_mul;
  case BinaryAlg::Div:
    return algorithm::binary_div;
  case BinaryAlg::Max:
    return algorithm::binary_max;
  case BinaryAlg::Min:
    return algorithm::binary_min;
  case BinaryAlg::Le:
    return algorithm::binary_le;
  case BinaryAlg::Lt:
    return algorithm::binary_lt;
  }
  throw PlanError("unknown binary algorithm");
}

algorithm reduceAlgorithm(ReduceAlg alg) {
  switch (alg) {
  case ReduceAlg::Sum:
    return algorithm::reduction_sum;
  case ReduceAlg::Mean:
    return algorithm::reduction_mean;
  case ReduceAlg::Max:
    return algorithm::reduction_max;
  case ReduceAlg::Min:
    return algorithm::reduction_min;
  }
  throw PlanError("unknown reduction algorithm");
}

/// Layer norm's B x N data, normalized over the last dimension (batch norm
/// runs on the host: BatchNorm.cpp).
memory::desc normDataDesc(const Buffer &b) {
  return memory::desc({b.rows, b.cols}, memory::data_type::f32, Tag::ab);
}

/// Layer norm's mean/variance: one per row (a B x 1 buffer), contiguous, so a
/// 1-D descriptor.
memory::desc statDesc(const Buffer &b) {
  return memory::desc({b.rows}, memory::data_type::f32, Tag::a);
}

/// Scale, shift and their gradients: one per column, 1-D in oneDNN.
memory::desc paramDesc(const Buffer &b) {
  return memory::desc({b.cols}, memory::data_type::f32, Tag::a);
}

/// oneDNN 2.6 has separate use_scale / use_shift flags (besides the older
/// use_scaleshift with a packed 2 x C tensor), so scale and shift stay
/// separate buffers.
dnnl::normalization_flags normFlags(bool scale, bool shift) {
  auto flags = dnnl::normalization_flags::none;
  if (scale)
    flags |= dnnl::normalization_flags::use_scale;
  if (shift)
    flags |= dnnl::normalization_flags::use_shift;
  return flags;
}

dnnl::primitive_attr userScratchpad() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

/// Builds the spec of one step kind; a visitor so adding a kind to Step
/// without handling it here fails to compile.
class Builder {
public:
  Builder(const Plan &p, const dnnl::engine &e, Precision precision,
          int64_t minBf16Depth)
      : plan(p), engine(e), precision(precision), minBf16Depth(minBf16Depth) {}

  const Buffer &buf(BufferId id) const { return plan.buffers[size_t(id)]; }

  /// Descriptors with the buffer's real row stride (a view's is its root's).
  memory::desc plainDesc(const Buffer &b) const {
    return stridedDesc(b, plan.rowStride(b));
  }
  memory::desc transposedDesc(const Buffer &b) const {
    return transposedStridedDesc(b, plan.rowStride(b));
  }

  template <class P>
  static PrimitiveSpec finish(const typename P::primitive_desc &pd,
                              std::vector<PrimitiveArg> args) {
    return {P(pd), std::move(args), pd.scratchpad_desc()};
  }

  /// A matmul operand: the buffer as stored (fp32), or its bf16 mirror,
  /// laid out as the buffer; transposed weights (dX = dY W^T) are copied
  /// transposed instead, which oneDNN 2.6 runs on AMX.
  memory::desc operandDesc(const Buffer &b, bool transposed, bool weights,
                           bool bf16) const {
    if (!bf16)
      return transposed ? transposedDesc(b) : plainDesc(b);
    const auto type = memory::data_type::bf16;
    if (transposed && weights)
      return memory::desc({b.cols, b.rows}, type, Tag::ab);
    const int64_t ld = plan.rowStride(b);
    return transposed ? transposedStridedDesc(b, ld, type)
                      : stridedDesc(b, ld, type);
  }

  PrimitiveSpec operator()(const MatmulStep &s) const {
    // A short contraction stays fp32 (ExecutorOptions::bf16_min_depth).
    const int64_t k = s.trans_src ? buf(s.src).rows : buf(s.src).cols;
    const bool bf16 = precision == Precision::BF16 && k >= minBf16Depth;
    // A strided destination (a column view) sends a bf16 matmul to oneDNN's
    // generic GEMM: it writes a dense one, which the executor copies over.
    const bool stageDst = bf16 && plan.rowStride(buf(s.dst)) != buf(s.dst).cols;
    memory::desc dst = stageDst
                           ? memory::desc({buf(s.dst).rows, buf(s.dst).cols},
                                          memory::data_type::f32, Tag::ab)
                           : plainDesc(buf(s.dst));
    memory::desc src = operandDesc(buf(s.src), s.trans_src, false, bf16);
    memory::desc w = operandDesc(buf(s.weights), s.trans_weights, true, bf16);
    const Staging operand = bf16 ? Staging::Bf16 : Staging::None;
    const Staging weights = !bf16             ? Staging::None
                            : s.trans_weights ? Staging::Bf16Transposed
                                              : Staging::Bf16;
    dnnl::post_ops ops;
    // The sum post-op comes first, so accumulation happens before the
    // activations: dst = f(src x W + b + dst).
    if (s.accumulate)
      ops.append_sum(1.0f);
    for (const Activation &a : s.post_ops)
      ops.append_eltwise(1.0f, eltwiseAlgorithm(a.alg, false), a.alpha, a.beta);
    std::vector<PrimitiveArg> args = {
        {DNNL_ARG_SRC, s.src, src, operand},
        {DNNL_ARG_WEIGHTS, s.weights, w, weights},
        {DNNL_ARG_DST, s.dst, dst,
         stageDst ? Staging::DenseF32 : Staging::None}};
    // The row multiplier is the last post-op; its operand is passed under
    // the post-op's index.
    if (s.mul != kNoBuffer) {
      memory::desc mul = plainDesc(buf(s.mul));
      int index = ops.len();
      ops.append_binary(algorithm::binary_mul, mul);
      args.push_back(
          {DNNL_ARG_ATTR_MULTIPLE_POST_OP(index) | DNNL_ARG_SRC_1, s.mul, mul});
    }
    dnnl::primitive_attr attr = userScratchpad();
    attr.set_post_ops(ops);
    if (s.bias != kNoBuffer) {
      memory::desc bias = plainDesc(buf(s.bias));
      args.push_back({DNNL_ARG_BIAS, s.bias, bias});
      return finish<dnnl::matmul>(
          dnnl::matmul::primitive_desc(dnnl::matmul::desc(src, w, bias, dst),
                                       attr, engine),
          args);
    }
    return finish<dnnl::matmul>(
        dnnl::matmul::primitive_desc(dnnl::matmul::desc(src, w, dst), attr,
                                     engine),
        args);
  }

  PrimitiveSpec operator()(const EltwiseStep &s) const {
    memory::desc md = plainDesc(buf(s.src));
    dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference,
                                  eltwiseAlgorithm(s.fn.alg, false), md,
                                  s.fn.alpha, s.fn.beta);
    return finish<dnnl::eltwise_forward>(
        dnnl::eltwise_forward::primitive_desc(d, userScratchpad(), engine),
        {{DNNL_ARG_SRC, s.src, md}, {DNNL_ARG_DST, s.dst, md}});
  }

  PrimitiveSpec operator()(const EltwiseBackwardStep &s) const {
    memory::desc md = plainDesc(buf(s.data));
    algorithm alg = eltwiseAlgorithm(s.fn.alg, s.from_dst);
    // oneDNN needs the forward primitive descriptor as a hint.
    dnnl::eltwise_forward::primitive_desc hint(
        dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training, alg, md,
                                    s.fn.alpha, s.fn.beta),
        engine);
    dnnl::eltwise_backward::desc d(alg, md, md, s.fn.alpha, s.fn.beta);
    return finish<dnnl::eltwise_backward>(
        dnnl::eltwise_backward::primitive_desc(d, userScratchpad(), engine,
                                               hint),
        {{s.from_dst ? DNNL_ARG_DST : DNNL_ARG_SRC, s.data, md},
         {DNNL_ARG_DIFF_DST, s.diff_dst, md},
         {DNNL_ARG_DIFF_SRC, s.diff_src, md}});
  }

  PrimitiveSpec operator()(const BinaryStep &s) const {
    memory::desc lhs = plainDesc(buf(s.lhs));
    memory::desc rhs = plainDesc(buf(s.rhs));
    memory::desc dst = plainDesc(buf(s.dst));
    dnnl::binary::desc d(binaryAlgorithm(s.alg), lhs, rhs, dst);
    return finish<dnnl::binary>(
        dnnl::binary::primitive_desc(d, userScratchpad(), engine),
        {{DNNL_ARG_SRC_0, s.lhs, lhs},
         {DNNL_ARG_SRC_1, s.rhs, rhs},
         {DNNL_ARG_DST, s.dst, dst}});
  }

  PrimitiveSpec operator()(const ConcatStep &s) const {
    std::vector<memory::desc> srcs;
    std::vector<PrimitiveArg> args;
    for (size_t i = 0; i < s.srcs.size(); ++i) {
      srcs.push_back(plainDesc(buf(s.srcs[i])));
      args.push_back({DNNL_ARG_MULTIPLE_SRC + int(i), s.srcs[i], srcs.back()});
    }
    memory::desc dst = plainDesc(buf(s.dst));
    args.push_back({DNNL_ARG_DST, s.dst, dst});
    return finish<dnnl::concat>(
        dnnl::concat::primitive_desc(dst, /*concat_dimension=*/1, srcs, engine,
                                     userScratchpad()),
        args);
  }

  PrimitiveSpec operator()(const ReduceStep &s) const {
    if (s.alg == ReduceAlg::Sum || s.alg == ReduceAlg::Mean)
      return sumAsMatmul(s);
    memory::desc src = plainDesc(buf(s.src));
    memory::desc dst = plainDesc(buf(s.dst));
    dnnl::reduction::desc d(reduceAlgorithm(s.alg), src, dst, 0.0f, 0.0f);
    return finish<dnnl::reduction>(
        dnnl::reduction::primitive_desc(d, userScratchpad(), engine),
        {{DNNL_ARG_SRC, s.src, src}, {DNNL_ARG_DST, s.dst, dst}});
  }

  PrimitiveSpec operator()(const SumStep &s) const {
    std::vector<memory::desc> srcs;
    std::vector<PrimitiveArg> args;
    for (size_t i = 0; i < s.srcs.size(); ++i) {
      srcs.push_back(plainDesc(buf(s.srcs[i])));
      args.push_back({DNNL_ARG_MULTIPLE_SRC + int(i), s.srcs[i], srcs.back()});
    }
    memory::desc dst = plainDesc(buf(s.dst));
    args.push_back({DNNL_ARG_DST, s.dst, dst});
    return finish<dnnl::sum>(dnnl::sum::primitive_desc(
                                 dst, s.scales, srcs, engine, userScratchpad()),
                             args);
  }

  PrimitiveSpec operator()(const ReorderStep &s) const {
    // Only transposes get here (plain copies are host row copies): the
    // source is read through a transposed view, so the reorder copies
    // between two layouts of the dst's logical shape.
    memory::desc src = transposedDesc(buf(s.src));
    memory::desc dst = plainDesc(buf(s.dst));
    return finish<dnnl::reorder>(
        dnnl::reorder::primitive_desc(engine, src, engine, dst,
                                      userScratchpad()),
        {{DNNL_ARG_FROM, s.src, src}, {DNNL_ARG_TO, s.dst, dst}});
  }

  // Column slices are row copies on the host (CopyRows.cpp).
  PrimitiveSpec operator()(const SliceStep &) const { return hostStep(); }

  PrimitiveSpec operator()(const NormStep &s) const {
    if (s.kind == NormKind::Batch)
      hostStep(); // BatchNorm.cpp
    const Buffer &in = buf(s.src);
    memory::desc data = normDataDesc(in);
    memory::desc stat = statDesc(in);
    memory::desc param = paramDesc(in);
    auto flags = normFlags(s.scale != kNoBuffer, s.shift != kNoBuffer);
    std::vector<PrimitiveArg> args = {{DNNL_ARG_SRC, s.src, data},
                                      {DNNL_ARG_DST, s.dst, data},
                                      {DNNL_ARG_MEAN, s.mean, stat},
                                      {DNNL_ARG_VARIANCE, s.variance, stat}};
    if (s.scale != kNoBuffer)
      args.push_back({DNNL_ARG_SCALE, s.scale, param});
    if (s.shift != kNoBuffer)
      args.push_back({DNNL_ARG_SHIFT, s.shift, param});
    const auto prop = dnnl::prop_kind::forward_training;
    return finish<dnnl::layer_normalization_forward>(
        dnnl::layer_normalization_forward::primitive_desc(
            dnnl::layer_normalization_forward::desc(prop, data, stat, s.eps,
                                                    flags),
            userScratchpad(), engine),
        args);
  }

  PrimitiveSpec operator()(const NormBackwardStep &s) const {
    if (s.kind == NormKind::Batch)
      hostStep(); // BatchNorm.cpp
    const Buffer &in = buf(s.src);
    memory::desc data = normDataDesc(in);
    memory::desc stat = statDesc(in);
    memory::desc param = paramDesc(in);
    bool hasScale = s.scale != kNoBuffer;
    bool hasShift = s.diff_shift != kNoBuffer;
    // prop_kind::backward writes diff_scale with use_scale and diff_shift
    // with use_shift; backward_data only diff_src, and oneDNN 2.6 has no
    // backward_data implementation with a scale (validation therefore
    // requires diff_scale whenever scale is set).
    auto prop = hasScale || hasShift ? dnnl::prop_kind::backward
                                     : dnnl::prop_kind::backward_data;
    auto flags = normFlags(hasScale, hasShift);
    std::vector<PrimitiveArg> args = {{DNNL_ARG_SRC, s.src, data},
                                      {DNNL_ARG_MEAN, s.mean, stat},
                                      {DNNL_ARG_VARIANCE, s.variance, stat},
                                      {DNNL_ARG_DIFF_DST, s.diff_dst, data},
                                      {DNNL_ARG_DIFF_SRC, s.diff_src, data}};
    if (hasScale) {
      args.push_back({DNNL_ARG_SCALE, s.scale, param});
      args.push_back({DNNL_ARG_DIFF_SCALE, s.diff_scale, param});
    }
    if (hasShift) {
      args.push_back({DNNL_ARG_DIFF_SHIFT, s.diff_shift, param});
      // oneDNN 2.6 lists the shift as an input of the backward pass with
      // use_shift (and fails execution without it) although the gradients
      // do not depend on it; the executor's constant ones stand in.
      args.push_back({DNNL_ARG_SHIFT, kOnesBuffer, param});
    }
    // oneDNN needs a forward primitive descriptor as a hint.
    const auto fwd = dnnl::prop_kind::forward_training;
    using Fwd = dnnl::layer_normalization_forward;
    using Bwd = dnnl::layer_normalization_backward;
    Fwd::primitive_desc hint(Fwd::desc(fwd, data, stat, s.eps, flags), engine);
    PrimitiveSpec spec = finish<Bwd>(
        Bwd::primitive_desc(Bwd::desc(prop, data, data, stat, s.eps, flags),
                            userScratchpad(), engine, hint),
        args);
    if (hasShift)
      spec.ones = in.cols;
    return spec;
  }

  PrimitiveSpec operator()(const AdamStep &) const { return hostStep(); }
  PrimitiveSpec operator()(const BernoulliStep &) const { return hostStep(); }
  PrimitiveSpec operator()(const ThetaStep &) const { return hostStep(); }
  PrimitiveSpec operator()(const RunningStatsStep &) const {
    return hostStep(); // BatchNorm.cpp
  }

private:
  /// oneDNN 2.6 has only its reference (scalar, single-threaded) reduction
  /// for rows of a row-major matrix, which costs more than the matmuls of a
  /// training step; a sum is a product with a vector of ones, which runs on
  /// the GEMM kernels: 1 x R ones times R x C, R x C times C x 1 ones, or the
  /// buffer viewed as 1 x RC times RC x 1 ones. A mean scales the result with
  /// a linear post-op.
  PrimitiveSpec sumAsMatmul(const ReduceStep &s) const {
    const Buffer &in = buf(s.src), &out = buf(s.dst);
    const auto f32 = memory::data_type::f32;
    memory::desc a, b;
    BufferId aId = s.src, bId = s.src;
    int64_t count;
    if (out.rows == 1 && out.cols == in.cols) { // over rows
      count = in.rows;
      a = memory::desc({1, count}, f32, Tag::ab);
      aId = kOnesBuffer;
      b = plainDesc(in);
    } else if (out.rows == in.rows) { // over columns
      count = in.cols;
      a = plainDesc(in);
      b = memory::desc({count, 1}, f32, Tag::ab);
      bId = kOnesBuffer;
    } else { // over everything
      count = in.elements();
      a = memory::desc({1, count}, f32, Tag::ab);
      b = memory::desc({count, 1}, f32, Tag::ab);
      bId = kOnesBuffer;
    }
    memory::desc dst = plainDesc(out);
    dnnl::primitive_attr attr = userScratchpad();
    if (s.alg == ReduceAlg::Mean) {
      dnnl::post_ops ops;
      ops.append_eltwise(1.0f, algorithm::eltwise_linear, 1.0f / float(count),
                         0.0f);
      attr.set_post_ops(ops);
    }
    PrimitiveSpec spec =
        finish<dnnl::matmul>(dnnl::matmul::primitive_desc(
                                 dnnl::matmul::desc(a, b, dst), attr, engine),
                             {{DNNL_ARG_SRC, aId, a},
                              {DNNL_ARG_WEIGHTS, bId, b},
                              {DNNL_ARG_DST, s.dst, dst}});
    spec.ones = count;
    return spec;
  }

  [[noreturn]] static PrimitiveSpec hostStep() {
    throw PlanError("internal: host steps have no oneDNN primitive");
  }

  const Plan &plan;
  const dnnl::engine &engine;
  Precision precision;
  int64_t minBf16Depth;
};

} // namespace

bool isPrimitiveStep(const Step &step) {
  if (const auto *r = std::get_if<ReorderStep>(&step))
    return r->transpose; // copies run as CopyRows.cpp
  if (std::holds_alternative<SliceStep>(step))
    return false;
  if (const auto *n = std::get_if<NormStep>(&step))
    return n->kind != NormKind::Batch;
  if (const auto *n = std::get_if<NormBackwardStep>(&step))
    return n->kind != NormKind::Batch;
  return !std::holds_alternative<AdamStep>(step) &&
         !std::holds_alternative<BernoulliStep>(step) &&
         !std::holds_alternative<ThetaStep>(step) &&
         !std::holds_alternative<RunningStatsStep>(step);
}

PrimitiveSpec buildPrimitive(const Plan &plan, size_t stepIndex,
                             const dnnl::engine &engine, Precision precision,
                             int64_t minBf16Depth) {
  const Step &step = plan.steps[stepIndex];
  try {
    return std::visit(Builder(plan, engine, precision, minBf16Depth), step);
  } catch (const dnnl::error &e) {
    throw PlanError("step " + std::to_string(stepIndex) + " (" +
                    stepKindName(step) +
                    "): oneDNN cannot create this primitive: " + e.what());
  }
}

} // namespace ofex::exec::detail
