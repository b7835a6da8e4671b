// Terminal and Markdown views of a RunResult (see run_report.hpp).
#include "reports/run_report.hpp"

#include "models/slo.hpp"

#include "models/human_format.hpp"

#include <algorithm>
#include <cmath>

namespace capsim {
namespace {

/// "183 ms ±1.2%": the estimate and its CI half-width relative to it.
std::string with_ci(const Estimate &estimate, const std::string &text) {
  if (estimate.estimate == 0.0 || estimate.half_width() == 0.0) {
    return text;
  }
  return text + " ±" + format_percent(estimate.half_width() / std::fabs(estimate.estimate));
}

std::string duration_with_ci(const Estimate &estimate) {
  return with_ci(estimate, format_duration_s(estimate.estimate));
}

/// The analytic twin's utilization of a node for the "analytic" column.
std::string analytic_utilization(const analytic::NetworkEstimate &estimate,
                                 const std::string &node) {
  const analytic::NodeEstimate *found = estimate.node(node);
  if (found == nullptr) {
    return "";
  }
  return found->saturated ? "saturated" : format_percent(found->utilization);
}

/// The analytic twin's mean latency of a class for the "analytic" column.
std::string analytic_latency(const analytic::NetworkEstimate &estimate,
                             const std::string &request_class) {
  const analytic::ClassEstimate *found = estimate.request_class(request_class);
  if (found == nullptr) {
    return "";
  }
  return std::isfinite(found->mean_latency_s) ? format_duration_s(found->mean_latency_s)
                                              : "saturated";
}

} // namespace

TextTable class_table(const RunResult &result) {
  TextTable table;
  table.column("class", TextTable::Align::left)
      .column("completed")
      .column("dropped")
      .column("errors")
      .column("throughput")
      .column("mean");
  if (result.analytic) {
    table.column("analytic");
  }
  for (const Percentile &percentile : kReportedPercentiles) {
    table.column(percentile.label);
  }
  for (const ClassSummary &summary : result.classes) {
    std::vector<std::string> cells{summary.name,
                                   format_count(summary.completed),
                                   format_count(summary.dropped),
                                   format_count(summary.errors),
                                   format_rate_per_s(summary.throughput_per_s.estimate),
                                   duration_with_ci(summary.latency_mean_s)};
    if (result.analytic) {
      cells.push_back(analytic_latency(*result.analytic, summary.name));
    }
    for (const Estimate &estimate : summary.latency_percentile_s) {
      cells.push_back(format_duration_s(estimate.estimate));
    }
    table.row(std::move(cells));
  }
  return table;
}

TextTable node_table(const RunResult &result) {
  TextTable table;
  table.column("node", TextTable::Align::left).column("utilization");
  if (result.analytic) {
    table.column("analytic");
  }
  table.column("throughput")
      .column("mean wait")
      .column("P(wait)")
      .column("queue (mean)")
      .column("in system (mean)")
      .column("residence (mean)")
      .column("dropped");
  for (const NodeSummary &summary : result.nodes) {
    std::vector<std::string> cells{
        summary.name, summary.unlimited ? std::string("no slot limit")
                                        : with_ci(summary.utilization,
                                                  format_percent(summary.utilization.estimate))};
    if (result.analytic) {
      cells.push_back(summary.unlimited ? std::string("—")
                                        : analytic_utilization(*result.analytic, summary.name));
    }
    cells.insert(cells.end(),
                 {format_rate_per_s(summary.throughput_per_s.estimate),
                  format_duration_s(summary.wait_mean_s.estimate),
                  format_percent(summary.prob_wait.estimate),
                  format_significant(summary.queue_length_mean.estimate),
                  format_significant(summary.in_system_mean.estimate),
                  duration_with_ci(summary.residence_mean_s), format_count(summary.dropped)});
    table.row(std::move(cells));
  }
  return table;
}

TextTable slo_table(const RunResult &result) {
  TextTable table;
  table.column("class", TextTable::Align::left)
      .column("figure", TextTable::Align::left)
      .column("target")
      .column("simulated (95% CI)")
      .column("verdict", TextTable::Align::left);
  for (const SloVerdict &verdict : result.slos) {
    const Estimate &value = verdict.value_s;
    table.row(
        {verdict.spec.class_name, slo_figure_name(verdict.spec),
         format_duration_s(verdict.spec.target_s),
         format_duration_s(value.estimate) + " (" + format_duration_s(value.ci_low) + "–" +
             format_duration_s(value.ci_high) + ")",
         std::string(slo_status_name(verdict.status)) + (verdict.saturated ? " (saturated)" : "")});
  }
  return table;
}

std::vector<std::string> node_details(const NodeSummary &node) {
  std::vector<std::string> details;
  if (node.cache) {
    details.push_back("hit ratio " + format_percent(node.hit_ratio.estimate));
  }
  if (node.kind == NodeKind::cdn) {
    details.push_back(format_bytes(node.bytes_served_per_s.estimate) + "/s served, " +
                      format_bytes(node.origin_bytes_per_s.estimate) + "/s from the origin");
  }
  if (node.kind == NodeKind::queue) {
    details.push_back("job latency p50 " + format_duration_s(node.residence_p50_s.estimate) +
                      ", p95 " + format_duration_s(node.residence_p95_s.estimate) + ", p99 " +
                      format_duration_s(node.residence_p99_s.estimate));
  }
  if (node.autoscaled) {
    details.push_back("instances " + std::to_string(node.instances_min) + "–" +
                      std::to_string(node.instances_max) + " (mean " +
                      format_significant(node.instances_mean.estimate) + "), " +
                      format_count(node.scaling_actions) + " scaling actions on " +
                      node.scaling_metric);
  }
  if (node.kind == NodeKind::database && node.peak_connections > 0) {
    details.push_back("peak connections " + format_count(node.peak_connections));
  }
  if (node.realtime) {
    details.push_back("connections open " + format_significant(node.connections_mean.estimate) +
                      " on average (peak " + format_count(node.connections_peak) + "), " +
                      format_percent(node.connection_blocking.estimate) + " refused");
  }
  if (node.memory_tracked) {
    details.push_back("memory per instance " + format_bytes(node.memory_mean_bytes.estimate) +
                      " mean, p95 " + format_bytes(node.memory_p95_bytes.estimate) + ", peak " +
                      format_bytes(node.memory_peak_bytes) +
                      (node.memory_limit_bytes ? " of " + format_bytes(*node.memory_limit_bytes)
                                               : std::string(" (no limit)")));
  }
  const std::pair<std::int64_t, const char *> counts[] = {
      {node.refused_connections, "connections refused at max_connections"},
      {node.stale_reads, "reads behind the request's own write (stale)"},
      {node.rate_limited, "calls rate-limited (429)"},
      {node.failed, "calls failed here (error rate, killed instance or node down)"},
      {node.failovers, "calls sent to the failover"},
      {node.connections_dropped, "connections dropped with their instance"},
      {node.connections_migrated, "connections moved off a scaled-in instance"},
      {node.oom_kills, "instances killed out of memory (OOM)"}};
  for (const auto &[count, what] : counts) {
    if (count > 0) {
      details.push_back(format_count(count) + " " + what);
    }
  }
  return details;
}

TextTable node_detail_table(const RunResult &result) {
  TextTable table;
  table.column("node", TextTable::Align::left).column("details", TextTable::Align::left);
  for (const NodeSummary &summary : result.nodes) {
    std::string joined;
    for (const std::string &detail : node_details(summary)) {
      joined += (joined.empty() ? "" : "; ") + detail;
    }
    if (!joined.empty()) {
      table.row({summary.name, joined});
    }
  }
  return table;
}

TextTable over_time_class_table(const RunResult &result) {
  const TimeSeries &series = *result.timeseries;
  TextTable table;
  table.column("class", TextTable::Align::left)
      .column("peak p95")
      .column("peak p99")
      .column("windows with errors")
      .column("SLO breach windows", TextTable::Align::left);
  for (std::size_t c = 0; c < series.classes.size(); ++c) {
    const ClassSeries &figures = series.classes[c];
    double peak_p95_s = 0.0;
    double peak_p99_s = 0.0;
    std::int64_t error_windows = 0;
    for (std::size_t w = 0; w < series.windows; ++w) {
      peak_p95_s = std::max(peak_p95_s, figures.latency[w].quantile_s(0.95));
      peak_p99_s = std::max(peak_p99_s, figures.latency[w].quantile_s(0.99));
      error_windows += figures.errors[w] > 0 ? 1 : 0;
    }
    std::string breaches;
    for (const SloVerdict &verdict : result.slos) {
      if (verdict.spec.class_index != c || verdict.spec.percentile < 0) {
        continue;
      }
      const double p =
          kReportedPercentiles[static_cast<std::size_t>(verdict.spec.percentile)].probability;
      std::int64_t count = 0;
      for (std::size_t w = 0; w < series.windows; ++w) {
        const WindowHistogram &latency = figures.latency[w];
        count += latency.count() > 0 && latency.quantile_s(p) > verdict.spec.target_s ? 1 : 0;
      }
      breaches += (breaches.empty() ? "" : "; ") + slo_figure_name(verdict.spec) + ": " +
                  std::to_string(count) + " of " + std::to_string(series.windows);
    }
    table.row({result.classes[c].name, format_duration_s(peak_p95_s), format_duration_s(peak_p99_s),
               format_count(error_windows), breaches.empty() ? "—" : breaches});
  }
  return table;
}

TextTable over_time_node_table(const RunResult &result) {
  const TimeSeries &series = *result.timeseries;
  TextTable table;
  table.column("node", TextTable::Align::left)
      .column("peak utilization")
      .column("max queue")
      .column("instances", TextTable::Align::left)
      .column("scaling actions");
  for (std::size_t n = 0; n < series.nodes.size(); ++n) {
    const NodeSeries &figures = series.nodes[n];
    const NodeSummary &node = result.nodes[n];
    if (node.unlimited) {
      continue;
    }
    const auto [low, high] =
        std::minmax_element(figures.instances.begin(), figures.instances.end());
    const int actions =
        static_cast<int>(std::count_if(result.scaling_events.begin(), result.scaling_events.end(),
                                       [&](const ScalingEvent &event) { return event.node == n; }));
    table.row(
        {node.name,
         format_percent(*std::max_element(figures.utilization.begin(), figures.utilization.end())),
         format_significant(
             *std::max_element(figures.queue_depth.begin(), figures.queue_depth.end())),
         *low == *high ? format_significant(*low)
                       : format_significant(*low) + "–" + format_significant(*high),
         std::to_string(actions)});
  }
  return table;
}

TextTable recovery_table(const RunResult &result) {
  TextTable table;
  table.column("failure", TextTable::Align::left)
      .column("SLO", TextTable::Align::left)
      .column("recovery", TextTable::Align::left);
  for (const Recovery &recovery : result.recoveries) {
    const SloVerdict &slo = result.slos[recovery.slo];
    table.row(
        {"#" + std::to_string(recovery.failure + 1),
         slo_figure_name(slo.spec) + " of " + slo.spec.class_name +
             " <= " + format_duration_s(slo.spec.target_s),
         !recovery.breached ? std::string("never breached")
         : recovery.recovery_s
             ? "back within target " + format_duration_s(*recovery.recovery_s) + " after the fault"
             : std::string("still breached at the end of the run")});
  }
  return table;
}

TextTable breakdown_table(const RunResult &result) {
  TextTable table;
  table.column("class", TextTable::Align::left)
      .column("call", TextTable::Align::left)
      .column("calls/request")
      .column("wait mean")
      .column("wait p95")
      .column("service mean")
      .column("service p95")
      .column("share of mean latency");
  for (const ClassSummary &summary : result.classes) {
    const double mean_s = summary.latency_mean_s.estimate;
    for (const CallSiteSummary &site : summary.breakdown) {
      const std::string share =
          site.async
              ? "async"
              : format_duration_s(site.mean_latency_share_s) +
                    (mean_s > 0.0 ? " (" + format_percent(site.mean_latency_share_s / mean_s) + ")"
                                  : std::string());
      table.row({summary.name, site.path, format_significant(site.calls_per_request),
                 format_duration_s(site.wait_mean_s), format_duration_s(site.wait_p95_s),
                 format_duration_s(site.service_mean_s), format_duration_s(site.service_p95_s),
                 share});
    }
  }
  return table;
}

std::string run_heading(const RunResult &result) {
  return result.scenario + " — seed " + std::to_string(result.seed) + ", " +
         std::to_string(result.replications) + " replications of " +
         format_duration_s(result.duration_s - result.warmup_s) + " measured after " +
         format_duration_s(result.warmup_s) + " warm-up";
}

namespace {

/// Why a saturated node is: over the whole run, or in some windows only (a profile's peak).
std::string saturation_evidence(const NodeSummary &node) {
  const WindowSaturation &windows = node.saturated_windows;
  if (node.overflow == 0 && node.utilization.estimate < kSaturationUtilization && windows.from_s) {
    return " from " + format_duration_s(*windows.from_s) + " to " +
           format_duration_s(*windows.until_s) + " into the run: busy >= 99% while its queue " +
           "grew by up to " + format_rate_per_s(windows.max_queue_growth_per_s) + " (" +
           format_percent(node.utilization.estimate) + " busy over the whole run)";
  }
  return ": " + format_percent(node.utilization.estimate) + " busy, queue growing by " +
         format_rate_per_s(node.queue_growth_per_s.estimate) +
         (node.overflow > 0 ? ", " + format_count(node.overflow) + " calls shed at the memory cap"
                            : std::string());
}

} // namespace

std::vector<std::string> run_warnings(const RunResult &result) {
  std::vector<std::string> warnings;
  for (const NodeSummary &node : result.nodes) {
    if (!node.saturated) {
      continue;
    }
    std::string classes;
    for (const ClassSummary &summary : result.classes) {
      if (summary.saturated) {
        classes += (classes.empty() ? "" : ", ") + summary.name;
      }
    }
    warnings.push_back("node " + node.name + " is saturated" + saturation_evidence(node) +
                       ". Latency figures of " + classes + " are lower bounds.");
  }
  if (result.stop_reason != StopReason::completed) {
    warnings.push_back(std::string("the run ended early (") + stop_reason_name(result.stop_reason) +
                       "): figures cover only the simulated time reached.");
  }
  return warnings;
}

namespace {

/// The over-time tables (first replication, per window), or nothing without a time series.
std::string over_time_section(const RunResult &result, bool markdown) {
  if (!result.timeseries || result.timeseries->windows < 2) {
    return "";
  }
  auto render = [&](const TextTable &table) {
    return markdown ? table.to_markdown() : table.to_text();
  };
  const std::string window = format_duration_s(result.timeseries->window_s);
  std::string text =
      (markdown ? "\n## Over time\n\nThe first replication, in " + window + " windows.\n\n"
                : "\nOver time (first replication, " + window + " windows)\n") +
      render(over_time_class_table(result)) + (markdown ? "\n" : "") +
      render(over_time_node_table(result));
  if (!result.recoveries.empty()) {
    text += (markdown ? "\n### Recovery after failures\n\n" : "\nRecovery after failures\n") +
            render(recovery_table(result));
  }
  return text;
}

/// The node details table under `heading`, or nothing when no node has details.
std::string details_section(const RunResult &result, const std::string &heading, bool markdown) {
  const TextTable table = node_detail_table(result);
  if (table.row_count() == 0) {
    return "";
  }
  return heading + (markdown ? table.to_markdown() : table.to_text());
}

std::string warnings_text(const RunResult &result, const std::string &bullet) {
  std::string out;
  for (const std::string &warning : run_warnings(result)) {
    out += bullet + warning + "\n";
  }
  return out;
}

} // namespace

std::string run_report_text(const RunResult &result) {
  const std::string warnings = warnings_text(result, "warning: ");
  return run_heading(result) + "\n\nRequest classes (latency: mean ±95% CI half-width)\n" +
         class_table(result).to_text() +
         (result.slos.empty() ? "" : "\nSLOs\n" + slo_table(result).to_text()) +
         "\nWhere the time goes (per call, pooled over replications)\n" +
         breakdown_table(result).to_text() + "\nNodes\n" + node_table(result).to_text() +
         details_section(result, "\nNode details (summed over replications)\n", false) +
         over_time_section(result, false) + (warnings.empty() ? "" : "\n" + warnings);
}

std::string run_report_markdown(const RunResult &result) {
  const std::string warnings = warnings_text(result, "- **Warning:** ");
  return "# capsim run: " + result.scenario + "\n\n" + run_heading(result) + "\n\n" + warnings +
         "\n## Request classes\n\nLatency is end-to-end, mean with its 95% confidence "
         "interval half-width, and percentiles averaged over replications.\n\n" +
         class_table(result).to_markdown() +
         (result.slos.empty()
              ? ""
              : "\n## SLOs\n\nMet when the whole 95% confidence interval is at or below the "
                "target, broken when it is wholly above.\n\n" +
                    slo_table(result).to_markdown()) +
         "\n## Where the time goes\n\nFor each call of a class: the wait for a slot and the "
         "call's own service time, per execution, pooled over replications; the last column is "
         "its share of the class's mean latency.\n\n" +
         breakdown_table(result).to_markdown() + "\n## Nodes\n\n" +
         node_table(result).to_markdown() +
         details_section(result, "\n## Node details\n\nCounts are summed over replications.\n\n",
                         true) +
         over_time_section(result, true);
}

} // namespace capsim
