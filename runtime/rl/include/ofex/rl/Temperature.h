//===- Temperature.h - Automatic entropy tuning (log_alpha) ---------------===//
//
//   loss(log_alpha) = -mean_rows(log_alpha * (log_prob + target_entropy))
//   d loss / d log_alpha = -mean_rows(log_prob + target_entropy)
//
// log_prob is that of a fresh policy sample (treated as a constant);
// target_entropy = -act_dim; alpha = exp(log_alpha).
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_RL_TEMPERATURE_H
#define OFEX_RL_TEMPERATURE_H

#include "ofex/rl/Adam.h"

#include <cstddef>

namespace ofex::rl {

/// -act_dim (act_dim > 0).
float defaultTargetEntropy(std::size_t act_dim);

float temperatureLoss(std::size_t rows, const float *log_prob, float log_alpha,
                      float target_entropy);

float temperatureLossGrad(std::size_t rows, const float *log_prob,
                          float target_entropy);

/// log_alpha with its own Adam.
class Temperature {
public:
  /// initial_alpha > 0 (log_alpha starts at log(initial_alpha)).
  Temperature(float initial_alpha, float target_entropy,
              AdamConfig config = {});

  float alpha() const;
  float logAlpha() const { return log_alpha_; }
  float targetEntropy() const { return target_entropy_; }

  /// One Adam step on the temperature loss of this batch; returns the loss
  /// evaluated before the step.
  float update(std::size_t rows, const float *log_prob);

  Adam &optimizer() { return adam_; }
  const Adam &optimizer() const { return adam_; }
  /// For checkpoint restore (the optimizer is restored through optimizer()).
  void setLogAlpha(float log_alpha);

private:
  float log_alpha_;
  float target_entropy_;
  Adam adam_;
};

} // namespace ofex::rl

#endif // OFEX_RL_TEMPERATURE_H
