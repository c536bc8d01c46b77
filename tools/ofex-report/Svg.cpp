//===- Svg.cpp - Self-contained SVG line and bar charts -------------------===//
#include "Svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

namespace ofex::report {
namespace {

// Tableau 10; past ten series the colours repeat with another dash pattern.
// Small multiples number their series per panel, so a panel's first ten
// lines always get ten different colours.
const char *const kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                                "#9c755f", "#bab0ac"};
const char *colour(int i) { return kPalette[i % 10]; }
const char *cycleDash(int i) {
  const char *const dashes[] = {"", "8 3", "2 2"};
  return dashes[(i / 10) % 3];
}

constexpr double kPlotWidth = 600, kPlotHeight = 340, kLeft = 80, kTop = 48,
                 kBottom = 60, kCharWidth = 7;
// A panel of small multiples: a smaller plot under a smaller title.
constexpr double kPanelWidth = 420, kPanelHeight = 220, kPanelsTop = 40;
constexpr std::size_t kMaxLabel = 40;

std::string escape(const std::string &s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      // Control characters are not allowed in XML 1.0.
      if (static_cast<unsigned char>(c) >= 0x20 || c == '\t')
        out += c;
    }
  }
  return out;
}

std::string fmt(const char *format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), format, v);
  return buf;
}
/// A coordinate: one decimal is finer than any screen.
std::string px(double v) { return fmt("%.1f", v); }
/// A data value in a tooltip.
std::string value(double v) { return fmt("%.6g", v); }

std::string shorten(const std::string &label) {
  if (label.size() <= kMaxLabel)
    return label;
  std::size_t cut = kMaxLabel - 3;
  // Do not split a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80)
    --cut;
  return label.substr(0, cut) + "...";
}

/// A linear axis from `lo` to `hi` in steps of 1, 2 or 5 times a power of 10.
struct Axis {
  double lo = 0, hi = 1, step = 0.2;

  static Axis fit(double min, double max, bool fromZero) {
    if (!std::isfinite(min) || !std::isfinite(max)) {
      min = 0;
      max = 1;
    }
    // Keep max - min finite.
    min = std::max(min, -1e300);
    max = std::min(max, 1e300);
    if (fromZero) {
      min = std::min(min, 0.0);
      max = std::max(max, 0.0);
    }
    if (max - min <= std::fabs(max) * 1e-12) {
      double pad = min == 0 ? 1 : std::fabs(min) * 0.1;
      min = fromZero && min >= 0 ? min : min - pad;
      max += pad;
    }
    double raw = (max - min) / 6;
    double mag = std::pow(10, std::floor(std::log10(raw)));
    double f = raw / mag;
    Axis a;
    a.step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
    a.lo = std::floor(min / a.step + 1e-9) * a.step;
    a.hi = std::ceil(max / a.step - 1e-9) * a.step;
    return a;
  }

  std::vector<double> ticks() const {
    std::vector<double> t;
    for (int i = 0; i < 100 && lo + i * step <= hi + step * 1e-6; ++i)
      t.push_back(std::fabs(lo + i * step) < step * 1e-9 ? 0 : lo + i * step);
    return t;
  }

  /// Tick text, in thousands (k) or millions (M) when the numbers are large.
  std::string label(double v) const {
    double big = std::max(std::fabs(lo), std::fabs(hi)), scale = 1;
    const char *suffix = "";
    if (big >= 1e6) {
      scale = 1e6;
      suffix = "M";
    } else if (big >= 1e4) {
      scale = 1e3;
      suffix = "k";
    }
    char buf[64];
    double digits = std::ceil(-std::log10(step / scale) - 1e-9);
    if (!std::isfinite(digits) || digits > 6 || big >= 1e12)
      std::snprintf(buf, sizeof(buf), "%.3g", v); // beyond k and M
    else
      std::snprintf(buf, sizeof(buf), "%.*f%s", std::max(0, (int)digits),
                    v / scale, suffix);
    return buf;
  }
};

struct LegendEntry {
  std::string label;
  int colour;
  std::string dash;
  bool swatch; ///< a filled square (bars) rather than a line
};

/// The size of a chart's plot area and how its title looks: a whole chart's,
/// or a panel's of small multiples.
struct Frame {
  double plotWidth = kPlotWidth, plotHeight = kPlotHeight;
  const char *titleClass = "title";
  int titleSize = 16;
};

/// The start of an SVG document of the given size, with its tooltip title
/// and a white background.
std::string documentHead(double width, double height,
                         const std::string &title) {
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\""
      << px(width) << "\" height=\"" << px(height) << "\" viewBox=\"0 0 "
      << px(width) << " " << px(height)
      << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<title>" << escape(title) << "</title>\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  return out.str();
}

/// The frame of a chart: maps data to pixels and writes the common parts.
class Canvas {
public:
  Canvas(const std::string &title, const std::vector<LegendEntry> &legend,
         const Frame &frame = Frame())
      : legend(legend), frame(frame), title(title) {
    std::size_t longest = 4;
    for (const LegendEntry &e : legend)
      longest = std::max(longest, shorten(e.label).size());
    legendWidth = 50 + longest * kCharWidth;
    plotRight = kLeft + frame.plotWidth;
    width = plotRight + 20 + legendWidth;
    // Tall enough for the legend too.
    height = std::max(kTop + frame.plotHeight + kBottom,
                      kTop + 8 + 20.0 * legend.size());
    out << "<text class=\"" << frame.titleClass << "\" x=\""
        << px(kLeft + frame.plotWidth / 2)
        << "\" y=\"28\" text-anchor=\"middle\" font-size=\"" << frame.titleSize
        << "\" font-weight=\"bold\">" << escape(title) << "</text>\n";
  }

  double xPixel(double v) const {
    return kLeft + (v - x.lo) / (x.hi - x.lo) * frame.plotWidth;
  }
  double yPixel(const Axis &a, double v) const {
    return kTop + frame.plotHeight -
           (v - a.lo) / (a.hi - a.lo) * frame.plotHeight;
  }

  /// Gridlines, the frame, tick labels and axis titles. With `xTicks` false
  /// the caller labels the x axis itself (bar categories).
  void axes(const std::string &xLabel, const std::string &yLabel, bool xTicks) {
    const double bottom = kTop + frame.plotHeight;
    out << "<g class=\"grid\" stroke=\"#e4e4e4\" stroke-width=\"1\">\n";
    for (double t : y.ticks())
      out << "<line x1=\"" << px(kLeft) << "\" y1=\"" << px(yPixel(y, t))
          << "\" x2=\"" << px(plotRight) << "\" y2=\"" << px(yPixel(y, t))
          << "\"/>\n";
    if (xTicks)
      for (double t : x.ticks())
        out << "<line x1=\"" << px(xPixel(t)) << "\" y1=\"" << px(kTop)
            << "\" x2=\"" << px(xPixel(t)) << "\" y2=\"" << px(bottom)
            << "\"/>\n";
    out << "</g>\n<g class=\"axes\">\n"
        << "<rect x=\"" << px(kLeft) << "\" y=\"" << px(kTop) << "\" width=\""
        << px(frame.plotWidth) << "\" height=\"" << px(frame.plotHeight)
        << "\" fill=\"none\" stroke=\"#444\"/>\n";
    for (double t : y.ticks())
      out << "<text x=\"" << px(kLeft - 6) << "\" y=\"" << px(yPixel(y, t) + 4)
          << "\" text-anchor=\"end\">" << y.label(t) << "</text>\n";
    if (xTicks)
      for (double t : x.ticks())
        out << "<text x=\"" << px(xPixel(t)) << "\" y=\"" << px(bottom + 18)
            << "\" text-anchor=\"middle\">" << x.label(t) << "</text>\n";
    out << "<text x=\"" << px(kLeft + frame.plotWidth / 2) << "\" y=\""
        << px(bottom + 44) << "\" text-anchor=\"middle\">" << escape(xLabel)
        << "</text>\n";
    axisTitle(yLabel, 22);
    out << "</g>\n";
  }

  void drawLegend() {
    double x0 = width - legendWidth + 10, y0 = kTop + 8;
    out << "<g class=\"legend\">\n";
    for (std::size_t i = 0; i < legend.size(); ++i) {
      const LegendEntry &e = legend[i];
      double yy = y0 + i * 20;
      if (e.swatch)
        out << "<rect x=\"" << px(x0) << "\" y=\"" << px(yy - 6)
            << "\" width=\"24\" height=\"12\" fill=\"" << colour(e.colour)
            << "\"/>\n";
      else
        out << "<line x1=\"" << px(x0) << "\" y1=\"" << px(yy) << "\" x2=\""
            << px(x0 + 24) << "\" y2=\"" << px(yy) << "\" stroke=\""
            << colour(e.colour) << "\" stroke-width=\"2.5\"" << dashAttr(e.dash)
            << "/>\n";
      out << "<text class=\"legend-label\" x=\"" << px(x0 + 32) << "\" y=\""
          << px(yy + 4) << "\">" << escape(shorten(e.label)) << "</text>\n";
    }
    out << "</g>\n";
  }

  /// The whole chart as a document of its own.
  std::string finish() {
    return documentHead(width, height, title) + body() + "</svg>\n";
  }

  /// The chart's elements with its legend, for a document that places it.
  std::string body() {
    drawLegend();
    return out.str();
  }

  static std::string dashAttr(const std::string &dash) {
    return dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"";
  }

  Axis x, y;
  std::ostringstream out;
  std::vector<LegendEntry> legend;
  double width = 0, height = 0;

private:
  void axisTitle(const std::string &text, double xx) {
    double yy = kTop + frame.plotHeight / 2;
    out << "<text x=\"" << px(xx) << "\" y=\"" << px(yy)
        << "\" text-anchor=\"middle\" transform=\"rotate(-90 " << px(xx) << " "
        << px(yy) << ")\">" << escape(text) << "</text>\n";
  }

  Frame frame;
  std::string title;
  double legendWidth = 0, plotRight = 0;
};

/// Index ranges [begin, end) of consecutive finite points.
std::vector<std::pair<std::size_t, std::size_t>> stretches(const Series &s) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t n = std::min(s.x.size(), s.y.size()), begin = 0;
  for (std::size_t i = 0; i <= n; ++i) {
    bool ok = i < n && std::isfinite(s.x[i]) && std::isfinite(s.y[i]);
    if (!ok) {
      if (i > begin)
        out.push_back({begin, i});
      begin = i + 1;
    }
  }
  return out;
}

double spreadAt(const Series &s, std::size_t i) {
  if (i >= s.spread.size() || !std::isfinite(s.spread[i]))
    return 0;
  return std::fabs(s.spread[i]);
}

bool hasBand(const Series &s) {
  return !s.spread.empty() || (!s.lower.empty() && !s.upper.empty());
}
/// The band's top and bottom at point i: lower/upper when given, else y ±
/// spread; a missing or non-finite bound falls back to y.
double bandTop(const Series &s, std::size_t i) {
  if (!s.upper.empty())
    return i < s.upper.size() && std::isfinite(s.upper[i]) ? s.upper[i]
                                                           : s.y[i];
  return s.y[i] + spreadAt(s, i);
}
double bandBottom(const Series &s, std::size_t i) {
  if (!s.lower.empty())
    return i < s.lower.size() && std::isfinite(s.lower[i]) ? s.lower[i]
                                                           : s.y[i];
  return s.y[i] - spreadAt(s, i);
}

/// A line chart's legend: a line per series, in the series' colour.
std::vector<LegendEntry> lineLegend(const LineChart &chart) {
  std::vector<LegendEntry> legend;
  for (std::size_t k = 0; k < chart.series.size(); ++k) {
    const Series &s = chart.series[k];
    int c = s.colour >= 0 ? s.colour : static_cast<int>(k);
    std::string label = s.label;
    if (!s.note.empty())
      label += ": " + s.note;
    if (stretches(s).empty())
      label += " (no data)";
    legend.push_back({label, c, cycleDash(c), false});
  }
  return legend;
}

/// Draws a line chart's axes and series on a canvas made with its legend.
void drawLines(Canvas &canvas, const LineChart &chart) {
  const std::vector<LegendEntry> &legend = canvas.legend;
  double xMin = INFINITY, xMax = -INFINITY;
  double yMin = INFINITY, yMax = -INFINITY;
  for (const Series &s : chart.series) {
    for (auto [b, e] : stretches(s))
      for (std::size_t i = b; i < e; ++i) {
        xMin = std::min(xMin, s.x[i]);
        xMax = std::max(xMax, s.x[i]);
        yMin = std::min({yMin, s.y[i], bandBottom(s, i)});
        yMax = std::max({yMax, s.y[i], bandTop(s, i)});
      }
  }
  canvas.x = Axis::fit(xMin, xMax, true);
  canvas.y = Axis::fit(yMin, yMax, chart.yFromZero);
  canvas.axes(chart.xLabel, chart.yLabel, true);
  std::ostringstream &out = canvas.out;

  for (std::size_t k = 0; k < chart.series.size(); ++k) {
    const Series &s = chart.series[k];
    const Axis &a = canvas.y;
    const char *c = colour(legend[k].colour);
    out << "<g class=\"run\" data-label=\"" << escape(s.label) << "\">\n";
    for (auto [b, e] : stretches(s)) {
      if (hasBand(s)) {
        out << "<path class=\"band\" fill=\"" << c
            << "\" fill-opacity=\"0.18\" stroke=\"none\" d=\"";
        for (std::size_t i = b; i < e; ++i)
          out << (i == b ? "M" : " L") << px(canvas.xPixel(s.x[i])) << ","
              << px(canvas.yPixel(a, bandTop(s, i)));
        for (std::size_t i = e; i-- > b;)
          out << " L" << px(canvas.xPixel(s.x[i])) << ","
              << px(canvas.yPixel(a, bandBottom(s, i)));
        out << " Z\"/>\n";
      }
      out << "<polyline class=\"series\" fill=\"none\" stroke=\"" << c
          << "\" stroke-width=\"2\" stroke-linejoin=\"round\""
          << Canvas::dashAttr(legend[k].dash) << " points=\"";
      bool first = true;
      for (std::size_t i = b; i < e; ++i) {
        bool inner = i > b && i + 1 < e;
        if (s.flatten && inner && s.y[i - 1] == s.y[i] && s.y[i + 1] == s.y[i])
          continue;
        out << (first ? "" : " ") << px(canvas.xPixel(s.x[i])) << ","
            << px(canvas.yPixel(a, s.y[i]));
        first = false;
      }
      out << "\"/>\n";
      // A lone point is no line; give it a dot so it shows.
      if (s.markers || e - b == 1)
        for (std::size_t i = b; i < e; ++i) {
          out << "<circle cx=\"" << px(canvas.xPixel(s.x[i])) << "\" cy=\""
              << px(canvas.yPixel(a, s.y[i])) << "\" r=\"3\" fill=\"" << c
              << "\"><title>" << escape(s.label) << ": step " << value(s.x[i])
              << ", " << value(s.y[i]);
          if (!s.spread.empty())
            out << " ± " << value(i < s.spread.size() ? s.spread[i] : NAN);
          out << "</title></circle>\n";
        }
    }
    auto all = stretches(s);
    if (!s.endLabel.empty() && !all.empty()) {
      std::size_t last = all.back().second - 1;
      out << "<text class=\"end-label\" x=\""
          << px(canvas.xPixel(s.x[last]) - 4) << "\" y=\""
          << px(canvas.yPixel(a, s.y[last]) - 7)
          << "\" text-anchor=\"end\" fill=\"" << c << "\">"
          << escape(s.endLabel) << "</text>\n";
    }
    out << "</g>\n";
  }
}

} // namespace

std::string renderLineChart(const LineChart &chart) {
  Canvas canvas(chart.title, lineLegend(chart));
  drawLines(canvas, chart);
  return canvas.finish();
}

std::string renderPanels(const PanelChart &chart) {
  Frame frame;
  frame.plotWidth = kPanelWidth;
  frame.plotHeight = kPanelHeight;
  frame.titleClass = "panel-title";
  frame.titleSize = 14;
  std::vector<std::unique_ptr<Canvas>> panels;
  double cellWidth = 0, cellHeight = 0;
  for (const LineChart &panel : chart.panels) {
    panels.push_back(
        std::make_unique<Canvas>(panel.title, lineLegend(panel), frame));
    drawLines(*panels.back(), panel);
    cellWidth = std::max(cellWidth, panels.back()->width);
    cellHeight = std::max(cellHeight, panels.back()->height);
  }
  const std::size_t n = panels.size();
  const std::size_t columns = std::min<std::size_t>(
      std::max(chart.columns, 1), std::max<std::size_t>(n, 1));
  const std::size_t rows = (n + columns - 1) / columns;
  const double width = std::max(columns * cellWidth, 2 * kLeft);
  const double height = kPanelsTop + rows * cellHeight;
  std::ostringstream out;
  out << documentHead(width, height, chart.title)
      << "<text class=\"title\" x=\"" << px(width / 2)
      << "\" y=\"28\" text-anchor=\"middle\" font-size=\"16\" "
         "font-weight=\"bold\">"
      << escape(chart.title) << "</text>\n";
  for (std::size_t i = 0; i < n; ++i)
    out << "<g class=\"panel\" data-label=\"" << escape(chart.panels[i].title)
        << "\" transform=\"translate(" << px((i % columns) * cellWidth) << " "
        << px(kPanelsTop + (i / columns) * cellHeight) << ")\">\n"
        << panels[i]->body() << "</g>\n";
  out << "</svg>\n";
  return out.str();
}

std::string renderBarChart(const BarChart &chart) {
  std::vector<LegendEntry> legend;
  double yMax = 0;
  for (std::size_t g = 0; g < chart.groups.size(); ++g) {
    legend.push_back({chart.groups[g].label, static_cast<int>(g), "", true});
    for (double v : chart.groups[g].values)
      if (std::isfinite(v))
        yMax = std::max(yMax, v);
  }
  Canvas canvas(chart.title, legend);
  canvas.y = Axis::fit(0, yMax, true);
  canvas.axes(chart.xLabel, chart.yLabel, false);
  std::ostringstream &out = canvas.out;

  const std::size_t n = chart.categories.size();
  const double slot = kPlotWidth / std::max<std::size_t>(n, 1);
  const double barWidth =
      slot * 0.8 / std::max<std::size_t>(chart.groups.size(), 1);
  const double bottom = kTop + kPlotHeight;
  for (std::size_t c = 0; c < n; ++c)
    out << "<text x=\"" << px(kLeft + (c + 0.5) * slot) << "\" y=\""
        << px(bottom + 18) << "\" text-anchor=\"middle\" font-size=\"11\">"
        << escape(chart.categories[c]) << "</text>\n";
  for (std::size_t g = 0; g < chart.groups.size(); ++g) {
    const BarGroup &group = chart.groups[g];
    out << "<g class=\"bars\" data-label=\"" << escape(group.label) << "\">\n";
    for (std::size_t c = 0; c < n; ++c) {
      double v = c < group.values.size() ? group.values[c] : NAN;
      double h = std::isfinite(v) ? v : 0;
      double top = canvas.yPixel(canvas.y, std::max(h, 0.0));
      out << "<rect class=\"bar\" x=\""
          << px(kLeft + c * slot + slot * 0.1 + g * barWidth) << "\" y=\""
          << px(top) << "\" width=\"" << px(barWidth) << "\" height=\""
          << px(bottom - top) << "\" fill=\"" << colour(static_cast<int>(g))
          << "\"><title>" << escape(group.label) << ", "
          << escape(chart.categories[c]) << ": " << value(v)
          << "</title></rect>\n";
    }
    out << "</g>\n";
  }
  return canvas.finish();
}

std::string renderIntervalChart(const IntervalChart &chart) {
  std::vector<LegendEntry> legend;
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t r = 0; r < chart.rows.size(); ++r) {
    const IntervalRow &row = chart.rows[r];
    legend.push_back({row.label, static_cast<int>(r), "", true});
    for (double v : {row.point, row.lower, row.upper})
      if (std::isfinite(v)) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
  }
  if (!std::isfinite(lo))
    lo = 0, hi = 1;
  Canvas canvas(chart.title, legend);
  canvas.y = Axis::fit(lo, hi, false);
  canvas.axes("", chart.xLabel, false);
  std::ostringstream &out = canvas.out;
  const std::size_t n = chart.rows.size();
  const double slot = kPlotWidth / std::max<std::size_t>(n, 1);
  const double bottom = kTop + kPlotHeight;
  for (std::size_t r = 0; r < n; ++r) {
    const IntervalRow &row = chart.rows[r];
    const double cx = kLeft + (r + 0.5) * slot;
    const char *c = colour(static_cast<int>(r));
    out << "<text x=\"" << px(cx) << "\" y=\"" << px(bottom + 18)
        << "\" text-anchor=\"middle\" font-size=\"11\">" << escape(row.label)
        << "</text>\n"
        << "<g class=\"interval\" data-label=\"" << escape(row.label) << "\">"
        << "<title>" << escape(row.label) << ": " << value(row.point) << " ["
        << value(row.lower) << ", " << value(row.upper) << "]</title>\n"
        << "<line x1=\"" << px(cx) << "\" y1=\""
        << px(canvas.yPixel(canvas.y, row.lower)) << "\" x2=\"" << px(cx)
        << "\" y2=\"" << px(canvas.yPixel(canvas.y, row.upper))
        << "\" stroke=\"" << c
        << "\" stroke-width=\"6\" stroke-opacity=\"0.5\"/>\n"
        << "<circle cx=\"" << px(cx) << "\" cy=\""
        << px(canvas.yPixel(canvas.y, row.point)) << "\" r=\"5\" fill=\"" << c
        << "\"/></g>\n";
  }
  return canvas.finish();
}

} // namespace ofex::report
