//===- Plan.cpp - Plan construction, access sets and FLOP counts ----------===//

#include "ofex/exec/Plan.h"

#include <type_traits>

namespace ofex::exec {

namespace {
template <class> inline constexpr bool kAlwaysFalse = false;
} // namespace

const char *stepKindName(const Step &step) {
  return std::visit(
      [](const auto &s) -> const char * {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, MatmulStep>)
          return "matmul";
        else if constexpr (std::is_same_v<T, EltwiseStep>)
          return "eltwise";
        else if constexpr (std::is_same_v<T, EltwiseBackwardStep>)
          return "eltwise_backward";
        else if constexpr (std::is_same_v<T, BinaryStep>)
          return "binary";
        else if constexpr (std::is_same_v<T, ConcatStep>)
          return "concat";
        else if constexpr (std::is_same_v<T, ReduceStep>)
          return "reduce";
        else if constexpr (std::is_same_v<T, SumStep>)
          return "sum";
        else if constexpr (std::is_same_v<T, ReorderStep>)
          return "reorder";
        else if constexpr (std::is_same_v<T, AdamStep>)
          return "adam";
        else if constexpr (std::is_same_v<T, BernoulliStep>)
          return "bernoulli";
        else if constexpr (std::is_same_v<T, SliceStep>)
          return "slice";
        else if constexpr (std::is_same_v<T, NormStep>)
          return "norm";
        else if constexpr (std::is_same_v<T, NormBackwardStep>)
          return "norm_backward";
        else if constexpr (std::is_same_v<T, ThetaStep>)
          return "theta_step";
        else if constexpr (std::is_same_v<T, RunningStatsStep>)
          return "running_stats";
        else
          static_assert(kAlwaysFalse<T>, "unhandled step kind");
      },
      step);
}

BufferId Plan::addBuffer(std::string name, int64_t rows, int64_t cols,
                         Role role) {
  if (name.empty())
    throw PlanError("plan: a buffer needs a non-empty name");
  if (find(name) != kNoBuffer)
    throw PlanError("plan: buffer '" + name + "' is defined twice");
  if (rows <= 0 || cols <= 0)
    throw PlanError("plan: buffer '" + name + "' has shape " +
                    std::to_string(rows) + "x" + std::to_string(cols) +
                    "; extents must be positive");
  buffers.push_back({std::move(name), rows, cols, role});
  return BufferId(buffers.size() - 1);
}

BufferId Plan::find(std::string_view name) const {
  for (size_t i = 0; i < buffers.size(); ++i)
    if (buffers[i].name == name)
      return BufferId(i);
  return kNoBuffer;
}

BufferId Plan::id(std::string_view name) const {
  BufferId b = find(name);
  if (b == kNoBuffer)
    throw PlanError("plan: no buffer named '" + std::string(name) + "'");
  return b;
}

const Buffer &Plan::buffer(BufferId id) const {
  if (id < 0 || size_t(id) >= buffers.size())
    throw PlanError("plan: buffer id " + std::to_string(id) +
                    " is out of range");
  return buffers[size_t(id)];
}

StepAccess stepAccess(const Step &step) {
  StepAccess a;
  auto read = [&](BufferId b) {
    if (b != kNoBuffer)
      a.reads.push_back(b);
  };
  auto write = [&](BufferId b) {
    if (b != kNoBuffer)
      a.writes.push_back(b);
  };
  std::visit(
      [&](const auto &s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, MatmulStep>) {
          read(s.src);
          read(s.weights);
          read(s.bias);
          read(s.mul);
          if (s.accumulate)
            read(s.dst);
          a.writes = {s.dst};
        } else if constexpr (std::is_same_v<T, EltwiseStep>) {
          read(s.src);
          a.writes = {s.dst};
        } else if constexpr (std::is_same_v<T, EltwiseBackwardStep>) {
          read(s.data);
          read(s.diff_dst);
          a.writes = {s.diff_src};
        } else if constexpr (std::is_same_v<T, BinaryStep>) {
          read(s.lhs);
          read(s.rhs);
          a.writes = {s.dst};
        } else if constexpr (std::is_same_v<T, ConcatStep> ||
                             std::is_same_v<T, SumStep>) {
          for (BufferId b : s.srcs)
            read(b);
          a.writes = {s.dst};
        } else if constexpr (std::is_same_v<T, ReduceStep> ||
                             std::is_same_v<T, ReorderStep> ||
                             std::is_same_v<T, SliceStep>) {
          read(s.src);
          a.writes = {s.dst};
        } else if constexpr (std::is_same_v<T, AdamStep>) {
          for (BufferId b : {s.param, s.grad, s.m, s.v})
            read(b);
          a.writes = {s.param, s.m, s.v};
        } else if constexpr (std::is_same_v<T, BernoulliStep>) {
          read(s.theta);
          a.writes = {s.xi};
        } else if constexpr (std::is_same_v<T, ThetaStep>) {
          for (BufferId b : {s.theta, s.grad, s.penalty})
            read(b);
          a.writes = {s.theta};
        } else if constexpr (std::is_same_v<T, NormStep>) {
          for (BufferId b : {s.src, s.scale, s.shift})
            read(b);
          write(s.dst);
          for (BufferId b : {s.mean, s.variance})
            s.use_stats ? read(b) : write(b);
        } else if constexpr (std::is_same_v<T, RunningStatsStep>) {
          for (BufferId b : {s.src, s.mean, s.variance})
            read(b);
          a.writes = {s.mean, s.variance};
        } else if constexpr (std::is_same_v<T, NormBackwardStep>) {
          for (BufferId b : {s.src, s.scale, s.mean, s.variance, s.diff_dst})
            read(b);
          for (BufferId b : {s.diff_src, s.diff_scale, s.diff_shift})
            write(b);
        } else {
          static_assert(kAlwaysFalse<T>, "unhandled step kind");
        }
      },
      step);
  return a;
}

double stepMatmulFlops(const Plan &plan, const Step &step) {
  const auto *mm = std::get_if<MatmulStep>(&step);
  if (!mm)
    return 0;
  const Buffer &src = plan.buffer(mm->src);
  const Buffer &dst = plan.buffer(mm->dst);
  int64_t k = mm->trans_src ? src.rows : src.cols;
  return 2.0 * double(dst.rows) * double(dst.cols) * double(k);
}

double planMatmulFlops(const Plan &plan) {
  double flops = 0;
  for (const Step &step : plan.steps)
    flops += stepMatmulFlops(plan, step);
  return flops;
}

} // namespace ofex::exec
