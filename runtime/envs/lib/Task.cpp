//===- Task.cpp - Episode logic shared by all tasks -----------------------===//
#include "ofex/envs/Task.h"

#include "Random.h"
#include "ofex/envs/ModelPath.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ofex::envs {

Task::~Task() = default;

Task::Task(TaskSpec spec, const std::string &model_file, int frame_skip,
           RewardConfig reward, ResetNoise noise, double noise_scale,
           const TaskOptions &options)
    : spec_(std::move(spec)), reward_(reward), noise_(noise),
      noise_scale_(noise_scale),
      model_(loadModel(findModelFile(model_file, options.models_dir))),
      data_(makeData(model_.get())) {
  if (options.max_episode_steps <= 0)
    throw std::invalid_argument("max_episode_steps must be positive");
  spec_.frame_skip = frame_skip;
  spec_.dt = model_->opt.timestep * frame_skip;
  spec_.max_episode_steps = options.max_episode_steps;
  if (model_->nu != spec_.act_dim)
    throw std::runtime_error(model_file + ": " + std::to_string(model_->nu) +
                             " actuators, task " + spec_.name + " expects " +
                             std::to_string(spec_.act_dim));
  // The action box and the actuators' ctrlrange must agree, or MuJoCo would
  // silently clamp again to a different box.
  for (int i = 0; i < model_->nu; ++i) {
    const mjtNum *range = model_->actuator_ctrlrange + 2 * i;
    if (!model_->actuator_ctrllimited[i] || range[0] != spec_.act_low[i] ||
        range[1] != spec_.act_high[i])
      throw std::runtime_error(model_file + ": actuator " + std::to_string(i) +
                               " ctrlrange differs from the task's box");
  }
}

void Task::requireSizes(int nq, int nv, int nbody) const {
  if (model_->nq != nq || model_->nv != nv || model_->nbody != nbody)
    throw std::runtime_error("model of task " + spec_.name +
                             " has nq=" + std::to_string(model_->nq) +
                             " nv=" + std::to_string(model_->nv) +
                             " nbody=" + std::to_string(model_->nbody) +
                             ", expected nq=" + std::to_string(nq) +
                             " nv=" + std::to_string(nv) +
                             " nbody=" + std::to_string(nbody));
}

void Task::checkObservationSize() const {
  std::vector<double> obs;
  observe(obs);
  if (static_cast<int>(obs.size()) != spec_.obs_dim)
    throw std::runtime_error("task " + spec_.name + " observes " +
                             std::to_string(obs.size()) + " values, expected " +
                             std::to_string(spec_.obs_dim));
}

std::vector<double> Task::reset(std::uint64_t seed) {
  mjModel *m = model_.get();
  mjData *d = data_.get();
  mj_resetData(m, d);
  rng_.seed(seed);
  const double s = noise_scale_;
  for (int i = 0; i < m->nq; ++i)
    d->qpos[i] = m->qpos0[i] + uniform(rng_, -s, s);
  for (int i = 0; i < m->nv; ++i)
    d->qvel[i] +=
        noise_ == ResetNoise::Uniform ? uniform(rng_, -s, s) : s * normal(rng_);
  // Noise on a free joint's quaternion denormalizes it; MuJoCo would
  // normalize it on the first step, so do it now for a consistent first
  // observation.
  for (int j = 0; j < m->njnt; ++j) {
    int type = m->jnt_type[j];
    if (type == mjJNT_FREE)
      mju_normalize4(d->qpos + m->jnt_qposadr[j] + 3);
    else if (type == mjJNT_BALL)
      mju_normalize4(d->qpos + m->jnt_qposadr[j]);
  }
  mj_forward(m, d);
  afterPhysics();
  steps_ = 0;
  running_ = true;
  return observation();
}

std::vector<double> Task::observation() const {
  std::vector<double> obs;
  obs.reserve(static_cast<std::size_t>(spec_.obs_dim));
  observe(obs);
  return obs;
}

StepResult Task::step(const float *action, std::size_t size) {
  if (static_cast<int>(size) != spec_.act_dim)
    throw std::invalid_argument("action has " + std::to_string(size) +
                                " entries, task " + spec_.name + " expects " +
                                std::to_string(spec_.act_dim));
  for (std::size_t i = 0; i < size; ++i)
    if (!std::isfinite(action[i]))
      throw std::invalid_argument("action entry " + std::to_string(i) + " is " +
                                  (std::isnan(action[i]) ? "NaN" : "infinite") +
                                  " (task " + spec_.name + ")");
  if (!running_)
    throw std::logic_error("step() on task " + spec_.name +
                           " without a running episode: call reset() first");

  mjModel *m = model_.get();
  mjData *d = data_.get();
  StepResult result;
  double sum_sq = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const double low = spec_.act_low[i], high = spec_.act_high[i];
    // Only count entries outside the box as a float sees it: 0.4f is a bit
    // above 0.4 but is the bound a float policy means. Both are clamped.
    if (action[i] < static_cast<float>(low) ||
        action[i] > static_cast<float>(high))
      ++result.clipped;
    const double a = std::clamp(static_cast<double>(action[i]), low, high);
    d->ctrl[i] = a;
    sum_sq += a * a;
  }
  clipped_total_ += static_cast<std::uint64_t>(result.clipped);

  const double x_before = xPosition();
  for (int k = 0; k < spec_.frame_skip; ++k)
    mj_step(m, d);
  afterPhysics();
  const double x_after = xPosition();

  result.x_velocity = (x_after - x_before) / spec_.dt;
  const bool healthy = isHealthy();
  result.terms.forward = reward_.forward_weight * result.x_velocity;
  result.terms.ctrl = reward_.ctrl_weight * sum_sq;
  // Gymnasium v4 pays the healthy reward on every step while termination is
  // on (the episode ends on the first unhealthy step anyway).
  if (healthy || reward_.terminate_when_unhealthy)
    result.terms.healthy = reward_.healthy_reward;
  result.reward =
      result.terms.forward - result.terms.ctrl + result.terms.healthy;
  result.terminated = reward_.terminate_when_unhealthy && !healthy;
  ++steps_;
  result.truncated = steps_ >= spec_.max_episode_steps;
  running_ = !result.terminated && !result.truncated;
  result.obs = observation();
  return result;
}

} // namespace ofex::envs
