//===- Stats.cpp - Interval estimates over seeds, as rliable computes them ===//
#include "Stats.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace ofex::report {

double mean(const std::vector<double> &x) {
  if (x.empty())
    return NAN;
  double s = 0;
  for (double v : x)
    s += v;
  return s / static_cast<double>(x.size());
}

double iqm(std::vector<double> x) {
  if (x.empty())
    return NAN;
  std::sort(x.begin(), x.end());
  const std::size_t cut = x.size() / 4; // int(0.25 * n), as scipy
  return mean(std::vector<double>(x.begin() + cut, x.end() - cut));
}

double percentile(std::vector<double> x, double q) {
  if (x.empty())
    return NAN;
  std::sort(x.begin(), x.end());
  const double pos = q / 100.0 * static_cast<double>(x.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, x.size() - 1);
  return x[lo] + (pos - static_cast<double>(lo)) * (x[hi] - x[lo]);
}

std::vector<double> flatten(const ScoreMatrix &scores) {
  std::vector<double> out;
  for (const std::vector<double> &task : scores)
    out.insert(out.end(), task.begin(), task.end());
  return out;
}

namespace {

ScoreMatrix resample(const ScoreMatrix &scores, std::mt19937_64 &rng) {
  ScoreMatrix out(scores.size());
  for (std::size_t t = 0; t < scores.size(); ++t) {
    const std::size_t n = scores[t].size();
    out[t].resize(n);
    for (std::size_t i = 0; i < n; ++i)
      // Uniform index from raw 64-bit draws: the same on every library.
      out[t][i] = scores[t][static_cast<std::size_t>(rng() % n)];
  }
  return out;
}

Interval percentileInterval(double point, std::vector<double> boots,
                            double size) {
  const double tail = (1.0 - size) / 2.0 * 100.0;
  return {point, percentile(boots, tail), percentile(boots, 100.0 - tail)};
}

} // namespace

Interval
stratifiedBootstrap(const ScoreMatrix &scores,
                    const std::function<double(const ScoreMatrix &)> &statistic,
                    int reps, std::uint64_t seed, double size) {
  std::mt19937_64 rng(seed);
  std::vector<double> boots;
  boots.reserve(static_cast<std::size_t>(reps));
  for (int r = 0; r < reps; ++r)
    boots.push_back(statistic(resample(scores, rng)));
  return percentileInterval(statistic(scores), std::move(boots), size);
}

double probabilityOfImprovement(const ScoreMatrix &x, const ScoreMatrix &y) {
  if (x.size() != y.size() || x.empty())
    throw std::invalid_argument("probability of improvement: the two score "
                                "sets must cover the same tasks");
  double total = 0;
  for (std::size_t t = 0; t < x.size(); ++t) {
    double wins = 0;
    for (double a : x[t])
      for (double b : y[t])
        wins += a > b ? 1.0 : a == b ? 0.5 : 0.0;
    total += wins / static_cast<double>(x[t].size() * y[t].size());
  }
  return total / static_cast<double>(x.size());
}

Interval probabilityOfImprovementInterval(const ScoreMatrix &x,
                                          const ScoreMatrix &y, int reps,
                                          std::uint64_t seed, double size) {
  std::mt19937_64 rng(seed);
  std::vector<double> boots;
  boots.reserve(static_cast<std::size_t>(reps));
  for (int r = 0; r < reps; ++r) {
    ScoreMatrix bx = resample(x, rng);
    ScoreMatrix by = resample(y, rng);
    boots.push_back(probabilityOfImprovement(bx, by));
  }
  return percentileInterval(probabilityOfImprovement(x, y), std::move(boots),
                            size);
}

} // namespace ofex::report
