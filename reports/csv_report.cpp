// CSV writers (see csv_report.hpp).
#include "reports/csv_report.hpp"

#include "reports/csv_writer.hpp"

namespace capsim {
namespace {

/// The header of an estimate's three columns.
void add_estimate_header(std::vector<std::string> &header, const std::string &name) {
  header.push_back(name);
  header.push_back(name + "_ci_low");
  header.push_back(name + "_ci_high");
}

void add_estimate(std::vector<std::string> &row, const Estimate &value) {
  row.push_back(csv_number(value.estimate));
  row.push_back(csv_number(value.ci_low));
  row.push_back(csv_number(value.ci_high));
}

} // namespace

std::string classes_csv(const RunResult &result) {
  std::vector<std::string> header{"class", "completed", "dropped", "errors", "saturated"};
  add_estimate_header(header, "throughput_per_s");
  add_estimate_header(header, "mean_s");
  for (const Percentile &percentile : kReportedPercentiles) {
    add_estimate_header(header, std::string(percentile.key) + "_s");
  }
  CsvWriter csv(header);
  for (const ClassSummary &summary : result.classes) {
    std::vector<std::string> row{summary.name, std::to_string(summary.completed),
                                 std::to_string(summary.dropped), std::to_string(summary.errors),
                                 summary.saturated ? "true" : "false"};
    add_estimate(row, summary.throughput_per_s);
    add_estimate(row, summary.latency_mean_s);
    for (const Estimate &value : summary.latency_percentile_s) {
      add_estimate(row, value);
    }
    csv.row(row);
  }
  return csv.text();
}

std::string nodes_csv(const RunResult &result) {
  const std::vector<std::pair<const char *, Estimate NodeSummary::*>> figures{
      {"utilization", &NodeSummary::utilization},
      {"wait_mean_s", &NodeSummary::wait_mean_s},
      {"residence_mean_s", &NodeSummary::residence_mean_s},
      {"queue_length_mean", &NodeSummary::queue_length_mean},
      {"throughput_per_s", &NodeSummary::throughput_per_s},
      {"prob_wait", &NodeSummary::prob_wait},
      {"drop_probability", &NodeSummary::drop_probability},
      {"instances_mean", &NodeSummary::instances_mean}};
  std::vector<std::string> header{"node", "kind", "dropped", "saturated"};
  for (const auto &[name, member] : figures) {
    add_estimate_header(header, name);
  }
  CsvWriter csv(header);
  for (const NodeSummary &node : result.nodes) {
    std::vector<std::string> row{node.name, node_kind_name(node.kind), std::to_string(node.dropped),
                                 node.saturated ? "true" : "false"};
    for (const auto &[name, member] : figures) {
      add_estimate(row, node.*member);
    }
    csv.row(row);
  }
  return csv.text();
}

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
