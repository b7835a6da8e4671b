// The "Over time" section of report.html (see run_over_time_html.hpp).
#include "reports/run_over_time_html.hpp"

#include "models/human_format.hpp"
#include "models/slo.hpp"
#include "reports/chart_labels.hpp"
#include "reports/html_page.hpp"
#include "reports/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace capsim {
namespace {

/// Beyond these, one chart per class or one line per node would no longer be readable.
constexpr std::size_t kMaxClassCharts = 4;
constexpr std::size_t kMaxQueueLines = 6;

constexpr std::array<double, 3> kOverTimeProbabilities{0.50, 0.95, 0.99};
constexpr std::array<const char *, 3> kOverTimeNames{"p50 (median)", "p95", "p99"};

/// The unit of the time axis, so that its ticks fall on round numbers of it ("6 h", not
/// "5.56 h" from a tick every 20,000 s).
struct TimeUnit {
  double seconds = 1.0;
  const char *suffix = " s";
};

TimeUnit time_unit(const RunResult &result) {
  if (result.duration_s >= 3.0 * 3600.0) {
    return {3600.0, " h"};
  }
  return result.duration_s >= 3.0 * 60.0 ? TimeUnit{60.0, " min"} : TimeUnit{};
}

/// The middle of `window`, in `unit`s.
double window_middle(const TimeSeries &series, std::size_t window, TimeUnit unit) {
  return (static_cast<double>(window) + 0.5) * series.window_s / unit.seconds;
}

/// From the start to the end of the run (warm-up included), in `unit`s.
svg::Axis time_axis(const RunResult &result, TimeUnit unit) {
  return {"Time since the start of the run",
          [unit](double value) {
            return without_trailing_zeros(format_significant(value)) + unit.suffix;
          },
          false, 0.0, result.duration_s / unit.seconds};
}

/// Indices of `count` items, the largest `key` first (ties keep their order).
template <typename Key> std::vector<std::size_t> indices_descending(std::size_t count, Key key) {
  std::vector<std::size_t> indices(count);
  std::iota(indices.begin(), indices.end(), std::size_t{0});
  std::stable_sort(indices.begin(), indices.end(),
                   [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
  return indices;
}

std::string class_latency_chart(const RunResult &result, std::size_t c) {
  const TimeSeries &series = *result.timeseries;
  const std::string &name = result.classes[c].name;
  const TimeUnit unit = time_unit(result);
  svg::LineChart chart;
  chart.title = "Response time of " + name + " over time";
  chart.x = time_axis(result, unit);
  chart.y = duration_axis("Requests finished within");
  for (std::size_t p = 0; p < kOverTimeProbabilities.size(); ++p) {
    svg::Series line{kOverTimeNames[p], {}};
    for (std::size_t w = 0; w < series.windows; ++w) {
      const WindowHistogram &latency = series.classes[c].latency[w];
      if (latency.count() > 0) {
        line.points.emplace_back(window_middle(series, w, unit),
                                 latency.quantile_s(kOverTimeProbabilities[p]));
      }
    }
    chart.series.push_back(std::move(line));
  }
  for (const SloVerdict &slo : result.slos) {
    if (slo.spec.class_index == c) {
      chart.y_references.push_back({slo.spec.target_s, "SLO: " + slo_figure_name(slo.spec) + " " +
                                                           duration_label(slo.spec.target_s)});
    }
  }
  return svg::render_line_chart(chart);
}

std::string latency_figures(const RunResult &result, const std::string &window) {
  const std::vector<std::size_t> classes =
      indices_descending(result.classes.size(), [&](std::size_t c) {
        return result.classes[c].throughput_per_s.estimate;
      });
  std::string html;
  for (std::size_t i = 0; i < std::min(classes.size(), kMaxClassCharts); ++i) {
    html += html_figure(class_latency_chart(result, classes[i]),
                        "How long " + result.classes[classes[i]].name + " requests took in each " +
                            window +
                            " window of the first simulated run: the median, and the times "
                            "within which 95% and 99% finished. Peaks show when the system "
                            "struggled (load spikes, failure drills, scaling lags); a dashed line "
                            "is an objective.");
  }
  if (classes.size() > kMaxClassCharts) {
    html += "<p>The " + std::to_string(classes.size() - kMaxClassCharts) +
            " quieter classes are left out here; timeseries.csv has every class.</p>\n";
  }
  return html;
}

double peak_queue_depth(const NodeSeries &series) {
  return series.queue_depth.empty()
             ? 0.0
             : *std::max_element(series.queue_depth.begin(), series.queue_depth.end());
}

/// "" when no node ever had a queue.
std::string queue_figure(const RunResult &result, const std::string &window) {
  const TimeSeries &series = *result.timeseries;
  std::vector<std::size_t> nodes = indices_descending(
      series.nodes.size(), [&](std::size_t n) { return peak_queue_depth(series.nodes[n]); });
  std::erase_if(nodes, [&](std::size_t n) { return !(peak_queue_depth(series.nodes[n]) > 0.0); });
  if (nodes.empty()) {
    return "";
  }
  const TimeUnit unit = time_unit(result);
  svg::LineChart chart;
  chart.title = "Queue at each node over time";
  chart.x = time_axis(result, unit);
  chart.y =
      svg::Axis{"Requests waiting (window average)",
                [](double count) { return format_significant(count); }, false, 0.0, std::nullopt};
  for (std::size_t i = 0; i < std::min(nodes.size(), kMaxQueueLines); ++i) {
    svg::Series line{result.nodes[nodes[i]].name, {}};
    for (std::size_t w = 0; w < series.windows; ++w) {
      line.points.emplace_back(window_middle(series, w, unit),
                               series.nodes[nodes[i]].queue_depth[w]);
    }
    chart.series.push_back(std::move(line));
  }
  const std::string left_out =
      nodes.size() > kMaxQueueLines
          ? " The " + std::to_string(nodes.size() - kMaxQueueLines) +
                " nodes with the shortest queues are left out; timeseries.csv has them."
          : "";
  return html_figure(svg::render_line_chart(chart),
                     "How many requests waited for a free worker slot at each node, on average "
                     "over each " +
                         window +
                         " window of the first simulated run. A queue that keeps growing means "
                         "the node cannot keep up; nodes that never queued are not shown." +
                         left_out);
}

/// "2 min 10 s: api 2 → 4 instances (cpu 91% against 70%)".
std::string scaling_label(const RunResult &result, const ScalingEvent &event) {
  const NodeSummary &node = result.nodes[event.node];
  return span_label(event.time_s) + ": " + node.name + " " + std::to_string(event.from) + " → " +
         std::to_string(event.to) + " instances (" + node.scaling_metric + " " +
         format_significant(event.metric_value) + " against " +
         format_significant(event.threshold) + ")";
}

/// Live instances per window of the autoscaled nodes, each autoscaler decision marked.
std::string instances_chart(const RunResult &result) {
  const TimeSeries &series = *result.timeseries;
  const TimeUnit unit = time_unit(result);
  svg::LineChart chart;
  chart.title = "Instances over time";
  chart.x = time_axis(result, unit);
  chart.y = svg::Axis{"Instances serving (window average)", {}, false, 0.0, std::nullopt};
  chart.x_markers_name = "scaling decision";
  std::vector<std::size_t> line_of_node(series.nodes.size(), 0);
  for (std::size_t n = 0; n < series.nodes.size(); ++n) {
    if (!result.nodes[n].autoscaled) {
      continue;
    }
    line_of_node[n] = chart.series.size();
    svg::Series line{result.nodes[n].name, {}};
    for (std::size_t w = 0; w < series.windows; ++w) {
      line.points.emplace_back(window_middle(series, w, unit), series.nodes[n].instances[w]);
    }
    chart.series.push_back(std::move(line));
  }
  for (const ScalingEvent &event : result.scaling_events) {
    if (event.node < series.nodes.size() && result.nodes[event.node].autoscaled) {
      chart.x_markers.push_back(
          {event.time_s / unit.seconds, line_of_node[event.node], scaling_label(result, event)});
    }
  }
  return svg::render_line_chart(chart);
}

std::string instances_figure(const RunResult &result) {
  if (std::none_of(result.nodes.begin(), result.nodes.end(),
                   [](const NodeSummary &node) { return node.autoscaled; })) {
    return "";
  }
  const std::string decisions =
      result.scaling_events.empty()
          ? " The autoscaler made no decision in this run."
          : " Each triangle on the top edge is one decision of the autoscaler (" +
                format_count(static_cast<std::int64_t>(result.scaling_events.size())) +
                (result.scaling_events.size() == 1 ? " decision" : " decisions") +
                "): hover over it for the time, the node, the instance counts before and after, "
                "and the metric that triggered it.";
  return html_figure(instances_chart(result),
                     "How many instances each autoscaled tier ran in the first simulated run: "
                     "the autoscaler adds instances when load rises (they serve after their "
                     "start-up time) and removes them when it falls." +
                         decisions);
}

} // namespace

std::string over_time_section_html(const RunResult &result) {
  if (!result.timeseries || result.timeseries->windows < 2) {
    return "";
  }
  const std::string window = duration_label(result.timeseries->window_s);
  return "<section id=\"over-time\">\n<h2>Over time</h2>\n" + latency_figures(result, window) +
         queue_figure(result, window) + instances_figure(result) + "</section>\n";
}

} // namespace capsim
