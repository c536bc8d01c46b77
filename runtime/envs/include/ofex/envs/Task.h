//===- Task.h - A MuJoCo control task with Gymnasium v4 semantics --------===//
//
// A Task owns one MuJoCo model and its simulation state. reset(seed) starts an
// episode; step(action) advances frame_skip physics steps and returns the
// observation, the reward (with its terms, for logging), and whether the
// episode terminated (unhealthy) or was truncated (time limit).
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_ENVS_TASK_H
#define OFEX_ENVS_TASK_H

#include "ofex/envs/MjHandles.h"

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ofex::envs {

/// Static facts about a task, fixed once the model is loaded.
struct TaskSpec {
  std::string name;            ///< canonical name, e.g. "HalfCheetah"
  int obs_dim = 0;             ///< observation entries
  int act_dim = 0;             ///< action entries
  double dt = 0;               ///< seconds per step: timestep * frame_skip
  int frame_skip = 1;          ///< physics steps per task step
  std::vector<double> act_low; ///< per-entry action box
  std::vector<double> act_high;
  int max_episode_steps = 1000; ///< steps before truncation
};

/// The parts of one step's reward: reward = forward - ctrl + healthy.
struct RewardTerms {
  double forward = 0; ///< forward_reward_weight * x_velocity
  double ctrl = 0;    ///< ctrl_cost_weight * sum(action^2), a cost (>= 0)
  double healthy = 0; ///< healthy reward paid this step
};

struct StepResult {
  std::vector<double> obs;
  double reward = 0;
  bool terminated = false; ///< the task ended (unhealthy state)
  bool truncated = false;  ///< the time limit was reached
  RewardTerms terms;
  double x_velocity =
      0;           ///< (x_after - x_before) / dt, x as the task defines it
  int clipped = 0; ///< action entries clipped to the box this step
};

/// Per-construction choices; the defaults give the standard tasks.
struct TaskOptions {
  /// Directory holding the MJCF files; empty means the default search
  /// (see findModelFile in ModelPath.h).
  std::string models_dir;
  /// An MJCF file to load instead of the task's own (e.g. another version of
  /// the model, to compare physics); it must have the task's sizes and
  /// action box. Empty: the task's file, found as models_dir says.
  std::string model_path;
  int max_episode_steps = 1000;
  /// Gymnasium's terminate_when_unhealthy: false lets an episode run on
  /// through unhealthy states (then the healthy reward is paid only while
  /// healthy). Tasks that never terminate ignore it.
  bool terminate_when_unhealthy = true;
};

/// Base of all tasks: owns the model/data and implements the episode logic.
/// Derived classes only say what is observed, what "forward" is, and what
/// is healthy. Not thread-safe; distinct instances are independent.
class Task {
public:
  virtual ~Task();
  Task(const Task &) = delete;
  Task &operator=(const Task &) = delete;

  const TaskSpec &spec() const { return spec_; }

  /// Starts an episode: default pose plus the task's reset noise drawn from an
  /// RNG seeded with `seed`. Same seed and actions give bit-identical results.
  std::vector<double> reset(std::uint64_t seed);

  /// Starts an episode from exactly this state (no noise), as Gymnasium's
  /// set_state after a reset: qpos (nq values) and qvel (nv values), then
  /// mj_forward. Throws std::invalid_argument for wrong sizes or non-finite
  /// values (nothing is changed then).
  std::vector<double> resetTo(const std::vector<double> &qpos,
                              const std::vector<double> &qvel);

  /// Advances one task step. Throws std::invalid_argument for a wrong size or
  /// a non-finite entry (nothing is changed then), std::logic_error when no
  /// episode is running. Out-of-box entries are clipped and counted.
  StepResult step(const float *action, std::size_t size);
  StepResult step(const std::vector<float> &action) {
    return step(action.data(), action.size());
  }

  /// The observation of the current state.
  std::vector<double> observation() const;
  /// The x coordinate the forward reward differentiates.
  virtual double xPosition() const = 0;
  /// Whether the current state satisfies the task's healthy rule.
  virtual bool isHealthy() const { return true; }

  int elapsedSteps() const { return steps_; }
  /// True after reset() and before the episode ends.
  bool running() const { return running_; }
  /// Action entries clipped since construction.
  std::uint64_t clippedTotal() const { return clipped_total_; }

  /// Everything a checkpoint needs to continue an episode bit-identically:
  /// the physics state (qpos, qvel, act, ctrl, qacc_warmstart, time) and the
  /// episode counters.
  struct State {
    std::vector<double> physics;
    int steps = 0;
    bool running = false;
    std::uint64_t clipped = 0;
  };
  State saveState() const;
  /// Restores a state saved from a task of the same kind; throws
  /// std::invalid_argument when the sizes do not match.
  void restoreState(const State &state);

  /// Direct access to the simulation, e.g. to force a state in tests or to
  /// render. Call mj_forward after editing qpos/qvel if derived quantities
  /// are read before the next step.
  const mjModel *model() const { return model_.get(); }
  mjData *data() { return data_.get(); }
  const mjData *data() const { return data_.get(); }

protected:
  /// How reset perturbs the initial state.
  enum class ResetNoise {
    Uniform,             ///< qpos, qvel += U(-s, s)
    UniformPosNormalVel, ///< qpos += U(-s, s); qvel += s * N(0, 1)
  };
  struct RewardConfig {
    double forward_weight = 1.0;
    double ctrl_weight = 0.0;
    double healthy_reward = 0.0;
    bool terminate_when_unhealthy = false;
  };

  /// Loads `model_file` (searched as ModelPath.h describes) and checks that the
  /// model has `act_dim` actuators. `spec` carries name, obs_dim, act_dim and
  /// the action box; dt is taken from the model.
  Task(TaskSpec spec, const std::string &model_file, int frame_skip,
       RewardConfig reward, ResetNoise noise, double noise_scale,
       const TaskOptions &options);

  /// Appends the observation of the current state to `out`.
  virtual void observe(std::vector<double> &out) const = 0;
  /// Called after the physics steps of a task step (not after a reset, as
  /// Gymnasium computes nothing beyond mj_forward there).
  virtual void afterPhysics() {}

  /// mj_forward on the state reset() or resetTo() set, then a fresh episode.
  std::vector<double> startEpisode();

  /// Throws if the model's sizes differ from what the task was written for.
  void requireSizes(int nq, int nv, int nbody) const;

public:
  /// Throws std::runtime_error if observe() does not produce obs_dim values
  /// (a model file out of step with its task); makeTask calls it.
  void checkObservationSize() const;

private:
  TaskSpec spec_;
  RewardConfig reward_;
  ResetNoise noise_;
  double noise_scale_;
  ModelPtr model_;
  DataPtr data_;
  std::mt19937_64 rng_;
  int steps_ = 0;
  bool running_ = false;
  std::uint64_t clipped_total_ = 0;
};

} // namespace ofex::envs

#endif // OFEX_ENVS_TASK_H
