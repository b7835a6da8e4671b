#pragma once
// Charts as SVG strings to inline in an HTML page: line charts (linear or log x axis, with
// optional shaded bands and marked moments), horizontal bar charts (bars side by side when
// there are several series, optional interval whiskers) and stacked horizontal bar charts.
// Every chart has a title, labelled axes with "nice" ticks, a legend when there is more than
// one entry and optional labelled reference lines. Colours are
// the colour-blind-safe Okabe–Ito palette; line series also differ by dash pattern, so
// charts survive grey-scale printing. Data marks (bars, curves) carry class="mark". Output is
// deterministic: coordinates are printed with one decimal in the C locale. No xmlns
// attribute: the HTML parser supplies it.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace capsim::svg {

/// Turns an axis value into its label, unit included, e.g. 0.02 -> "20 ms".
using ValueFormat = std::function<std::string(double)>;

struct Axis {
  std::string label;         // what the axis measures, e.g. "Response time (log scale)"
  ValueFormat format;        // tick and value labels; empty: three significant digits
  bool log_scale = false;    // line-chart x axis; values <= 0 are left out
  std::optional<double> min; // fixed ends (> 0 on a log axis); otherwise nice ticks around data
  std::optional<double> max;
};

/// A labelled dashed line across the plot at `value` on the value axis, e.g. an SLO.
struct ReferenceLine {
  double value = 0.0;
  std::string label;
};

struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points; // (x, y), drawn in order
};

/// x and the range [low, high] a band covers there.
struct BandPoint {
  double x = 0.0;
  double low = 0.0;
  double high = 0.0;
};

/// A shaded range, e.g. the P10–P90 forecast around the median line: the area between `low`
/// and `high`, drawn under the lines in a light tint of the series with the same index.
struct Band {
  std::string name;
  std::vector<BandPoint> points; // in x order
};

/// A moment marked on a line chart, e.g. an autoscaler's decision: a triangle on the top
/// edge of the plot and a dotted line down to the x axis, in the colour of series `series`.
struct XMarker {
  double x = 0.0;
  std::size_t series = 0;
  std::string label; // its tooltip, e.g. "12 min: api 2 → 4 instances"
};

struct LineChart {
  std::string title;
  Axis x;
  Axis y;
  std::vector<Series> series;
  std::vector<ReferenceLine> y_references; // horizontal; the y axis stretches to show them
  std::vector<Band> bands{};
  std::vector<XMarker> x_markers{};
  std::string x_markers_name{}; // the markers' legend entry, e.g. "scaling action"
};

/// One category of a bar chart: one value per series.
struct BarGroup {
  std::string label;
  std::vector<double> values;
  std::string alert; // when set, e.g. "saturated": follows the value label in the alert colour
  /// Grouped bars only, when set: one (low, high) per value, e.g. a 95% CI, drawn as a whisker.
  std::vector<std::pair<double, double>> intervals{};
};

struct BarChart {
  std::string title;
  std::string category_label; // what the groups are, e.g. "Node"
  Axis value_axis;            // horizontal; bars start at zero
  std::vector<std::string> series;
  std::vector<BarGroup> groups;           // drawn top to bottom
  std::optional<ReferenceLine> reference; // vertical
  /// Consecutive series sharing one colour, the earlier ones lighter: 2 for a node's waiting
  /// and working time side by side in a stack.
  std::size_t series_per_colour = 1;
};

std::string render_line_chart(const LineChart &chart);
/// One bar per series in each group, each bar with its value label.
std::string render_bar_chart(const BarChart &chart);
/// One bar per group whose segments (the series) add up; the label gives the total.
std::string render_stacked_bar_chart(const BarChart &chart);

/// About `target_count` evenly spaced ticks of step 1, 2 or 5 x 10^k covering [low, high].
std::vector<double> nice_ticks(double low, double high, int target_count = 5);
/// Ticks of a log axis covering [low, high] (both > 0): 1, 2 and 5 x 10^k over at most two
/// decades, otherwise powers of ten; the first and last ticks are the axis ends.
std::vector<double> log_ticks(double low, double high);
/// Text with & < > " ' replaced by entities, for XML and HTML content and attributes.
std::string escape_xml(std::string_view text);

} // namespace capsim::svg
