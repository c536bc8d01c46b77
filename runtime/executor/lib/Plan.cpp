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
  forEachOperand(step, [&](BufferId b, Access how) {
    if (b == kNoBuffer)
      return;
    if (how != Access::Write)
      a.reads.push_back(b);
    if (how != Access::Read)
      a.writes.push_back(b);
  });
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
