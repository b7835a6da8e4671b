// CSV writers (see csv_report.hpp).
#include "reports/csv_report.hpp"

#include "reports/csv_writer.hpp"

namespace capsim {

std::string scaling_events_csv(const RunResult &result) {
  std::string csv = "time_s,node,from,to,metric,value,threshold\n";
  for (const ScalingEvent &event : result.scaling_events) {
    const NodeSummary &node = result.nodes[event.node];
    csv += csv_number(event.time_s) + "," + csv_field(node.name) + "," +
           std::to_string(event.from) + "," + std::to_string(event.to) + "," +
           csv_field(node.scaling_metric) + "," + csv_number(event.metric_value) + "," +
           csv_number(event.threshold) + "\n";
  }
  return csv;
}

std::string timeseries_csv(const RunResult &result) {
  if (!result.timeseries) {
    return "";
  }
  const TimeSeries &series = *result.timeseries;
  std::string csv = "window_start_s,window_end_s,kind,name,metric,value\n";
  for (std::size_t w = 0; w < series.windows; ++w) {
    const std::string window = csv_number(static_cast<double>(w) * series.window_s) + "," +
                               csv_number(static_cast<double>(w + 1) * series.window_s) + ",";
    auto row = [&](const char *kind, const std::string &name, const char *metric, double value) {
      csv += window + kind + "," + csv_field(name) + "," + metric + "," + csv_number(value) + "\n";
    };
    for (std::size_t c = 0; c < series.classes.size(); ++c) {
      const ClassSeries &figures = series.classes[c];
      const std::string &name = result.classes[c].name;
      row("class", name, "arrivals", static_cast<double>(figures.arrivals[w]));
      row("class", name, "completions", static_cast<double>(figures.completions[w]));
      row("class", name, "errors", static_cast<double>(figures.errors[w]));
      row("class", name, "p50_s", figures.latency[w].quantile_s(0.50));
      row("class", name, "p95_s", figures.latency[w].quantile_s(0.95));
      row("class", name, "p99_s", figures.latency[w].quantile_s(0.99));
    }
    for (std::size_t n = 0; n < series.nodes.size(); ++n) {
      const NodeSeries &figures = series.nodes[n];
      const std::string &name = result.nodes[n].name;
      row("node", name, "utilization", figures.utilization[w]);
      row("node", name, "instances", figures.instances[w]);
      row("node", name, "queue_depth", figures.queue_depth[w]);
    }
  }
  return csv;
}

} // namespace capsim
