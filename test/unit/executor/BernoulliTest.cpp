//===- BernoulliTest.cpp - Seeded, reproducible gate sampling -------------===//

#include "TestUtil.h"

#include <cmath>

namespace ofex::exec::test {
namespace {

constexpr int64_t kUnits = 64;

Executor sampler(uint64_t seed, const std::vector<float> &theta,
                 double relax = 0.0) {
  Plan plan;
  BufferId t = plan.addBuffer("theta", 1, int64_t(theta.size()), Role::Owned);
  BufferId xi = plan.addBuffer("xi", 1, int64_t(theta.size()), Role::Owned);
  plan.addStep(BernoulliStep{t, xi, relax});
  Executor exec(std::move(plan), ExecutorOptions{seed});
  fill(exec, "theta", theta);
  return exec;
}

/// The xi vectors of `runs` consecutive runs, concatenated.
std::vector<float> draw(Executor &exec, int runs) {
  std::vector<float> out;
  for (int r = 0; r < runs; ++r) {
    exec.run();
    const float *xi = exec.data("xi");
    out.insert(out.end(), xi, xi + exec.plan().buffer(1).elements());
  }
  return out;
}

TEST(Bernoulli, SameSeedSameGates) {
  std::vector<float> theta(kUnits, 0.5f);
  Executor a = sampler(42, theta), b = sampler(42, theta);
  EXPECT_EQ(draw(a, 10), draw(b, 10));
}

TEST(Bernoulli, DifferentSeedsDiffer) {
  std::vector<float> theta(kUnits, 0.5f);
  Executor a = sampler(1, theta), b = sampler(2, theta);
  std::vector<float> xa = draw(a, 4), xb = draw(b, 4);
  int differ = 0;
  for (size_t i = 0; i < xa.size(); ++i)
    differ += xa[i] != xb[i];
  // Independent fair coins differ half the time: 128 of 256 expected.
  EXPECT_GT(differ, 80);
}

TEST(Bernoulli, SuccessiveRunsDiffer) {
  std::vector<float> theta(kUnits, 0.5f);
  Executor a = sampler(7, theta);
  std::vector<float> first = draw(a, 1), second = draw(a, 1);
  EXPECT_NE(first, second);
}

TEST(Bernoulli, CounterResumesSequence) {
  std::vector<float> theta(kUnits, 0.3f);
  Executor a = sampler(9, theta), b = sampler(9, theta);
  draw(a, 5);
  b.setSamplerCounter(a.samplerCounter());
  EXPECT_EQ(a.samplerCounter(), 5u);
  EXPECT_EQ(draw(a, 3), draw(b, 3));
}

TEST(Bernoulli, FrequencyMatchesTheta) {
  std::vector<float> theta(kUnits);
  for (int64_t j = 0; j < kUnits; ++j)
    theta[size_t(j)] = float(j) / float(kUnits - 1); // 0 ... 1
  Executor exec = sampler(123, theta);
  const int runs = 4000;
  std::vector<double> hits(kUnits, 0);
  for (int r = 0; r < runs; ++r) {
    exec.run();
    const float *xi = exec.data("xi");
    for (int64_t j = 0; j < kUnits; ++j) {
      ASSERT_TRUE(xi[j] == 0.0f || xi[j] == 1.0f);
      hits[size_t(j)] += xi[j];
    }
  }
  EXPECT_EQ(hits[0], 0) << "theta = 0 must never fire";
  EXPECT_EQ(hits[kUnits - 1], runs) << "theta = 1 must always fire";
  for (int64_t j = 0; j < kUnits; ++j) {
    double p = theta[size_t(j)];
    double sigma = std::sqrt(p * (1 - p) / runs);
    // 4.5 sigma: a false alarm over 64 units is ~1e-4 likely, and the seed
    // is fixed anyway.
    EXPECT_NEAR(hits[size_t(j)] / runs, p, 4.5 * sigma + 1e-12) << "unit " << j;
  }
}

TEST(Bernoulli, UnitsAreUncorrelated) {
  // A generator that reused one uniform for all units would make unit pairs
  // agree every time; independent fair coins agree half the time.
  std::vector<float> theta(kUnits, 0.5f);
  Executor exec = sampler(5, theta);
  const int runs = 2000;
  double agree = 0;
  for (int r = 0; r < runs; ++r) {
    exec.run();
    const float *xi = exec.data("xi");
    for (int64_t j = 0; j + 1 < kUnits; ++j)
      agree += xi[j] == xi[j + 1];
  }
  double rate = agree / (runs * double(kUnits - 1));
  EXPECT_NEAR(rate, 0.5, 0.01);
}

TEST(Bernoulli, RelaxedDrawsAreUniformAndLeaveTheOthersAlone) {
  std::vector<float> theta(kUnits);
  for (int64_t j = 0; j < kUnits; ++j)
    theta[size_t(j)] = float(j) / float(kUnits - 1);
  const double relax = 0.2;
  Executor plain = sampler(31, theta), relaxed = sampler(31, theta, relax);
  const int runs = 3000;
  std::vector<float> a = draw(plain, runs), b = draw(relaxed, runs);
  int64_t inside = 0;
  double sum = 0, below = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (b[i] == a[i])
      continue; // not relaxed: the plain draw, bit for bit
    ASSERT_TRUE(b[i] > 0.0f && b[i] < 1.0f) << b[i];
    ++inside;
    sum += b[i];
    below += b[i] < 0.25f;
  }
  // A relaxed draw equal to the plain one is impossible (plain draws are 0
  // or 1), so `inside` counts every relaxed draw: a fraction relax of all.
  const double n = double(a.size());
  EXPECT_NEAR(inside / n, relax, 4.5 * std::sqrt(relax * (1 - relax) / n));
  // Uniform on (0, 1): mean 1/2 (sd 1/sqrt(12)), a quarter below 0.25.
  EXPECT_NEAR(sum / inside, 0.5, 4.5 / std::sqrt(12.0 * inside));
  EXPECT_NEAR(below / inside, 0.25, 4.5 * std::sqrt(0.1875 / inside));
}

TEST(Bernoulli, ARelaxFractionOutsideTheUnitIntervalIsRefused) {
  Plan plan;
  BufferId t = plan.addBuffer("theta", 1, 4, Role::Owned);
  BufferId xi = plan.addBuffer("xi", 1, 4, Role::Owned);
  plan.addStep(BernoulliStep{t, xi, 1.5});
  EXPECT_TRUE(contains(planError(std::move(plan)), "relax must be in [0, 1]"));
}

} // namespace
} // namespace ofex::exec::test
