// run_result_to_json(): the exact key layout of DESIGN §4, extended with per-node
// residence time and waiting probability, and the engine's event count.
#include "reports/json_report.hpp"

#include "models/slo.hpp"

namespace capsim {

nlohmann::ordered_json estimate_to_json(const Estimate &estimate) {
  return {{"estimate", estimate.estimate}, {"ci95", {estimate.ci_low, estimate.ci_high}}};
}

namespace {

nlohmann::ordered_json breakdown_to_json(const std::vector<CallSiteSummary> &breakdown) {
  nlohmann::ordered_json sites = nlohmann::ordered_json::array();
  for (const CallSiteSummary &site : breakdown) {
    sites.push_back({{"node", site.node},
                     {"path", site.path},
                     {"async", site.async},
                     {"calls_per_request", site.calls_per_request},
                     {"wait_s", {{"mean", site.wait_mean_s}, {"p95", site.wait_p95_s}}},
                     {"service_s", {{"mean", site.service_mean_s}, {"p95", site.service_p95_s}}},
                     {"mean_latency_share_s", site.mean_latency_share_s}});
  }
  return sites;
}

nlohmann::ordered_json class_to_json(const ClassSummary &summary) {
  nlohmann::ordered_json latency;
  latency["mean"] = estimate_to_json(summary.latency_mean_s);
  for (std::size_t p = 0; p < kReportedPercentiles.size(); ++p) {
    latency[kReportedPercentiles[p].key] = estimate_to_json(summary.latency_percentile_s[p]);
  }
  return {{"completed", summary.completed},
          {"dropped", summary.dropped},
          {"errors", summary.errors},
          {"retries", summary.retries},
          {"saturated", summary.saturated},
          {"latency_is_lower_bound", summary.saturated},
          {"throughput_per_s", estimate_to_json(summary.throughput_per_s)},
          {"latency_s", latency},
          {"breakdown", breakdown_to_json(summary.breakdown)}};
}

/// When a node was saturated window by window: {"from_s", "until_s", "max_queue_growth_per_s"},
/// or null.
nlohmann::ordered_json saturated_windows_to_json(const WindowSaturation &windows) {
  if (!windows.from_s) {
    return nullptr;
  }
  return {{"from_s", *windows.from_s},
          {"until_s", *windows.until_s},
          {"max_queue_growth_per_s", windows.max_queue_growth_per_s}};
}

nlohmann::ordered_json node_to_json(const NodeSummary &summary) {
  auto mean_of = [](const Estimate &estimate) {
    return nlohmann::ordered_json{{"mean", estimate_to_json(estimate)}};
  };
  nlohmann::ordered_json node = {
      {"utilization", estimate_to_json(summary.utilization)},
      {"wait_s", mean_of(summary.wait_mean_s)},
      {"queue_length", mean_of(summary.queue_length_mean)},
      {"in_system", mean_of(summary.in_system_mean)},
      {"residence_s", mean_of(summary.residence_mean_s)},
      {"prob_wait", estimate_to_json(summary.prob_wait)},
      {"throughput_per_s", estimate_to_json(summary.throughput_per_s)},
      {"drop_probability", estimate_to_json(summary.drop_probability)},
      {"dropped", summary.dropped},
      {"saturated", summary.saturated},
      {"queue_growth_per_s", estimate_to_json(summary.queue_growth_per_s)},
      {"saturated_windows", saturated_windows_to_json(summary.saturated_windows)},
      {"overflow", summary.overflow}};
  node["type"] = node_kind_name(summary.kind);
  node["residence_s"]["p50"] = estimate_to_json(summary.residence_p50_s);
  node["residence_s"]["p95"] = estimate_to_json(summary.residence_p95_s);
  node["residence_s"]["p99"] = estimate_to_json(summary.residence_p99_s);
  if (summary.unlimited) { // a pure delay: utilization is not meaningful
    node["unlimited_concurrency"] = true;
  }
  if (summary.cache) { // the share of lookups that hit
    node["hit_ratio"] = estimate_to_json(summary.hit_ratio);
  }
  if (summary.autoscaled) {
    node["instances"] = {{"mean", estimate_to_json(summary.instances_mean)},
                         {"min", summary.instances_min},
                         {"max", summary.instances_max}};
    node["scaling_actions"] = summary.scaling_actions;
  }
  if (summary.kind == NodeKind::cdn) {
    node["bytes_served_per_s"] = estimate_to_json(summary.bytes_served_per_s);
    node["origin_bytes_per_s"] = estimate_to_json(summary.origin_bytes_per_s);
  }
  if (summary.kind == NodeKind::database) {
    node["peak_connections"] = summary.peak_connections;
    node["refused_connections"] = summary.refused_connections;
    node["stale_reads"] = summary.stale_reads;
  }
  if (summary.kind == NodeKind::external) {
    node["rate_limited"] = summary.rate_limited;
    node["failed"] = summary.failed;
    node["failovers"] = summary.failovers;
  }
  if (summary.realtime) {
    node["connections"] = {{"mean", estimate_to_json(summary.connections_mean)},
                           {"variance", estimate_to_json(summary.connections_variance)},
                           {"peak", summary.connections_peak},
                           {"opened", summary.connections_opened},
                           {"refused", summary.connections_refused},
                           {"blocking", estimate_to_json(summary.connection_blocking)},
                           {"dropped", summary.connections_dropped},
                           {"migrated", summary.connections_migrated}};
  }
  if (summary.memory_tracked) {
    node["memory_bytes"] = {{"mean", estimate_to_json(summary.memory_mean_bytes)},
                            {"p95", estimate_to_json(summary.memory_p95_bytes)},
                            {"peak", summary.memory_peak_bytes},
                            {"limit", summary.memory_limit_bytes
                                          ? nlohmann::ordered_json(*summary.memory_limit_bytes)
                                          : nlohmann::ordered_json(nullptr)}};
    node["oom_kills"] = summary.oom_kills;
  }
  return node;
}

/// The analytic twin's figure beside the simulated one, under "analytic"; non-finite values
/// (saturated) are written as null by nlohmann::json.
void add_analytic(nlohmann::ordered_json &object, const char *key, double value) {
  object["analytic"] = nlohmann::ordered_json::object({{key, value}});
}

} // namespace

nlohmann::ordered_json slo_verdict_to_json(const SloVerdict &verdict) {
  return {
      {"class", verdict.spec.class_name},          {"percentile", slo_figure_name(verdict.spec)},
      {"target_s", verdict.spec.target_s},         {"value_s", estimate_to_json(verdict.value_s)},
      {"status", slo_status_name(verdict.status)}, {"met", verdict.status == SloStatus::met}};
}

nlohmann::ordered_json timeseries_to_json(const RunResult &result) {
  const TimeSeries &series = *result.timeseries;
  nlohmann::ordered_json classes = nlohmann::ordered_json::object();
  for (std::size_t c = 0; c < series.classes.size(); ++c) {
    const ClassSeries &figures = series.classes[c];
    nlohmann::ordered_json p50 = nlohmann::ordered_json::array();
    nlohmann::ordered_json p95 = nlohmann::ordered_json::array();
    nlohmann::ordered_json p99 = nlohmann::ordered_json::array();
    for (const WindowHistogram &latency : figures.latency) {
      p50.push_back(latency.quantile_s(0.50));
      p95.push_back(latency.quantile_s(0.95));
      p99.push_back(latency.quantile_s(0.99));
    }
    classes[result.classes[c].name] = {{"arrivals", figures.arrivals},
                                       {"completions", figures.completions},
                                       {"errors", figures.errors},
                                       {"p50_s", p50},
                                       {"p95_s", p95},
                                       {"p99_s", p99}};
  }
  nlohmann::ordered_json nodes = nlohmann::ordered_json::object();
  for (std::size_t n = 0; n < series.nodes.size(); ++n) {
    nodes[result.nodes[n].name] = {{"utilization", series.nodes[n].utilization},
                                   {"instances", series.nodes[n].instances},
                                   {"queue_depth", series.nodes[n].queue_depth}};
  }
  return {{"window_s", series.window_s},
          {"windows", series.windows},
          {"replication", 0},
          {"classes", classes},
          {"nodes", nodes}};
}

nlohmann::ordered_json recoveries_to_json(const RunResult &result) {
  nlohmann::ordered_json recoveries = nlohmann::ordered_json::array();
  for (const Recovery &recovery : result.recoveries) {
    const SloSpec &slo = result.slos[recovery.slo].spec;
    recoveries.push_back(
        {{"failure", recovery.failure},
         {"class", slo.class_name},
         {"percentile", slo_figure_name(slo)},
         {"target_s", slo.target_s},
         {"breached", recovery.breached},
         {"recovery_s", recovery.recovery_s ? nlohmann::ordered_json(*recovery.recovery_s)
                                            : nlohmann::ordered_json(nullptr)}});
  }
  return recoveries;
}

nlohmann::ordered_json run_result_to_json(const RunResult &result) {
  nlohmann::ordered_json classes = nlohmann::ordered_json::object();
  for (const ClassSummary &summary : result.classes) {
    classes[summary.name] = class_to_json(summary);
    if (const auto *estimate =
            result.analytic ? result.analytic->request_class(summary.name) : nullptr) {
      add_analytic(classes[summary.name], "mean_latency_s", estimate->mean_latency_s);
    }
  }
  nlohmann::ordered_json nodes = nlohmann::ordered_json::object();
  for (const NodeSummary &summary : result.nodes) {
    nodes[summary.name] = node_to_json(summary);
    if (const auto *estimate = result.analytic ? result.analytic->node(summary.name) : nullptr) {
      add_analytic(nodes[summary.name], "utilization", estimate->utilization);
    }
  }
  nlohmann::ordered_json scaling_events = nlohmann::ordered_json::array();
  for (const ScalingEvent &event : result.scaling_events) {
    const NodeSummary &node = result.nodes[event.node];
    scaling_events.push_back({{"time_s", event.time_s},
                              {"node", node.name},
                              {"from", event.from},
                              {"to", event.to},
                              {"metric", node.scaling_metric},
                              {"value", event.metric_value},
                              {"threshold", event.threshold}});
  }
  nlohmann::ordered_json slos = nlohmann::ordered_json::array();
  for (const SloVerdict &verdict : result.slos) {
    slos.push_back(slo_verdict_to_json(verdict));
  }
  return {{"scenario", result.scenario},
          {"seed", result.seed},
          {"replications", result.replications},
          {"duration_s", result.duration_s},
          {"warmup_s", result.warmup_s},
          {"stop_reason", stop_reason_name(result.stop_reason)},
          {"classes", classes},
          {"nodes", nodes},
          {"slos", slos},
          {"scaling_events", scaling_events},
          {"recoveries", recoveries_to_json(result)},
          {"timeseries",
           result.timeseries ? timeseries_to_json(result) : nlohmann::ordered_json(nullptr)},
          {"engine", {{"events", result.events}, {"requests", result.requests_started}}}};
}

} // namespace capsim
