//===- VecTask.cpp - Stepping N task instances, optionally in parallel ----===//
#include "ofex/envs/VecTask.h"

#include "ofex/envs/Registry.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <stdexcept>
#include <thread>

namespace ofex::envs {

VecTask::VecTask(const std::string &name, std::size_t count,
                 const TaskOptions &options, unsigned threads)
    : threads_(std::max(1u, threads)) {
  if (count == 0)
    throw std::invalid_argument("VecTask needs at least one instance");
  for (std::size_t i = 0; i < count; ++i)
    tasks_.push_back(makeTask(name, options));
  last_.resize(count);
}

std::vector<std::vector<double>>
VecTask::reset(const std::vector<std::uint64_t> &seeds) {
  if (seeds.size() != tasks_.size())
    throw std::invalid_argument(
        "VecTask::reset: " + std::to_string(seeds.size()) + " seeds for " +
        std::to_string(tasks_.size()) + " instances");
  std::vector<std::vector<double>> obs;
  was_reset_ = true;
  for (std::size_t i = 0; i < tasks_.size(); ++i) {
    obs.push_back(tasks_[i]->reset(seeds[i]));
    last_[i] = StepResult();
  }
  return obs;
}

std::vector<StepResult> VecTask::step(const std::vector<float> &actions) {
  if (!was_reset_)
    throw std::logic_error("VecTask::step before VecTask::reset");
  const std::size_t act_dim = static_cast<std::size_t>(spec().act_dim);
  if (actions.size() != act_dim * tasks_.size())
    throw std::invalid_argument(
        "VecTask::step: " + std::to_string(actions.size()) +
        " action entries, " + "expected " +
        std::to_string(act_dim * tasks_.size()));
  // Validate everything first so a bad entry leaves no instance half-stepped.
  for (std::size_t k = 0; k < actions.size(); ++k)
    if (!std::isfinite(actions[k]))
      throw std::invalid_argument(
          "action entry " + std::to_string(k % act_dim) + " of instance " +
          std::to_string(k / act_dim) + " is not finite");

  std::vector<StepResult> results(tasks_.size());
  auto run = [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      Task &task = *tasks_[i];
      if (task.running()) {
        results[i] = task.step(actions.data() + i * act_dim, act_dim);
        last_[i] = results[i];
      } else {
        results[i].obs = task.observation();
        results[i].terminated = last_[i].terminated;
        results[i].truncated = last_[i].truncated;
      }
    }
  };

  const std::size_t n = tasks_.size();
  const std::size_t workers = std::min<std::size_t>(threads_, n);
  if (workers <= 1) {
    run(0, n);
    return results;
  }
  // Contiguous chunks; every worker is joined before returning and the first
  // exception (e.g. a step before reset) is rethrown in the caller.
  std::vector<std::exception_ptr> errors(workers);
  std::vector<std::thread> pool;
  pool.reserve(workers);
  for (std::size_t w = 0; w < workers; ++w) {
    const std::size_t begin = n * w / workers, end = n * (w + 1) / workers;
    pool.emplace_back([&, w, begin, end] {
      try {
        run(begin, end);
      } catch (...) {
        errors[w] = std::current_exception();
      }
    });
  }
  for (std::thread &t : pool)
    t.join();
  for (const std::exception_ptr &e : errors)
    if (e)
      std::rethrow_exception(e);
  return results;
}

} // namespace ofex::envs
