//===- VecTask.h - N instances of a task stepped together -----------------===//
//
// For evaluation episodes: N independent instances of one task, stepped with
// one call, optionally split over a few worker threads that are started and
// joined inside the call. There is no auto-reset: an instance whose episode
// has ended is not stepped again until it is reset.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_ENVS_VECTASK_H
#define OFEX_ENVS_VECTASK_H

#include "ofex/envs/Task.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ofex::envs {

class VecTask {
public:
  /// `threads` workers at most (1 = step in the calling thread).
  VecTask(const std::string &name, std::size_t count,
          const TaskOptions &options = {}, unsigned threads = 1);

  std::size_t size() const { return tasks_.size(); }
  const TaskSpec &spec() const { return tasks_.front()->spec(); }
  Task &at(std::size_t i) { return *tasks_.at(i); }

  /// Resets instance i with seeds[i]; returns the observations.
  std::vector<std::vector<double>>
  reset(const std::vector<std::uint64_t> &seeds);

  /// Throws std::logic_error before the first reset().
  /// `actions` holds size() * act_dim entries, instance-major. All actions
  /// are validated before any instance moves (std::invalid_argument names
  /// the instance and entry). Instances whose episode has ended are not
  /// stepped: their result has the current observation, reward 0, clipped 0
  /// and the terminated/truncated flags of their last step.
  std::vector<StepResult> step(const std::vector<float> &actions);

private:
  std::vector<std::unique_ptr<Task>> tasks_;
  std::vector<StepResult> last_; // each instance's last result, for its flags
  unsigned threads_;
  bool was_reset_ = false;
};

} // namespace ofex::envs

#endif // OFEX_ENVS_VECTASK_H
