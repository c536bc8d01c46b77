//===- Svg.h - Self-contained SVG line and bar charts ---------------------===//
//
// Hand-written SVG 1.1: a title, axes with tick labels, gridlines and a
// legend; generic fonts only, no scripts. Every data line is one
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
  std::string endLabel;       ///< text by the last point, if any
  bool markers = false;       ///< a dot with a tooltip at every point
  bool flatten = false;       ///< drop the inner points of horizontal stretches
  int colour = -1;            ///< palette index; -1: the series' position
};

struct LineChart {
  std::string title, xLabel, yLabel;
  bool yFromZero = false;
  std::vector<Series> series;
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

std::string renderLineChart(const LineChart &chart);
std::string renderBarChart(const BarChart &chart);

} // namespace ofex::report

#endif // OFEX_REPORT_SVG_H
