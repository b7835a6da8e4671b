// SVG chart rendering (see svg_chart.hpp). Layout is computed in pixels of a fixed-width
// view box; text widths are estimated from the number of characters, since no font metrics
// are available, so margins are generous.
#include "reports/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace capsim::svg {
namespace {

constexpr double kWidthPx = 760.0;
constexpr double kEdgePx = 2.0;
constexpr double kTitlePx = 17.0;
constexpr double kLabelPx = 13.0;
constexpr double kTickPx = 12.0;
constexpr double kLinePlotHeightPx = 300.0;
constexpr const char *kFont = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, "
                              "sans-serif";
constexpr const char *kInk = "#222222";
constexpr const char *kMutedInk = "#555555";
constexpr const char *kGrid = "#e6e6e6";
constexpr const char *kAxisLine = "#8c8c8c";
constexpr const char *kAlert = "#D55E00"; // Okabe–Ito vermillion
// Okabe–Ito, most distinct first; vermillion comes late since it also marks alerts.
constexpr std::array<const char *, 7> kPalette{"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                               "#56B4E9", "#D55E00", "#F0E442"};
constexpr std::array<const char *, 4> kDashes{"", "8 4", "2 3", "10 3 2 3"};
constexpr double kBandOpacity = 0.22;
constexpr double kMarkerPx = 9.0; // a marker triangle's width and height

const char *series_colour(std::size_t index) {
  return kPalette[index % kPalette.size()];
}

std::string dash_attribute(std::size_t index) {
  const char *dash = kDashes[index % kDashes.size()];
  return *dash == '\0' ? "" : std::string(" stroke-dasharray=\"") + dash + "\"";
}

/// `fill="..."`, with fill-opacity when below 1.
std::string fill_style(const char *colour, double opacity = 1.0) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, " fill-opacity=\"%.2f\"", opacity);
  return "fill=\"" + std::string(colour) + "\"" + (opacity < 1.0 ? buffer : "");
}

/// A coordinate with one decimal; never "-0.0".
std::string px(double value) {
  const double rounded = std::round(value * 10.0) / 10.0;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", rounded == 0.0 ? 0.0 : rounded);
  return buffer;
}

/// Width of `text` in pixels at `font_px`, from its UTF-8 code point count: an upper
/// estimate for bold text in wide fonts such as DejaVu Sans.
double text_width_px(std::string_view text, double font_px) {
  const auto code_points = std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  });
  return static_cast<double>(code_points) * 0.66 * font_px;
}

/// mantissa x 10^exponent as the nearest double, so ticks print as their decimal values.
double decimal(std::int64_t mantissa, int exponent) {
  double power = 1.0;
  for (int i = 0; i < std::abs(exponent); ++i) {
    power *= 10.0;
  }
  const auto scaled = static_cast<double>(mantissa);
  return exponent < 0 ? scaled / power : scaled * power;
}

std::string default_format(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

/// The label of a tick or data value; "n/a" for a non-finite value, whatever the format.
std::string format_value(const Axis &axis, double value) {
  if (!std::isfinite(value)) {
    return "n/a";
  }
  return axis.format ? axis.format(value) : default_format(value);
}

/// Accumulates SVG elements; every text passes through escape_xml.
class SvgCanvas {
public:
  void line(double x1, double y1, double x2, double y2, const std::string &style) {
    body_ += "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" +
             px(y2) + "\" " + style + "/>\n";
  }
  /// A data mark (bar or bar segment) unless it is a legend swatch.
  void rect(double x, double y, double width, double height, const std::string &paint,
            std::string_view tooltip, bool data_mark = true) {
    body_ += std::string(data_mark ? "<rect class=\"mark\"" : "<rect") + " x=\"" + px(x) +
             "\" y=\"" + px(y) + "\" width=\"" + px(width) + "\" height=\"" + px(height) + "\" " +
             paint + "><title>" + escape_xml(tooltip) + "</title></rect>\n";
  }
  /// A closed polygon through `points_px`; `mark_class` (e.g. "mark band") or "" for a swatch.
  void polygon(const std::vector<std::pair<double, double>> &points_px, const std::string &paint,
               std::string_view mark_class, std::string_view tooltip) {
    std::string path;
    for (const auto &[x, y] : points_px) {
      path += (path.empty() ? "M" : " L") + px(x) + "," + px(y);
    }
    body_ += "<path" + (mark_class.empty() ? "" : " class=\"" + std::string(mark_class) + "\"") +
             " d=\"" + path + " Z\" " + paint + "><title>" + escape_xml(tooltip) +
             "</title></path>\n";
  }
  void polyline(const std::vector<std::pair<double, double>> &points_px, const std::string &style) {
    std::string points;
    for (const auto &[x, y] : points_px) {
      points += (points.empty() ? "" : " ") + px(x) + "," + px(y);
    }
    body_ += "<polyline class=\"mark\" fill=\"none\" points=\"" + points + "\" " + style + "/>\n";
  }
  void text(double x, double y, std::string_view content, const std::string &style) {
    body_ += "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" " + style + ">" + escape_xml(content) +
             "</text>\n";
  }
  std::string finish(std::string_view title, double height_px) const {
    return "<svg class=\"chart\" viewBox=\"0 0 " + px(kWidthPx) + " " + px(height_px) +
           "\" width=\"" + px(kWidthPx) + "\" height=\"" + px(height_px) +
           "\" role=\"img\" aria-label=\"" + escape_xml(title) + "\" font-family=\"" + kFont +
           "\">\n" + body_ + "</svg>\n";
  }

private:
  std::string body_;
};

std::string text_style(double font_px, const char *fill, const char *anchor = "start",
                       const char *weight = "normal") {
  return "font-size=\"" + px(font_px) + "\" fill=\"" + fill + "\" text-anchor=\"" + anchor +
         "\" font-weight=\"" + weight + "\"";
}

std::string stroke_style(const char *colour, double width_px, const std::string &extra = "") {
  return "stroke=\"" + std::string(colour) + "\" stroke-width=\"" + px(width_px) + "\"" + extra;
}

/// A label legible over lines: a white halo painted under the glyphs.
std::string halo_text_style(double font_px, const char *anchor) {
  return text_style(font_px, kInk, anchor) +
         " paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"4\" stroke-linejoin=\"round\"";
}

/// A value axis mapped onto pixels [low_px, high_px].
struct Scale {
  double domain_low = 0.0;
  double domain_high = 1.0;
  bool log = false;
  std::vector<double> ticks;
  double low_px = 0.0;
  double high_px = 1.0;

  double to_px(double value) const {
    const double clamped = std::clamp(value, domain_low, domain_high);
    const double share = log ? std::log(clamped / domain_low) / std::log(domain_high / domain_low)
                             : (clamped - domain_low) / (domain_high - domain_low);
    return low_px + share * (high_px - low_px);
  }
  bool contains(double value) const { return value >= domain_low && value <= domain_high; }
};

/// The axis's domain and ticks around data in [data_low, data_high]; fixed ends win.
Scale make_scale(const Axis &axis, double data_low, double data_high, int target_ticks) {
  Scale scale;
  scale.log = axis.log_scale;
  const double low = axis.min.value_or(data_low);
  const double high = axis.max.value_or(data_high);
  scale.ticks = axis.log_scale ? log_ticks(low, high) : nice_ticks(low, high, target_ticks);
  scale.domain_low = axis.min.value_or(scale.ticks.front());
  scale.domain_high = axis.max.value_or(scale.ticks.back());
  std::erase_if(scale.ticks, [&](double tick) { return !scale.contains(tick); });
  return scale;
}

/// A downward triangle whose tip is at (x, tip_y).
std::vector<std::pair<double, double>> marker_triangle(double x, double tip_y) {
  return {{x - kMarkerPx / 2.0, tip_y - kMarkerPx},
          {x + kMarkerPx / 2.0, tip_y - kMarkerPx},
          {x, tip_y}};
}

enum class Swatch { line, box, band, marker };

struct LegendItem {
  std::string name;
  Swatch swatch = Swatch::line;
  std::size_t index = 0; // the series: colour and dash pattern
  double opacity = 1.0;  // box swatches
};

void draw_swatch(SvgCanvas &canvas, const LegendItem &item, double x, double middle_y,
                 double width_px) {
  const char *colour = series_colour(item.index);
  switch (item.swatch) {
  case Swatch::line:
    canvas.line(x, middle_y, x + width_px, middle_y,
                stroke_style(colour, 3.0, dash_attribute(item.index)));
    break;
  case Swatch::box:
    canvas.rect(x + 6.0, middle_y - 7.0, 12.0, 12.0, fill_style(colour, item.opacity), item.name,
                false);
    break;
  case Swatch::band:
    canvas.rect(x, middle_y - 7.0, width_px, 12.0, fill_style(colour, kBandOpacity), item.name,
                false);
    break;
  case Swatch::marker:
    canvas.polygon(marker_triangle(x + width_px / 2.0, middle_y + kMarkerPx / 2.0),
                   fill_style(kInk), "", item.name);
    break;
  }
}

/// Legend rows starting at `top_px`, wrapped to the chart width; returns the height used.
double draw_legend(SvgCanvas &canvas, const std::vector<LegendItem> &items, double top_px) {
  if (items.size() < 2) {
    return 0.0;
  }
  constexpr double kRowPx = 22.0;
  constexpr double kSwatchPx = 24.0;
  double x = kEdgePx;
  double baseline = top_px + 14.0;
  for (const LegendItem &item : items) {
    const double item_width = kSwatchPx + 6.0 + text_width_px(item.name, kLabelPx);
    if (x > kEdgePx && x + item_width > kWidthPx - kEdgePx) {
      x = kEdgePx;
      baseline += kRowPx;
    }
    draw_swatch(canvas, item, x, baseline - 4.0, kSwatchPx);
    canvas.text(x + kSwatchPx + 6.0, baseline, item.name, text_style(kLabelPx, kInk));
    x += item_width + 20.0;
  }
  return baseline + 8.0 - top_px;
}

/// Title and legend; returns the y below them.
double draw_header(SvgCanvas &canvas, const std::string &title,
                   const std::vector<LegendItem> &legend) {
  canvas.text(kEdgePx, 24.0, title, text_style(kTitlePx, kInk, "start", "600"));
  return 36.0 + draw_legend(canvas, legend, 34.0);
}

/// Vertical grid lines and labels of a horizontal value axis below the plot.
void draw_x_axis(SvgCanvas &canvas, const Scale &scale, const Axis &axis, double top_px,
                 double bottom_px) {
  for (const double tick : scale.ticks) {
    const double x = scale.to_px(tick);
    canvas.line(x, top_px, x, bottom_px, stroke_style(kGrid, 1.0));
    canvas.text(x, bottom_px + 18.0, format_value(axis, tick),
                text_style(kTickPx, kMutedInk, "middle"));
  }
  canvas.line(scale.low_px, bottom_px, scale.high_px, bottom_px, stroke_style(kAxisLine, 1.0));
  canvas.text((scale.low_px + scale.high_px) / 2.0, bottom_px + 40.0, axis.label,
              text_style(kLabelPx, kInk, "middle"));
}

/// The lines, then the bands, then the markers.
std::vector<LegendItem> line_legend(const LineChart &chart) {
  std::vector<LegendItem> items;
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    items.push_back({chart.series[i].name, Swatch::line, i});
  }
  for (std::size_t i = 0; i < chart.bands.size(); ++i) {
    items.push_back({chart.bands[i].name, Swatch::band, i});
  }
  if (!chart.x_markers.empty() && !chart.x_markers_name.empty()) {
    items.push_back({chart.x_markers_name, Swatch::marker});
  }
  return items;
}

/// The band's points a linear or log x axis can show.
std::vector<BandPoint> drawable(const Band &band, bool log_x) {
  std::vector<BandPoint> points;
  for (const BandPoint &point : band.points) {
    if (std::isfinite(point.x) && std::isfinite(point.low) && std::isfinite(point.high) &&
        (!log_x || point.x > 0.0)) {
      points.push_back(point);
    }
  }
  return points;
}

/// The finite points a log axis can show (x > 0 when log_x).
std::vector<std::pair<double, double>> drawable(const Series &series, bool log_x) {
  std::vector<std::pair<double, double>> points;
  for (const auto &[x, y] : series.points) {
    if (std::isfinite(x) && std::isfinite(y) && (!log_x || x > 0.0)) {
      points.emplace_back(x, y);
    }
  }
  return points;
}

/// [min, max] of the values, or `fallback` when there are none.
std::pair<double, double> extent(const std::vector<double> &values,
                                 std::pair<double, double> fallback) {
  if (values.empty()) {
    return fallback;
  }
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return {*low, *high};
}

void draw_line_series(SvgCanvas &canvas, const LineChart &chart, const Scale &x_scale,
                      const Scale &y_scale) {
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    std::vector<std::pair<double, double>> points_px;
    for (const auto &[x, y] : drawable(chart.series[i], chart.x.log_scale)) {
      if (x_scale.contains(x)) {
        points_px.emplace_back(x_scale.to_px(x), y_scale.to_px(y));
      }
    }
    if (points_px.size() == 1) {
      points_px.push_back(points_px.front());
    }
    if (!points_px.empty()) {
      canvas.polyline(points_px, stroke_style(series_colour(i), 2.5, dash_attribute(i)) +
                                     " stroke-linejoin=\"round\" stroke-linecap=\"round\"");
    }
  }
}

/// Each band as one polygon: along its highs, then back along its lows.
void draw_bands(SvgCanvas &canvas, const LineChart &chart, const Scale &x_scale,
                const Scale &y_scale) {
  for (std::size_t i = 0; i < chart.bands.size(); ++i) {
    std::vector<std::pair<double, double>> highs_px;
    std::vector<std::pair<double, double>> lows_px;
    for (const BandPoint &point : drawable(chart.bands[i], chart.x.log_scale)) {
      if (x_scale.contains(point.x)) {
        highs_px.emplace_back(x_scale.to_px(point.x), y_scale.to_px(point.high));
        lows_px.emplace_back(x_scale.to_px(point.x), y_scale.to_px(point.low));
      }
    }
    if (highs_px.size() < 2) {
      continue;
    }
    highs_px.insert(highs_px.end(), lows_px.rbegin(), lows_px.rend());
    canvas.polygon(highs_px, fill_style(series_colour(i), kBandOpacity), "mark band",
                   chart.bands[i].name);
  }
}

/// Each marker: a dotted line across the plot and a triangle pointing at the plot's top edge.
void draw_x_markers(SvgCanvas &canvas, const LineChart &chart, const Scale &x_scale,
                    const Scale &y_scale) {
  for (const XMarker &marker : chart.x_markers) {
    if (!std::isfinite(marker.x) || !x_scale.contains(marker.x)) {
      continue;
    }
    const double x = x_scale.to_px(marker.x);
    const char *colour = series_colour(marker.series);
    canvas.line(x, y_scale.high_px, x, y_scale.low_px,
                stroke_style(colour, 1.0, " stroke-dasharray=\"2 3\" stroke-opacity=\"0.7\""));
    canvas.polygon(marker_triangle(x, y_scale.high_px), fill_style(colour), "mark marker",
                   marker.label);
  }
}

void draw_horizontal_reference(SvgCanvas &canvas, const ReferenceLine &reference,
                               const Scale &x_scale, const Scale &y_scale) {
  if (!y_scale.contains(reference.value)) {
    return;
  }
  const double y = y_scale.to_px(reference.value);
  canvas.line(x_scale.low_px, y, x_scale.high_px, y,
              stroke_style(kInk, 1.5, " stroke-dasharray=\"6 4\""));
  // Above the line, unless that would run into the y axis label over the plot.
  const double label_y = y - y_scale.high_px < 18.0 ? y + 16.0 : y - 6.0;
  canvas.text(x_scale.low_px + 6.0, label_y, reference.label, halo_text_style(kTickPx, "start"));
}

double widest_label_px(const std::vector<std::string> &labels, double font_px) {
  double widest = 0.0;
  for (const std::string &label : labels) {
    widest = std::max(widest, text_width_px(label, font_px));
  }
  return widest;
}

std::vector<std::string> tick_labels(const Scale &scale, const Axis &axis) {
  std::vector<std::string> labels;
  for (const double tick : scale.ticks) {
    labels.push_back(format_value(axis, tick));
  }
  return labels;
}

} // namespace

std::string render_line_chart(const LineChart &chart) {
  std::vector<double> xs;
  std::vector<double> ys;
  for (const Series &series : chart.series) {
    for (const auto &[x, y] : drawable(series, chart.x.log_scale)) {
      xs.push_back(x);
      ys.push_back(y);
    }
  }
  for (const Band &band : chart.bands) {
    for (const BandPoint &point : drawable(band, chart.x.log_scale)) {
      xs.push_back(point.x);
      ys.insert(ys.end(), {point.low, point.high});
    }
  }
  for (const XMarker &marker : chart.x_markers) {
    if (std::isfinite(marker.x) && (!chart.x.log_scale || marker.x > 0.0)) {
      xs.push_back(marker.x);
    }
  }
  for (const ReferenceLine &reference : chart.y_references) {
    if (!ys.empty() && std::isfinite(reference.value)) { // the axis stretches to show it
      ys.push_back(reference.value);
    }
  }
  const auto [x_low, x_high] =
      extent(xs, chart.x.log_scale ? std::pair{1.0, 10.0} : std::pair{0.0, 1.0});
  const auto [y_low, y_high] = extent(ys, {0.0, 1.0});
  Scale x_scale = make_scale(chart.x, x_low, x_high, 6);
  Scale y_scale = make_scale(chart.y, y_low, y_high, 5);

  SvgCanvas canvas;
  const double header_px = draw_header(canvas, chart.title, line_legend(chart));
  const double plot_top = header_px + 30.0 + (chart.x_markers.empty() ? 0.0 : kMarkerPx);
  const double plot_bottom = plot_top + kLinePlotHeightPx;
  const double plot_left = kEdgePx + widest_label_px(tick_labels(y_scale, chart.y), kTickPx) + 10;
  const double plot_right = kWidthPx - kEdgePx - 16.0;
  x_scale.low_px = plot_left;
  x_scale.high_px = plot_right;
  y_scale.low_px = plot_bottom;
  y_scale.high_px = plot_top;

  canvas.text(kEdgePx, plot_top - 14.0, chart.y.label, text_style(kLabelPx, kInk));
  for (const double tick : y_scale.ticks) {
    const double y = y_scale.to_px(tick);
    canvas.line(plot_left, y, plot_right, y, stroke_style(kGrid, 1.0));
    canvas.text(plot_left - 8.0, y + 4.0, format_value(chart.y, tick),
                text_style(kTickPx, kMutedInk, "end"));
  }
  draw_x_axis(canvas, x_scale, chart.x, plot_top, plot_bottom);
  canvas.line(plot_left, plot_top, plot_left, plot_bottom, stroke_style(kAxisLine, 1.0));
  draw_bands(canvas, chart, x_scale, y_scale);
  draw_line_series(canvas, chart, x_scale, y_scale);
  draw_x_markers(canvas, chart, x_scale, y_scale);
  for (const ReferenceLine &reference : chart.y_references) {
    draw_horizontal_reference(canvas, reference, x_scale, y_scale);
  }
  return canvas.finish(chart.title, plot_bottom + 54.0);
}

namespace {

/// Where the bars of a horizontal bar chart go, and how tall the chart is.
struct BarLayout {
  Scale scale;
  double plot_top = 0.0;
  double bar_px = 0.0;
  double bar_gap_px = 0.0;   // between the bars of one group
  double group_gap_px = 0.0; // between groups
  int bars_per_group = 1;

  double group_px() const { return bars_per_group * bar_px + (bars_per_group - 1) * bar_gap_px; }
  double group_top(std::size_t group) const {
    return plot_top + group_gap_px / 2.0 + static_cast<double>(group) * (group_px() + group_gap_px);
  }
  double plot_bottom(std::size_t groups) const { return group_top(groups) - group_gap_px / 2.0; }
};

/// Bars start at zero: non-finite and negative values draw nothing.
double bar_length(double value) {
  return std::isfinite(value) ? std::max(0.0, value) : 0.0;
}

/// The value label of a bar; an alerted group's last label carries the alert.
std::string value_label(const BarChart &chart, const BarGroup &group, double value, bool last) {
  std::string label = format_value(chart.value_axis, value);
  if (last && !group.alert.empty()) {
    label += " — " + group.alert;
  }
  return label;
}

/// Series `index`'s legend entry and bar paint: series sharing a colour get lighter toward
/// the first of them.
LegendItem bar_legend_item(const BarChart &chart, std::size_t index) {
  const std::size_t per_colour = std::max<std::size_t>(1, chart.series_per_colour);
  const std::size_t position = index % per_colour;
  const double opacity = per_colour == 1 ? 1.0
                                         : 0.4 + 0.6 * static_cast<double>(position) /
                                                     static_cast<double>(per_colour - 1);
  const std::string name = index < chart.series.size() ? chart.series[index] : "";
  return {name, Swatch::box, index / per_colour, opacity};
}

std::string bar_paint(const BarChart &chart, std::size_t index) {
  const LegendItem item = bar_legend_item(chart, index);
  return fill_style(series_colour(item.index), item.opacity);
}

/// The group's interval around value `index`, when it has one per value.
std::optional<std::pair<double, double>> interval(const BarGroup &group, std::size_t index) {
  if (group.intervals.size() != group.values.size() ||
      !std::isfinite(group.intervals[index].first) ||
      !std::isfinite(group.intervals[index].second)) {
    return std::nullopt;
  }
  return group.intervals[index];
}

/// Per group: the values that become bars (one per series), or their total when stacked.
std::vector<double> bar_values(const BarGroup &group, bool stacked) {
  if (!stacked) {
    return group.values;
  }
  double total = 0.0;
  for (const double value : group.values) {
    total += bar_length(value);
  }
  return {total};
}

BarLayout layout_bars(const BarChart &chart, bool stacked, double plot_top) {
  std::vector<double> values{0.0};
  std::vector<std::string> labels;
  std::vector<std::string> categories{chart.category_label};
  for (const BarGroup &group : chart.groups) {
    const std::vector<double> bars = bar_values(group, stacked);
    for (std::size_t i = 0; i < bars.size(); ++i) {
      values.push_back(bar_length(bars[i]));
      labels.push_back(value_label(chart, group, bars[i], i + 1 == bars.size()));
      if (const auto range = stacked ? std::nullopt : interval(group, i)) {
        values.push_back(bar_length(range->second));
      }
    }
    categories.push_back(group.label);
  }
  BarLayout layout;
  layout.bars_per_group =
      stacked ? 1 : static_cast<int>(std::max<std::size_t>(1, chart.series.size()));
  layout.bar_px = layout.bars_per_group == 1 ? 24.0 : 16.0;
  layout.bar_gap_px = 2.0;
  layout.group_gap_px = layout.bars_per_group == 1 ? 12.0 : 16.0;
  layout.plot_top = plot_top;
  const auto [low, high] = extent(values, {0.0, 1.0});
  layout.scale = make_scale(chart.value_axis, low, high, 5);
  layout.scale.low_px = kEdgePx + widest_label_px(categories, kLabelPx) + 14.0;
  layout.scale.high_px = kWidthPx - kEdgePx - widest_label_px(labels, kTickPx) - 10.0;
  return layout;
}

void draw_vertical_reference(SvgCanvas &canvas, const ReferenceLine &reference,
                             const BarLayout &layout, double bottom_px) {
  if (!layout.scale.contains(reference.value)) {
    return;
  }
  const double x = layout.scale.to_px(reference.value);
  const double half_label_px = text_width_px(reference.label, kTickPx) / 2.0;
  const double label_x =
      std::clamp(x, layout.scale.low_px + half_label_px, kWidthPx - kEdgePx - half_label_px);
  canvas.line(x, layout.plot_top - 14.0, x, bottom_px,
              stroke_style(kInk, 1.5, " stroke-dasharray=\"6 4\""));
  canvas.text(label_x, layout.plot_top - 20.0, reference.label, halo_text_style(kTickPx, "middle"));
}

void draw_value_label(SvgCanvas &canvas, double x, double y, const std::string &label, bool alert) {
  canvas.text(x + 6.0, y + 4.0, label,
              alert ? text_style(kTickPx, kAlert, "start", "700") : text_style(kTickPx, kInk));
}

/// "api — p95: " with several series, "api — " with one.
std::string tooltip_prefix(const BarChart &chart, const BarGroup &group, std::size_t series) {
  return group.label + " — " +
         (chart.series.size() > 1 && series < chart.series.size() ? chart.series[series] + ": "
                                                                  : "");
}

/// An interval across a bar: a line from low to high with end caps; returns its right end.
double draw_whisker(SvgCanvas &canvas, const Scale &scale, std::pair<double, double> range,
                    double middle_y, double bar_px) {
  const double low_px = scale.to_px(bar_length(range.first));
  const double high_px = scale.to_px(bar_length(range.second));
  const std::string style = stroke_style(kInk, 1.5);
  canvas.line(low_px, middle_y, high_px, middle_y, style);
  for (const double x : {low_px, high_px}) {
    canvas.line(x, middle_y - bar_px * 0.35, x, middle_y + bar_px * 0.35, style);
  }
  return high_px;
}

/// One group's bars side by side, each with its value label (after its whisker, if any).
void draw_grouped_bars(SvgCanvas &canvas, const BarChart &chart, const BarGroup &group,
                       const BarLayout &layout, double top_px) {
  const double zero_px = layout.scale.to_px(0.0);
  for (std::size_t i = 0; i < group.values.size(); ++i) {
    const double value = group.values[i];
    const double y = top_px + static_cast<double>(i) * (layout.bar_px + layout.bar_gap_px);
    const bool last = i + 1 == group.values.size();
    const std::string label = value_label(chart, group, value, last);
    const bool alert_fill = !group.alert.empty() && chart.series.size() <= 1;
    const double end_px = layout.scale.to_px(bar_length(value));
    const auto range = interval(group, i);
    const std::string range_text = range ? " [" + format_value(chart.value_axis, range->first) +
                                               " – " +
                                               format_value(chart.value_axis, range->second) + "]"
                                         : "";
    canvas.rect(zero_px, y, end_px - zero_px, layout.bar_px,
                alert_fill ? fill_style(kAlert) : bar_paint(chart, i),
                tooltip_prefix(chart, group, i) + label + range_text);
    const double label_px =
        range ? std::max(end_px, draw_whisker(canvas, layout.scale, *range, y + layout.bar_px / 2.0,
                                              layout.bar_px))
              : end_px;
    draw_value_label(canvas, label_px, y + layout.bar_px / 2.0, label,
                     last && !group.alert.empty());
  }
}

/// One group's segments end to end, with the total as the label.
void draw_stacked_bar(SvgCanvas &canvas, const BarChart &chart, const BarGroup &group,
                      const BarLayout &layout, double top_px) {
  double total = 0.0;
  for (std::size_t i = 0; i < group.values.size(); ++i) {
    const double start_px = layout.scale.to_px(total);
    total += bar_length(group.values[i]);
    canvas.rect(start_px, top_px, layout.scale.to_px(total) - start_px, layout.bar_px,
                bar_paint(chart, i),
                tooltip_prefix(chart, group, i) + format_value(chart.value_axis, group.values[i]));
  }
  draw_value_label(canvas, layout.scale.to_px(total), top_px + layout.bar_px / 2.0,
                   value_label(chart, group, total, true), !group.alert.empty());
}

std::string render_bars(const BarChart &chart, bool stacked) {
  SvgCanvas canvas;
  std::vector<LegendItem> legend;
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    legend.push_back(bar_legend_item(chart, i));
  }
  const double header_px = draw_header(canvas, chart.title, legend);
  const double plot_top = header_px + (chart.reference ? 30.0 : 16.0) + 8.0;
  const BarLayout layout = layout_bars(chart, stacked, plot_top);
  const double plot_bottom = layout.plot_bottom(chart.groups.size());

  canvas.text(layout.scale.low_px - 14.0, plot_top - (chart.reference ? 20.0 : 6.0),
              chart.category_label, text_style(kLabelPx, kInk, "end", "600"));
  draw_x_axis(canvas, layout.scale, chart.value_axis, plot_top, plot_bottom);
  for (std::size_t g = 0; g < chart.groups.size(); ++g) {
    const BarGroup &group = chart.groups[g];
    const double top_px = layout.group_top(g);
    canvas.text(layout.scale.low_px - 14.0, top_px + layout.group_px() / 2.0 + 4.5, group.label,
                text_style(kLabelPx, kInk, "end"));
    if (stacked) {
      draw_stacked_bar(canvas, chart, group, layout, top_px);
    } else {
      draw_grouped_bars(canvas, chart, group, layout, top_px);
    }
  }
  const double zero_px = layout.scale.to_px(0.0);
  canvas.line(zero_px, plot_top, zero_px, plot_bottom, stroke_style(kAxisLine, 1.0));
  if (chart.reference) {
    draw_vertical_reference(canvas, *chart.reference, layout, plot_bottom);
  }
  return canvas.finish(chart.title, plot_bottom + 54.0);
}

} // namespace

std::string render_bar_chart(const BarChart &chart) {
  return render_bars(chart, false);
}

std::string render_stacked_bar_chart(const BarChart &chart) {
  return render_bars(chart, true);
}

std::vector<double> nice_ticks(double low, double high, int target_count) {
  if (!(high > low)) {
    high = low + (low == 0.0 ? 1.0 : std::fabs(low));
  }
  const double raw_step = (high - low) / std::max(1, target_count);
  const int exponent = static_cast<int>(std::floor(std::log10(raw_step)));
  const double fraction = raw_step / decimal(1, exponent);
  const std::int64_t multiple = fraction <= 1.0   ? 1
                                : fraction <= 2.0 ? 2
                                : fraction <= 5.0 ? 5
                                                  : 10;
  const double step = decimal(multiple, exponent);
  const auto first = static_cast<std::int64_t>(std::floor(low / step + 1e-9));
  const auto last = static_cast<std::int64_t>(std::ceil(high / step - 1e-9));
  std::vector<double> ticks;
  for (std::int64_t i = first; i <= last; ++i) {
    ticks.push_back(decimal(i * multiple, exponent));
  }
  return ticks;
}

std::vector<double> log_ticks(double low, double high) {
  if (!(low > 0.0)) {
    low = 1.0;
  }
  high = std::max(high, low);
  constexpr std::array<std::int64_t, 3> kMantissas{1, 2, 5};
  constexpr double kTolerance = 1e-9;
  std::vector<double> candidates;
  const int first_decade = static_cast<int>(std::floor(std::log10(low) + kTolerance)) - 1;
  const int last_decade = static_cast<int>(std::ceil(std::log10(high) - kTolerance)) + 1;
  for (int decade = first_decade; decade <= last_decade; ++decade) {
    for (const std::int64_t mantissa : kMantissas) {
      candidates.push_back(decimal(mantissa, decade));
    }
  }
  // The axis ends: the candidates just outside [low, high].
  auto start = std::upper_bound(candidates.begin(), candidates.end(), low * (1.0 + kTolerance));
  auto stop = std::lower_bound(candidates.begin(), candidates.end(), high * (1.0 - kTolerance));
  std::vector<double> ticks(start - 1, stop + 1);
  if (ticks.size() < 2 || ticks.back() / ticks.front() > 100.0 * (1.0 + kTolerance)) {
    // Wide ranges: powers of ten only, the ends widened to the nearest ones.
    ticks.clear();
    const int low_decade = static_cast<int>(std::floor(std::log10(low) + kTolerance));
    const int high_decade =
        std::max(low_decade + 1, static_cast<int>(std::ceil(std::log10(high) - kTolerance)));
    for (int decade = low_decade; decade <= high_decade; ++decade) {
      ticks.push_back(decimal(1, decade));
    }
  }
  return ticks;
}

std::string escape_xml(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&':
      escaped += "&amp;";
      break;
    case '<':
      escaped += "&lt;";
      break;
    case '>':
      escaped += "&gt;";
      break;
    case '"':
      escaped += "&quot;";
      break;
    case '\'':
      escaped += "&#39;";
      break;
    default:
      escaped += c;
    }
  }
  return escaped;
}

} // namespace capsim::svg
