//===- Reference.h - Straightforward double-precision reference math ------===//
//
// The executor's results are checked against these loops, written from the
// textbook definitions rather than from oneDNN's documentation of itself.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_TEST_UNIT_EXECUTOR_REFERENCE_H
#define OFEX_TEST_UNIT_EXECUTOR_REFERENCE_H

#include "ofex/exec/Plan.h"

#include <cmath>
#include <stdexcept>

namespace ofex::exec::test {

inline double refSigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

inline double refEltwise(const Activation &f, double x) {
  switch (f.alg) {
  case EltwiseAlg::Relu:
    return x > 0 ? x : f.alpha * x;
  case EltwiseAlg::Swish:
    return x * refSigmoid(f.alpha * x);
  case EltwiseAlg::Tanh:
    return std::tanh(x);
  case EltwiseAlg::Logistic:
    return refSigmoid(x);
  case EltwiseAlg::Linear:
    return f.alpha * x + f.beta;
  case EltwiseAlg::Square:
    return x * x;
  case EltwiseAlg::Exp:
    return std::exp(x);
  case EltwiseAlg::Log:
    return std::log(x);
  case EltwiseAlg::Sqrt:
    return std::sqrt(x);
  case EltwiseAlg::Abs:
    return std::fabs(x);
  }
  throw std::logic_error("unknown eltwise");
}

/// d f(x) / dx, from the closed forms.
inline double refEltwiseGrad(const Activation &f, double x) {
  switch (f.alg) {
  case EltwiseAlg::Relu:
    return x > 0 ? 1.0 : f.alpha;
  case EltwiseAlg::Swish: {
    double s = refSigmoid(f.alpha * x);
    return s + f.alpha * x * s * (1 - s);
  }
  case EltwiseAlg::Tanh: {
    double t = std::tanh(x);
    return 1 - t * t;
  }
  case EltwiseAlg::Logistic: {
    double s = refSigmoid(x);
    return s * (1 - s);
  }
  case EltwiseAlg::Linear:
    return f.alpha;
  case EltwiseAlg::Square:
    return 2 * x;
  case EltwiseAlg::Exp:
    return std::exp(x);
  case EltwiseAlg::Log:
    return 1 / x;
  case EltwiseAlg::Sqrt:
    return 0.5 / std::sqrt(x);
  case EltwiseAlg::Abs:
    return x > 0 ? 1.0 : -1.0;
  }
  throw std::logic_error("unknown eltwise");
}

} // namespace ofex::exec::test

#endif // OFEX_TEST_UNIT_EXECUTOR_REFERENCE_H
