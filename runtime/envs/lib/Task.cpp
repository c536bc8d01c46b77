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
      model_(loadModel(options.model_path.empty()
                           ? findModelFile(model_file, options.models_dir)
                           : options.model_path)),
      data_(makeData(model_.get())) {
  reward_.terminate_when_unhealthy =
      reward_.terminate_when_unhealthy && options.terminate_when_unhealthy;
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
  // A free joint's noisy quaternion is left to mj_forward, which normalizes
  // it in qpos (mj_fwdPosition), as it does for Gymnasium's set_state.
  return startEpisode();
}

std::vector<double> Task::resetTo(const std::vector<double> &qpos,
                                  const std::vector<double> &qvel) {
  mjModel *m = model_.get();
  if (static_cast<int>(qpos.size()) != m->nq ||
      static_cast<int>(qvel.size()) != m->nv)
    throw std::invalid_argument(
        "start state of task " + spec_.name + " has " +
        std::to_string(qpos.size()) + " qpos and " +
        std::to_string(qvel.size()) + " qvel values, expected " +
        std::to_string(m->nq) + " and " + std::to_string(m->nv));
  for (double v : qpos)
    if (!std::isfinite(v))
      throw std::invalid_argument("start state of task " + spec_.name +
                                  " has a non-finite qpos value");
  for (double v : qvel)
    if (!std::isfinite(v))
      throw std::invalid_argument("start state of task " + spec_.name +
                                  " has a non-finite qvel value");
  mjData *d = data_.get();
  mj_resetData(m, d);
  std::copy(qpos.begin(), qpos.end(), d->qpos);
  std::copy(qvel.begin(), qvel.end(), d->qvel);
  return startEpisode();
}

std::vector<double> Task::startEpisode() {
  // Gymnasium's set_state: mj_forward only. Quantities that only
  // mj_rnePostConstraint computes (Humanoid's cfrc_ext) stay zero in the
  // first observation, as they do there.
  mj_forward(model_.get(), data_.get());
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

namespace {
/// The mjData arrays that, with time, determine the next step.
template <typename F> void forEachStateArray(const mjModel *m, mjData *d, F f) {
  f(d->qpos, m->nq);
  f(d->qvel, m->nv);
  f(d->act, m->na);
  f(d->ctrl, m->nu);
  f(d->qacc_warmstart, m->nv);
}
} // namespace

Task::State Task::saveState() const {
  State s;
  mjData *d = const_cast<mjData *>(data_.get());
  forEachStateArray(model_.get(), d, [&](const mjtNum *a, int n) {
    s.physics.insert(s.physics.end(), a, a + n);
  });
  s.physics.push_back(d->time);
  // Body centres of mass as the last mj_step left them (computed before its
  // integration): the next step reads its x before from them.
  s.physics.insert(s.physics.end(), d->xipos, d->xipos + 3 * model_->nbody);
  s.steps = steps_;
  s.running = running_;
  s.clipped = clipped_total_;
  return s;
}

void Task::restoreState(const State &s) {
  const mjModel *m = model_.get();
  size_t expected = 2 * m->nv + m->nq + m->na + m->nu + 1 + 3 * m->nbody;
  if (s.physics.size() != expected)
    throw std::invalid_argument("task state of " +
                                std::to_string(s.physics.size()) +
                                " values does not fit " + spec_.name);
  mjData *d = data_.get();
  size_t k = 0;
  forEachStateArray(m, d, [&](mjtNum *a, int n) {
    std::copy_n(s.physics.begin() + k, n, a);
    k += n;
  });
  d->time = s.physics[k];
  // mj_forward recomputes what observations read, but also overwrites the
  // solver's warm start with this state's acceleration: put the saved one
  // back, or the next step's solve starts elsewhere and drifts in the last
  // bits.
  std::vector<mjtNum> warmstart(d->qacc_warmstart, d->qacc_warmstart + m->nv);
  mj_forward(m, d);
  afterPhysics();
  std::copy(warmstart.begin(), warmstart.end(), d->qacc_warmstart);
  std::copy_n(s.physics.begin() + k + 1, 3 * m->nbody, d->xipos);
  steps_ = s.steps;
  running_ = s.running;
  clipped_total_ = s.clipped;
}

} // namespace ofex::envs
