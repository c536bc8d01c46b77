//===- Adam.h - Adam with bias correction for a small float vector --------===//
//
// For the glue's own parameters (e.g. log_alpha); network weights are updated
// by the compiled graphs. One step with gradient g, t counted from 1:
//   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//   p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
// (PyTorch's torch.optim.Adam without weight decay.)
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_RL_ADAM_H
#define OFEX_RL_ADAM_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ofex::rl {

struct AdamConfig {
  float lr = 3e-4f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float eps = 1e-8f;
};

class Adam {
public:
  /// Throws std::invalid_argument for size 0, lr <= 0, betas outside [0, 1)
  /// or eps <= 0.
  explicit Adam(std::size_t size, AdamConfig config = {});

  /// One update of params[0..size) with grads[0..size).
  void step(float *params, const float *grads);

  std::size_t size() const { return m_.size(); }
  std::uint64_t steps() const { return steps_; }
  const AdamConfig &config() const { return config_; }
  const std::vector<float> &firstMoment() const { return m_; }
  const std::vector<float> &secondMoment() const { return v_; }

  /// Restores checkpointed state; the moments must have size() entries.
  void restore(std::uint64_t steps, std::vector<float> first_moment,
               std::vector<float> second_moment);

private:
  AdamConfig config_;
  std::uint64_t steps_ = 0;
  std::vector<float> m_;
  std::vector<float> v_;
};

} // namespace ofex::rl

#endif // OFEX_RL_ADAM_H
