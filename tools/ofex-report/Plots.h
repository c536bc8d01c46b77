//===- Plots.h - The report's charts, built from loaded runs --------------===//
#ifndef OFEX_REPORT_PLOTS_H
#define OFEX_REPORT_PLOTS_H

#include "Run.h"

#include <optional>
#include <string>
#include <vector>

namespace ofex::report {

/// Evaluation mean return against step, one line and ±std band per run.
std::string returnsChart(const std::vector<Run> &runs);

/// deploy_params and train_params against step, labelled with the final dR
/// and tR; nothing without progress rows.
std::optional<std::string> paramsChart(const Run &run);

/// Active units of every gate group against step as small multiples: one
/// panel per network (the group name's part before the first '.'), a line per
/// group in distinct colours within the panel, the legend giving the first
/// and last logged counts; nothing without rows or groups in units.csv.
std::optional<std::string> unitsChart(const Run &run);

/// The theta histogram (10 bins) at each of `steps`, the nearest row of
/// theta.csv to each; with no steps, the first, middle and last rows.
/// Nothing without rows in theta.csv.
std::optional<std::string> thetaChart(const Run &run,
                                      const std::vector<double> &steps);

} // namespace ofex::report

#endif // OFEX_REPORT_PLOTS_H
