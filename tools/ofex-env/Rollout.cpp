//===- Rollout.cpp - Episodes with a fixed policy, and their timing -------===//
#include "Rollout.h"

#include <algorithm>
#include <chrono>

namespace ofex::envtool {

using Clock = std::chrono::steady_clock;

void policyAction(Policy policy, const envs::TaskSpec &spec,
                  std::mt19937_64 &rng, std::vector<float> &action) {
  action.assign(static_cast<std::size_t>(spec.act_dim), 0.0f);
  if (policy == Policy::Zero)
    return;
  for (std::size_t i = 0; i < action.size(); ++i) {
    double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    action[i] = static_cast<float>(spec.act_low[i] +
                                   (spec.act_high[i] - spec.act_low[i]) * u);
  }
}

RolloutReport runRollouts(envs::Task &task, int episodes, std::uint64_t seed,
                          Policy policy) {
  const envs::TaskSpec &spec = task.spec();
  const mjModel *model = task.model();
  envs::DataPtr scratch = envs::makeData(model);
  // A separate stream from the tasks' reset noise.
  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ULL);
  std::vector<float> action;
  RolloutReport report;
  const auto wall_start = Clock::now();

  auto timeRaw = [&] {
    const auto t0 = Clock::now();
    for (int i = 0; i < spec.act_dim; ++i)
      scratch->ctrl[i] =
          std::clamp<double>(action[i], spec.act_low[i], spec.act_high[i]);
    for (int k = 0; k < spec.frame_skip; ++k)
      mj_step(model, scratch.get());
    report.raw_seconds +=
        std::chrono::duration<double>(Clock::now() - t0).count();
  };

  for (int e = 0; e < episodes; ++e) {
    task.reset(seed + static_cast<std::uint64_t>(e));
    double ret = 0;
    int length = 0;
    for (bool running = true; running;) {
      policyAction(policy, spec, rng, action);
      mj_copyData(scratch.get(), model, task.data());
      // Alternate which one runs first so neither always gets the warm cache.
      const bool raw_first = (length % 2) == 0;
      if (raw_first)
        timeRaw();
      const auto t0 = Clock::now();
      envs::StepResult r = task.step(action);
      report.wrapper_seconds +=
          std::chrono::duration<double>(Clock::now() - t0).count();
      if (!raw_first)
        timeRaw();
      ret += r.reward;
      ++length;
      report.clipped += static_cast<std::uint64_t>(r.clipped);
      running = !r.terminated && !r.truncated;
    }
    report.returns.push_back(ret);
    report.lengths.push_back(length);
    report.steps += length;
  }
  report.wall_seconds =
      std::chrono::duration<double>(Clock::now() - wall_start).count();
  return report;
}

} // namespace ofex::envtool
