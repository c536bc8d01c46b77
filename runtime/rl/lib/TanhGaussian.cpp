//===- TanhGaussian.cpp - Tanh-squashed Gaussian policy math --------------===//
#include "ofex/rl/TanhGaussian.h"

#include "Check.h"

#include <algorithm>
#include <cmath>

namespace ofex::rl {
namespace {

constexpr double kLog2 = 0.69314718055994530942;
constexpr double kHalfLog2Pi = 0.91893853320467274178;

double clampLogStd(float log_std) {
  return std::clamp(static_cast<double>(log_std),
                    static_cast<double>(kLogStdMin),
                    static_cast<double>(kLogStdMax));
}

bool insideClip(float log_std) {
  return log_std >= kLogStdMin && log_std <= kLogStdMax;
}

/// log(1 + exp(x)) without overflow.
double softplus(double x) {
  return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x)));
}

/// log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)).
double logTanhJacobian(double u) {
  return 2.0 * (kLog2 - u - softplus(-2.0 * u));
}

/// 1 - tanh(u)^2 without cancellation: 4e / (1 + e)^2 with e = exp(-2|u|).
double sech2(double u) {
  double e = std::exp(-2.0 * std::abs(u));
  return 4.0 * e / ((1.0 + e) * (1.0 + e));
}

void checkBatch(BatchShape shape, const char *fn) {
  detail::requireShape(shape, fn);
}

} // namespace

void tanhGaussianSample(BatchShape shape, const float *mean,
                        const float *log_std, const float *eps, float *action,
                        float *log_prob) {
  const char *fn = "tanhGaussianSample";
  checkBatch(shape, fn);
  detail::requirePtr(mean, fn, "mean");
  detail::requirePtr(log_std, fn, "log_std");
  detail::requirePtr(eps, fn, "eps");
  detail::requirePtr(action, fn, "action");
  detail::requirePtr(log_prob, fn, "log_prob");
  for (std::size_t r = 0; r < shape.rows; ++r) {
    double sum = 0.0;
    for (std::size_t j = 0; j < shape.cols; ++j) {
      std::size_t i = r * shape.cols + j;
      double ls = clampLogStd(log_std[i]);
      double e = eps[i];
      double u = mean[i] + std::exp(ls) * e;
      action[i] = static_cast<float>(std::tanh(u));
      sum += -0.5 * e * e - ls - kHalfLog2Pi - logTanhJacobian(u);
    }
    log_prob[r] = static_cast<float>(sum);
  }
}

void tanhGaussianMeanAction(BatchShape shape, const float *mean,
                            float *action) {
  const char *fn = "tanhGaussianMeanAction";
  checkBatch(shape, fn);
  detail::requirePtr(mean, fn, "mean");
  detail::requirePtr(action, fn, "action");
  for (std::size_t i = 0; i < shape.size(); ++i)
    action[i] = std::tanh(mean[i]);
}

float policyLoss(std::size_t rows, const float *log_prob, const float *q,
                 float alpha) {
  const char *fn = "policyLoss";
  detail::require(rows > 0, fn, "rows must be > 0");
  detail::requirePtr(log_prob, fn, "log_prob");
  detail::requirePtr(q, fn, "q");
  detail::requireFinite(alpha, fn, "alpha");
  double sum = 0.0;
  for (std::size_t r = 0; r < rows; ++r)
    sum += static_cast<double>(alpha) * log_prob[r] - q[r];
  return static_cast<float>(sum / static_cast<double>(rows));
}

void policyLossBackward(BatchShape shape, const float *mean,
                        const float *log_std, const float *eps,
                        const float *dq_da, float alpha, float *d_mean,
                        float *d_log_std) {
  const char *fn = "policyLossBackward";
  checkBatch(shape, fn);
  detail::requirePtr(mean, fn, "mean");
  detail::requirePtr(log_std, fn, "log_std");
  detail::requirePtr(eps, fn, "eps");
  detail::requirePtr(dq_da, fn, "dq_da");
  detail::requirePtr(d_mean, fn, "d_mean");
  detail::requirePtr(d_log_std, fn, "d_log_std");
  detail::requireFinite(alpha, fn, "alpha");
  const double inv_rows = 1.0 / static_cast<double>(shape.rows);
  for (std::size_t i = 0; i < shape.size(); ++i) {
    double ls = clampLogStd(log_std[i]);
    double s = std::exp(ls);
    double e = eps[i];
    double u = mean[i] + s * e;
    double a = std::tanh(u);
    // dL/du: alpha * dlogp/du - dQ/da * da/du, with dlogp/du = 2a.
    double dl_du = alpha * 2.0 * a - static_cast<double>(dq_da[i]) * sech2(u);
    d_mean[i] = static_cast<float>(dl_du * inv_rows);
    // log_prob also depends on ls directly through its -ls term.
    double dl_dls = dl_du * s * e - alpha;
    d_log_std[i] =
        insideClip(log_std[i]) ? static_cast<float>(dl_dls * inv_rows) : 0.0f;
  }
}

} // namespace ofex::rl
