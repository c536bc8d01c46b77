//===- Adam.cpp - Adam with bias correction for a small float vector ------===//
#include "ofex/rl/Adam.h"

#include "Check.h"

#include <cmath>
#include <string>
#include <utility>

namespace ofex::rl {

Adam::Adam(std::size_t size, AdamConfig config)
    : config_(config), m_(size, 0.0f), v_(size, 0.0f) {
  const char *fn = "Adam";
  detail::require(size > 0, fn, "size must be > 0");
  detail::require(std::isfinite(config.lr) && config.lr > 0.0f, fn,
                  "lr must be > 0");
  detail::require(config.beta1 >= 0.0f && config.beta1 < 1.0f, fn,
                  "beta1 must be in [0, 1)");
  detail::require(config.beta2 >= 0.0f && config.beta2 < 1.0f, fn,
                  "beta2 must be in [0, 1)");
  detail::require(config.eps > 0.0f, fn, "eps must be > 0");
}

void Adam::step(float *params, const float *grads) {
  detail::requirePtr(params, "Adam::step", "params");
  detail::requirePtr(grads, "Adam::step", "grads");
  ++steps_;
  const double t = static_cast<double>(steps_);
  const double b1 = config_.beta1, b2 = config_.beta2;
  const double correct1 = 1.0 - std::pow(b1, t);
  const double correct2 = 1.0 - std::pow(b2, t);
  for (std::size_t i = 0; i < m_.size(); ++i) {
    double g = grads[i];
    double m = b1 * m_[i] + (1.0 - b1) * g;
    double v = b2 * v_[i] + (1.0 - b2) * g * g;
    m_[i] = static_cast<float>(m);
    v_[i] = static_cast<float>(v);
    double update =
        config_.lr * (m / correct1) /
        (std::sqrt(v / correct2) + static_cast<double>(config_.eps));
    params[i] = static_cast<float>(params[i] - update);
  }
}

void Adam::restore(std::uint64_t steps, std::vector<float> first_moment,
                   std::vector<float> second_moment) {
  detail::require(
      first_moment.size() == m_.size() && second_moment.size() == v_.size(),
      "Adam::restore",
      "moment sizes " + std::to_string(first_moment.size()) + "/" +
          std::to_string(second_moment.size()) +
          " differ from the optimizer size " + std::to_string(m_.size()));
  steps_ = steps;
  m_ = std::move(first_moment);
  v_ = std::move(second_moment);
}

} // namespace ofex::rl
