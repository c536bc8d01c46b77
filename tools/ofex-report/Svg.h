//===- Svg.h - Self-contained SVG line and bar charts ---------------------===//
//
// Hand-written SVG 1.1: a title, axes with tick labels, gridlines and a
// legend; generic fonts only, no scripts. Small multiples put several line
// charts (panels, each a <g class="panel"> with its own axes and legend) in
// one document. Every data line is one
// <polyline class="series"> per unbroken stretch (nan values break a line),
// every bar one <rect class="bar">, each with a <title> tooltip.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_REPORT_SVG_H
#define OFEX_REPORT_SVG_H

#include <string>
#include <vector>

namespace ofex::report {

struct Series {
  std::string label;
  std::vector<double> x, y;
  std::vector<double> spread; ///< if not empty: a shaded y ± spread band
  /// If not empty (both): a shaded band from lower to upper instead (an
  /// interval estimate need not be symmetric).
  std::vector<double> lower, upper;
  std::string endLabel; ///< text by the last point, if any
  std::string note;     ///< if not empty: legend text after "label: "
  bool markers = false; ///< a dot with a tooltip at every point
  bool flatten = false; ///< drop the inner points of horizontal stretches
  int colour = -1;      ///< palette index; -1: the series' position
};

struct LineChart {
  std::string title, xLabel, yLabel;
  bool yFromZero = false;
  std::vector<Series> series;
};

/// Small multiples: line charts side by side, `columns` to a row, under one
/// title. Colours count from the first series of each panel.
struct PanelChart {
  std::string title;
  std::vector<LineChart> panels;
  int columns = 2;
};

struct BarGroup {
  std::string label;
  std::vector<double> values; ///< one per category
};

struct BarChart {
  std::string title, xLabel, yLabel;
  std::vector<std::string> categories;
  std::vector<BarGroup> groups; ///< one bar per group in every category
};

/// One row of an interval plot: a point estimate and its interval.
struct IntervalRow {
  std::string label;
  double point = 0, lower = 0, upper = 0;
};

/// Rows of horizontal intervals with a dot at the point, on one x axis
/// (rliable's plot of aggregate metrics).
struct IntervalChart {
  std::string title, xLabel;
  std::vector<IntervalRow> rows;
};

std::string renderLineChart(const LineChart &chart);
std::string renderPanels(const PanelChart &chart);
std::string renderIntervalChart(const IntervalChart &chart);
std::string renderBarChart(const BarChart &chart);

} // namespace ofex::report

#endif // OFEX_REPORT_SVG_H
