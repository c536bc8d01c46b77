//===- Aggregate.h - Statistics over the seeds of a sweep -----------------===//
//
// ofex-report --aggregate SWEEPDIR groups the runs of a sweep (SWEEPDIR/runs/*
// or SWEEPDIR/* with an eval.csv) into methods: runs whose config.ini agrees
// on everything but the seed (and threads, out, quiet). Per method and task:
// the mean and IQM of the evaluation return across seeds at every evaluation
// step with a 95% percentile-bootstrap band, and the final score (the last
// step every seed reached) with its interval; across tasks: the IQM of
// normalized scores (divided by the baseline method's mean on that task) with
// a stratified bootstrap interval, the probability of improvement of each
// method over each other, and the same interval estimates for the final
// deploy params and dR.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_REPORT_AGGREGATE_H
#define OFEX_REPORT_AGGREGATE_H

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ofex::report {

struct AggregateOptions {
  std::string baseline;   ///< method name for normalization ("" : none)
  int reps = 2000;        ///< bootstrap resamples
  std::uint64_t seed = 0; ///< of the bootstrap's generator
};

/// The files to write, by name (aggregate.csv, aggregate.json,
/// aggregate-<task>.svg, aggregate-intervals.svg), all computed before any
/// is written. Throws InputError for a directory without runs, runs without
/// a config.ini or a baseline that is not a method of the sweep.
std::map<std::string, std::string>
aggregateSweep(const std::filesystem::path &dir, const AggregateOptions &opts);

} // namespace ofex::report

#endif // OFEX_REPORT_AGGREGATE_H
