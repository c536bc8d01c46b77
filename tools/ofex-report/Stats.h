//===- Stats.h - Interval estimates over seeds, as rliable computes them --===//
//
// The statistics of Agarwal et al., "Deep RL at the Edge of the Statistical
// Precipice" (NeurIPS 2021), with the definitions of their rliable library:
// the interquartile mean is scipy.stats.trim_mean(x, 0.25) (sort, drop
// floor(n/4) values at each end, average the rest), percentiles interpolate
// linearly (numpy's default), bootstrap intervals are percentile intervals,
// and a stratified bootstrap resamples runs with replacement within each task.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_REPORT_STATS_H
#define OFEX_REPORT_STATS_H

#include <cstdint>
#include <functional>
#include <vector>

namespace ofex::report {

/// Scores of one algorithm: scores[task][run].
using ScoreMatrix = std::vector<std::vector<double>>;

double mean(const std::vector<double> &x);
/// scipy.stats.trim_mean(x, 0.25).
double iqm(std::vector<double> x);
/// numpy.percentile(x, q) with linear interpolation, q in [0, 100].
double percentile(std::vector<double> x, double q);

/// Every score of the matrix, task by task.
std::vector<double> flatten(const ScoreMatrix &scores);

struct Interval {
  double point = 0, lower = 0, upper = 0;
};

/// The statistic on `scores` and its `size` (e.g. 0.95) percentile interval
/// from `reps` stratified bootstrap resamples (runs drawn with replacement
/// within each task), drawn from std::mt19937_64 seeded with `seed`.
Interval
stratifiedBootstrap(const ScoreMatrix &scores,
                    const std::function<double(const ScoreMatrix &)> &statistic,
                    int reps, std::uint64_t seed, double size = 0.95);

/// P(X > Y): per task, the fraction of run pairs (x_i, y_j) with x_i > y_j,
/// ties counting one half (the Mann-Whitney U statistic over n m), averaged
/// over tasks. The matrices must have the same tasks.
double probabilityOfImprovement(const ScoreMatrix &x, const ScoreMatrix &y);

/// The same with a percentile interval: x's and y's runs resampled
/// independently within each task (rliable's stratified independent
/// bootstrap).
Interval probabilityOfImprovementInterval(const ScoreMatrix &x,
                                          const ScoreMatrix &y, int reps,
                                          std::uint64_t seed,
                                          double size = 0.95);

} // namespace ofex::report

#endif // OFEX_REPORT_STATS_H
