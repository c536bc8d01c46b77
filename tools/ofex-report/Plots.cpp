//===- Plots.cpp - The report's charts, built from loaded runs ------------===//
#include "Plots.h"

#include "Svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ofex::report {
namespace {

/// Counts and steps in full, ratios to three digits.
std::string number(double v, int digits = 10) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.*g", digits, v);
  return buf;
}

/// The last finite value of `values`, or nan.
double lastFinite(const std::vector<double> &values) {
  for (std::size_t i = values.size(); i-- > 0;)
    if (std::isfinite(values[i]))
      return values[i];
  return NAN;
}

} // namespace

std::string returnsChart(const std::vector<Run> &runs) {
  LineChart chart;
  chart.title = "Evaluation return";
  if (!runs.empty() && !runs.front().env.empty() &&
      std::all_of(runs.begin(), runs.end(),
                  [&](const Run &r) { return r.env == runs.front().env; }))
    chart.title += ": " + runs.front().env;
  chart.xLabel = "environment step";
  chart.yLabel = "mean return (band: ± std)";
  for (const Run &run : runs) {
    Series s;
    s.label = run.label;
    s.x = run.eval.column("step");
    s.y = run.eval.column("mean_return");
    s.spread = run.eval.column("std_return");
    s.markers = true;
    chart.series.push_back(std::move(s));
  }
  return renderLineChart(chart);
}

std::optional<std::string> paramsChart(const Run &run) {
  if (!run.progress || run.progress->rows.empty())
    return std::nullopt;
  const Table &t = *run.progress;
  LineChart chart;
  chart.title = "Parameters: " + run.label;
  chart.xLabel = "environment step";
  chart.yLabel = "parameters";
  chart.yFromZero = true;
  const char *names[2][3] = {{"deploy_params", "dR", "deploy (inference)"},
                             {"train_params", "tR", "train (updated)"}};
  for (auto &name : names) {
    Series s;
    s.label = name[2];
    s.x = t.column("step");
    s.y = t.column(name[0]);
    s.flatten = true;
    double last = lastFinite(s.y), ratio = lastFinite(t.column(name[1]));
    s.endLabel = number(last) + " (" + name[1] + " " + number(ratio, 3) + ")";
    s.label += ": " + s.endLabel;
    chart.series.push_back(std::move(s));
  }
  return renderLineChart(chart);
}

std::optional<std::string> unitsChart(const Run &run) {
  if (!run.units || run.units->rows.empty() || run.units->columns.size() < 2)
    return std::nullopt;
  const Table &t = *run.units;
  // One panel per network, the group name's part before the first '.'
  // (phi_o.l1 -> phi_o), in the order of the file's columns.
  PanelChart chart;
  chart.title = "Active units per gate group: " + run.label;
  for (const std::string &group : t.columns) {
    if (group == "step")
      continue;
    std::string network = group.substr(0, group.find('.'));
    auto panel =
        std::find_if(chart.panels.begin(), chart.panels.end(),
                     [&](const LineChart &c) { return c.title == network; });
    if (panel == chart.panels.end()) {
      LineChart c;
      c.title = network;
      c.xLabel = "environment step";
      c.yLabel = "active units";
      c.yFromZero = true;
      chart.panels.push_back(std::move(c));
      panel = chart.panels.end() - 1;
    }
    Series s;
    s.label = group;
    s.x = t.column("step");
    s.y = t.column(group);
    // The first and last logged counts (a warm-started run's first row is
    // not the unpruned width).
    double first = NAN, last = lastFinite(s.y);
    for (double v : s.y)
      if (std::isfinite(v)) {
        first = v;
        break;
      }
    if (std::isfinite(first))
      s.note = number(first) + " → " + number(last);
    panel->series.push_back(std::move(s));
  }
  return renderPanels(chart);
}

std::optional<std::string> thetaChart(const Run &run,
                                      const std::vector<double> &steps) {
  if (!run.theta || run.theta->rows.empty())
    return std::nullopt;
  const Table &t = *run.theta;
  // A run without gates writes rows of zeros: nothing to draw.
  bool anyUnit = false;
  for (const auto &row : t.rows)
    for (std::size_t c = 1; c < row.size(); ++c)
      anyUnit |= row[c] > 0;
  if (!anyUnit)
    return std::nullopt;
  std::vector<double> rowSteps = t.column("step");
  std::vector<std::size_t> chosen;
  if (steps.empty()) {
    std::size_t n = rowSteps.size();
    chosen = {0, (n - 1) / 2, n - 1};
  } else {
    for (double want : steps) {
      std::size_t best = 0;
      for (std::size_t i = 0; i < rowSteps.size(); ++i)
        if (std::fabs(rowSteps[i] - want) <= std::fabs(rowSteps[best] - want))
          best = i; // ties: the later row (a resumed run's rewrite)
      chosen.push_back(best);
    }
  }
  // Each row once, in file order.
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());

  BarChart chart;
  chart.title = "Gate θ histogram of live units: " + run.label;
  chart.xLabel = "θ bin";
  chart.yLabel = "live units";
  for (int b = 0; b < 10; ++b)
    chart.categories.push_back(
        "0." + std::to_string(b) + "–" +
        (b == 9 ? std::string("1.0") : "0." + std::to_string(b + 1)));
  for (std::size_t row : chosen) {
    BarGroup g;
    g.label = "step " + number(rowSteps[row]);
    for (int b = 0; b < 10; ++b)
      g.values.push_back(t.rows[row][t.index("theta_" + std::to_string(b))]);
    chart.groups.push_back(std::move(g));
  }
  return renderBarChart(chart);
}

} // namespace ofex::report
