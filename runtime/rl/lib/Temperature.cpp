//===- Temperature.cpp - Automatic entropy tuning (log_alpha) -------------===//
#include "ofex/rl/Temperature.h"

#include "Check.h"

#include <cmath>

namespace ofex::rl {
namespace {

double meanShiftedLogProb(std::size_t rows, const float *log_prob,
                          float target_entropy, const char *fn) {
  detail::require(rows > 0, fn, "rows must be > 0");
  detail::requirePtr(log_prob, fn, "log_prob");
  detail::requireFinite(target_entropy, fn, "target_entropy");
  double sum = 0.0;
  for (std::size_t r = 0; r < rows; ++r)
    sum += static_cast<double>(log_prob[r]) + target_entropy;
  return sum / static_cast<double>(rows);
}

} // namespace

float defaultTargetEntropy(std::size_t act_dim) {
  detail::require(act_dim > 0, "defaultTargetEntropy", "act_dim must be > 0");
  return -static_cast<float>(act_dim);
}

float temperatureLoss(std::size_t rows, const float *log_prob, float log_alpha,
                      float target_entropy) {
  detail::requireFinite(log_alpha, "temperatureLoss", "log_alpha");
  return static_cast<float>(
      -static_cast<double>(log_alpha) *
      meanShiftedLogProb(rows, log_prob, target_entropy, "temperatureLoss"));
}

float temperatureLossGrad(std::size_t rows, const float *log_prob,
                          float target_entropy) {
  return static_cast<float>(-meanShiftedLogProb(rows, log_prob, target_entropy,
                                                "temperatureLossGrad"));
}

Temperature::Temperature(float initial_alpha, float target_entropy,
                         AdamConfig config)
    : log_alpha_(0.0f), target_entropy_(target_entropy), adam_(1, config) {
  detail::require(std::isfinite(initial_alpha) && initial_alpha > 0.0f,
                  "Temperature", "initial_alpha must be > 0 and finite");
  detail::requireFinite(target_entropy, "Temperature", "target_entropy");
  log_alpha_ = std::log(initial_alpha);
}

float Temperature::alpha() const { return std::exp(log_alpha_); }

float Temperature::update(std::size_t rows, const float *log_prob) {
  float loss = temperatureLoss(rows, log_prob, log_alpha_, target_entropy_);
  float grad = temperatureLossGrad(rows, log_prob, target_entropy_);
  adam_.step(&log_alpha_, &grad);
  return loss;
}

void Temperature::setLogAlpha(float log_alpha) {
  detail::requireFinite(log_alpha, "Temperature::setLogAlpha", "log_alpha");
  log_alpha_ = log_alpha;
}

} // namespace ofex::rl
