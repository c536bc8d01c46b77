//===- ActionScaling.cpp - Map policy actions in [-1, 1] to an env's box --===//
#include "ofex/rl/ActionScaling.h"

#include "Check.h"

#include <cmath>
#include <string>

namespace ofex::rl {
namespace {

void checkBox(BatchShape shape, const float *in, const float *low,
              const float *high, const float *out, const char *fn) {
  detail::requireShape(shape, fn);
  detail::requirePtr(in, fn, "input");
  detail::requirePtr(low, fn, "low");
  detail::requirePtr(high, fn, "high");
  detail::requirePtr(out, fn, "output");
  for (std::size_t j = 0; j < shape.cols; ++j)
    detail::require(
        std::isfinite(low[j]) && std::isfinite(high[j]) && low[j] < high[j], fn,
        "bad box at column " + std::to_string(j) + ": [" +
            std::to_string(low[j]) + ", " + std::to_string(high[j]) + "]");
}

} // namespace

void scaleActionsToBox(BatchShape shape, const float *a, const float *low,
                       const float *high, float *a_env) {
  checkBox(shape, a, low, high, a_env, "scaleActionsToBox");
  for (std::size_t r = 0; r < shape.rows; ++r)
    for (std::size_t j = 0; j < shape.cols; ++j) {
      std::size_t i = r * shape.cols + j;
      a_env[i] = low[j] + (a[i] + 1.0f) * 0.5f * (high[j] - low[j]);
    }
}

void unscaleActionsFromBox(BatchShape shape, const float *a_env,
                           const float *low, const float *high, float *a) {
  checkBox(shape, a_env, low, high, a, "unscaleActionsFromBox");
  for (std::size_t r = 0; r < shape.rows; ++r)
    for (std::size_t j = 0; j < shape.cols; ++j) {
      std::size_t i = r * shape.cols + j;
      a[i] = 2.0f * (a_env[i] - low[j]) / (high[j] - low[j]) - 1.0f;
    }
}

void scaleActionGradFromBox(BatchShape shape, const float *dq_da_env,
                            const float *low, const float *high, float *dq_da) {
  checkBox(shape, dq_da_env, low, high, dq_da, "scaleActionGradFromBox");
  for (std::size_t r = 0; r < shape.rows; ++r)
    for (std::size_t j = 0; j < shape.cols; ++j) {
      std::size_t i = r * shape.cols + j;
      dq_da[i] = dq_da_env[i] * 0.5f * (high[j] - low[j]);
    }
}

} // namespace ofex::rl
