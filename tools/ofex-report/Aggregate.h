//===- Aggregate.h - Statistics over the seeds of a sweep -----------------===//
//
// ofex-report --aggregate PATH... groups runs into methods: each PATH is a run
// directory (with an eval.csv) or a sweep (PATH/runs/* or PATH/* with an
// eval.csv), so runs kept in several places (a campaign's per-seed folders,
// results committed earlier) aggregate together. A method is the runs whose
// config.ini agrees on everything but the seed (and threads, out, quiet,
// init-from, cost-table, checkpoint-every). Per method and task:
// the mean and IQM of the evaluation return across seeds at every evaluation
// step with a 95% percentile-bootstrap band, and the final score (the last
// step every seed reached) with its interval; across tasks: the IQM of
// normalized scores (divided by the baseline method's mean on that task) with
// a stratified bootstrap interval, the probability of improvement of each
// method over each other, and the same interval estimates for the numbers of
// each run's summary.json: deploy and train params, dR, tR, FLOPs per update
// and the updates/s at the start and at the end.
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
/// is written. Throws InputError for a path without runs, a run given twice,
/// runs without a config.ini or a baseline that is not a method of the runs.
std::map<std::string, std::string>
aggregateSweep(const std::vector<std::filesystem::path> &paths,
               const AggregateOptions &opts);

} // namespace ofex::report

#endif // OFEX_REPORT_AGGREGATE_H
