// Aggregation across replications: each figure's replication values -> mean and Student-t
// 95% interval; percentiles are estimated per replication and then averaged (DESIGN §5).
#include "models/run_result.hpp"

#include "models/call_program.hpp"
#include "models/slo.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace capsim {
namespace {

Estimate estimate_over(const std::vector<ReplicationResult> &replications,
                       const std::function<double(const ReplicationResult &)> &value) {
  std::vector<double> values;
  values.reserve(replications.size());
  for (const ReplicationResult &replication : replications) {
    values.push_back(value(replication));
  }
  return mean_ci95(values);
}

ClassSummary summarize_class(const std::string &name, std::size_t index,
                             const std::vector<ReplicationResult> &replications) {
  auto of = [&](auto field) {
    return estimate_over(replications,
                         [&](const ReplicationResult &r) { return field(r.classes[index]); });
  };
  ClassSummary summary;
  summary.name = name;
  for (const ReplicationResult &replication : replications) {
    summary.completed += replication.classes[index].completed;
    summary.dropped += replication.classes[index].dropped;
    summary.errors += replication.classes[index].errors;
    summary.retries += replication.classes[index].retries;
    summary.pooled_latency.merge(replication.classes[index].latency);
  }
  summary.throughput_per_s = of([](const ClassMeasurement &c) { return c.throughput_per_s; });
  summary.latency_mean_s = of([](const ClassMeasurement &c) { return c.latency.mean_s(); });
  for (std::size_t p = 0; p < kReportedPercentiles.size(); ++p) {
    const double probability = kReportedPercentiles[p].probability;
    summary.latency_percentile_s[p] =
        of([probability](const ClassMeasurement &c) { return c.latency.quantile_s(probability); });
  }
  return summary;
}

/// The windowed value of a percentile SLO (windows without completions read as met).
bool window_breaks(const SloSpec &slo, const TimeSeries &series, std::size_t window) {
  const WindowHistogram &latency = series.classes[slo.class_index].latency[window];
  const double p = kReportedPercentiles[static_cast<std::size_t>(slo.percentile)].probability;
  return latency.count() > 0 && latency.quantile_s(p) > slo.target_s;
}

std::vector<Recovery> recoveries_after_failures(const Scenario &scenario,
                                                const TimeSeries &series) {
  std::vector<Recovery> recoveries;
  for (std::size_t f = 0; f < scenario.failures.size(); ++f) {
    const auto first = static_cast<std::size_t>(scenario.failures[f].at_s / series.window_s);
    for (std::size_t s = 0; s < scenario.slos.size(); ++s) {
      const SloSpec &slo = scenario.slos[s];
      if (slo.percentile < 0 || first >= series.windows) {
        continue; // the mean has no windowed figure; a fault after the end has no effect
      }
      Recovery recovery{f, s, false, 0.0};
      std::size_t w = first;
      while (w < series.windows && !window_breaks(slo, series, w)) {
        ++w;
      }
      if (w < series.windows) {
        recovery.breached = true;
        while (w < series.windows && window_breaks(slo, series, w)) {
          ++w;
        }
        recovery.recovery_s = w < series.windows
                                  ? std::optional<double>(static_cast<double>(w) * series.window_s -
                                                          scenario.failures[f].at_s)
                                  : std::nullopt;
      }
      recoveries.push_back(recovery);
    }
  }
  return recoveries;
}

Estimate node_estimate(const std::vector<ReplicationResult> &replications, std::size_t index,
                       double (*field)(const NodeMeasurement &)) {
  return estimate_over(replications,
                       [&](const ReplicationResult &r) { return field(r.nodes[index]); });
}

void summarize_connections(const NodeSpec &spec, std::size_t index,
                           const std::vector<ReplicationResult> &replications,
                           NodeSummary &summary) {
  summary.realtime = spec.kind == NodeKind::realtime;
  if (!summary.realtime) {
    return;
  }
  for (const ReplicationResult &replication : replications) {
    const NodeMeasurement &node = replication.nodes[index];
    summary.connections_peak = std::max(summary.connections_peak, node.connections_peak);
    summary.connections_opened += node.connections_opened;
    summary.connections_refused += node.connections_refused;
    summary.connections_dropped += node.connections_dropped;
    summary.connections_migrated += node.connections_migrated;
  }
  summary.connections_mean = node_estimate(
      replications, index, [](const NodeMeasurement &n) { return n.connections_mean; });
  summary.connections_variance = node_estimate(
      replications, index, [](const NodeMeasurement &n) { return n.connections_variance; });
  summary.connection_blocking = node_estimate(replications, index, [](const NodeMeasurement &n) {
    const auto attempts = n.connections_opened + n.connections_refused;
    return attempts > 0 ? static_cast<double>(n.connections_refused) / static_cast<double>(attempts)
                        : 0.0;
  });
}

void summarize_memory(const NodeSpec &spec, std::size_t index,
                      const std::vector<ReplicationResult> &replications, NodeSummary &summary) {
  summary.memory_tracked = spec.memory_use.has_value();
  if (!summary.memory_tracked) {
    return;
  }
  summary.memory_limit_bytes = spec.memory_use->limit_bytes;
  for (const ReplicationResult &replication : replications) {
    const NodeMeasurement &node = replication.nodes[index];
    summary.memory_peak_bytes = std::max(summary.memory_peak_bytes, node.memory_peak_bytes);
    summary.oom_kills += node.oom_kills;
  }
  summary.memory_mean_bytes = node_estimate(
      replications, index, [](const NodeMeasurement &n) { return n.memory_mean_bytes; });
  // The histogram holds whole bytes read as nanoseconds.
  summary.memory_p95_bytes = node_estimate(replications, index, [](const NodeMeasurement &n) {
    return n.memory_samples ? n.memory_samples->quantile_s(0.95) * 1e9 : 0.0;
  });
}

/// One replication's saturated windows merged into the run's: the earliest start, the latest
/// end, the fastest growth.
void add_saturated_windows(const WindowSaturation &replication, WindowSaturation &run) {
  if (!replication.from_s) {
    return;
  }
  run.from_s = std::min(*replication.from_s, run.from_s.value_or(*replication.from_s));
  run.until_s = std::max(*replication.until_s, run.until_s.value_or(*replication.until_s));
  run.max_queue_growth_per_s =
      std::max(run.max_queue_growth_per_s, replication.max_queue_growth_per_s);
}

NodeSummary summarize_node(const NodeSpec &spec, std::size_t index,
                           const std::vector<ReplicationResult> &replications) {
  auto of = [&](auto field) {
    return estimate_over(replications,
                         [&](const ReplicationResult &r) { return field(r.nodes[index]); });
  };
  NodeSummary summary;
  summary.name = spec.name;
  summary.kind = spec.kind;
  summary.unlimited = spec.unlimited();
  const NodeKind kind = spec.kind;
  for (const ReplicationResult &replication : replications) {
    const NodeMeasurement &node = replication.nodes[index];
    summary.dropped += node.dropped;
    summary.rate_limited += node.rate_limited;
    summary.failed += node.failed;
    summary.failovers += node.failovers;
    summary.refused_connections += node.refused_connections;
    summary.stale_reads += node.stale_reads;
    summary.peak_connections = std::max(summary.peak_connections, node.peak_connections);
  }
  summary.autoscaled = spec.autoscaling.has_value();
  if (summary.autoscaled) {
    summary.scaling_metric = scaling_metric_name(spec.autoscaling->metric);
  }
  summary.instances_mean = of([](const NodeMeasurement &n) { return n.instances_mean; });
  summary.instances_min =
      replications.empty() ? 0 : replications.front().nodes[index].instances_min;
  for (const ReplicationResult &replication : replications) {
    const NodeMeasurement &node = replication.nodes[index];
    summary.instances_min = std::min(summary.instances_min, node.instances_min);
    summary.instances_max = std::max(summary.instances_max, node.instances_max);
    summary.scaling_actions += static_cast<int>(
        std::count_if(replication.scaling_events.begin(), replication.scaling_events.end(),
                      [&](const ScalingEvent &event) { return event.node == index; }));
  }
  summary.residence_p50_s =
      of([](const NodeMeasurement &n) { return n.residence.quantile_s(0.5); });
  summary.residence_p95_s =
      of([](const NodeMeasurement &n) { return n.residence.quantile_s(0.95); });
  summary.residence_p99_s =
      of([](const NodeMeasurement &n) { return n.residence.quantile_s(0.99); });
  summary.utilization = of([](const NodeMeasurement &n) { return n.utilization; });
  summary.wait_mean_s = of([](const NodeMeasurement &n) { return n.mean_wait_s; });
  summary.residence_mean_s = of([](const NodeMeasurement &n) { return n.mean_residence_s; });
  summary.queue_length_mean = of([](const NodeMeasurement &n) { return n.mean_queue_length; });
  summary.in_system_mean = of([](const NodeMeasurement &n) { return n.mean_in_system; });
  summary.throughput_per_s = of([](const NodeMeasurement &n) { return n.throughput_per_s; });
  summary.prob_wait = of([](const NodeMeasurement &n) { return n.prob_wait; });
  summary.drop_probability = of([](const NodeMeasurement &n) { return n.drop_probability; });
  summary.queue_growth_per_s = of([](const NodeMeasurement &n) { return n.queue_growth_per_s; });
  summary.cache = kind == NodeKind::cache || kind == NodeKind::cdn;
  if (summary.cache) {
    summary.hit_ratio = of([](const NodeMeasurement &n) { return n.hit_ratio; });
  }
  if (kind == NodeKind::cdn) {
    summary.bytes_served_per_s = of([](const NodeMeasurement &n) { return n.bytes_served_per_s; });
    summary.origin_bytes_per_s = of([](const NodeMeasurement &n) { return n.origin_bytes_per_s; });
  }
  for (const ReplicationResult &replication : replications) {
    summary.overflow += replication.nodes[index].overflow;
    add_saturated_windows(replication.nodes[index].saturated_windows, summary.saturated_windows);
  }
  summarize_connections(spec, index, replications, summary);
  summarize_memory(spec, index, replications, summary);
  summary.saturated = summary.overflow > 0 ||
                      (summary.utilization.estimate >= kSaturationUtilization &&
                       summary.queue_growth_per_s.estimate > 0.0) ||
                      summary.saturated_windows.from_s.has_value();
  return summary;
}

bool calls_saturated_node(const Scenario &scenario, const std::vector<CallSpec> &calls,
                          const std::vector<NodeSummary> &nodes) {
  for (const CallSpec &call : calls) {
    const int index = scenario.node_index(call.node);
    if ((index >= 0 && nodes[static_cast<std::size_t>(index)].saturated) ||
        calls_saturated_node(scenario, call.calls, nodes)) {
      return true;
    }
  }
  return false;
}

/// Appends the breakdown of the sibling calls in `range` and, depth first, their children.
void add_breakdown(const Scenario &scenario, const CallProgram &program, CallRange range,
                   const std::string &parent_path, bool parent_async, std::int64_t completed,
                   const std::vector<ReplicationResult> &replications,
                   std::vector<CallSiteSummary> &breakdown) {
  for (std::uint32_t site = range.begin; site < range.end; ++site) {
    const CompiledCall &call = program.calls[site];
    LatencyHistogram wait;
    LatencyHistogram service;
    for (const ReplicationResult &replication : replications) {
      wait.merge(replication.call_sites[site].wait);
      service.merge(replication.call_sites[site].service);
    }
    CallSiteSummary summary;
    summary.node = scenario.nodes[call.node].name;
    summary.path = (parent_path.empty() ? summary.node : parent_path + " > " + summary.node) +
                   (call.on_miss ? " (on miss)" : "");
    summary.async = parent_async || call.async;
    summary.calls_per_request =
        completed > 0 ? static_cast<double>(service.count()) / static_cast<double>(completed) : 0.0;
    summary.wait_mean_s = wait.mean_s();
    summary.wait_p95_s = wait.quantile_s(0.95);
    summary.service_mean_s = service.mean_s();
    summary.service_p95_s = service.quantile_s(0.95);
    summary.mean_latency_share_s =
        summary.async ? 0.0
                      : summary.calls_per_request * (summary.wait_mean_s + summary.service_mean_s);
    breakdown.push_back(summary);
    add_breakdown(scenario, program, CallRange{call.first_child, call.child_end}, summary.path,
                  summary.async, completed, replications, breakdown);
  }
}

} // namespace

const NodeSummary &RunResult::node(std::string_view name) const {
  for (const NodeSummary &summary : nodes) {
    if (summary.name == name) {
      return summary;
    }
  }
  throw std::out_of_range("no node named " + std::string(name));
}

RunResult summarize_replications(const Scenario &scenario,
                                 const std::vector<ReplicationResult> &replications) {
  RunResult result;
  result.scenario = scenario.name;
  result.seed = scenario.seed;
  result.replications = static_cast<int>(replications.size());
  result.duration_s = scenario.run.duration_s;
  result.warmup_s = scenario.run.warmup_s;
  for (const ReplicationResult &replication : replications) {
    result.events += replication.events;
    result.requests_started += replication.requests_started;
  }
  for (std::size_t i = 0; i < scenario.workload.classes.size(); ++i) {
    result.classes.push_back(summarize_class(scenario.workload.classes[i].name, i, replications));
  }
  for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
    result.nodes.push_back(summarize_node(scenario.nodes[i], i, replications));
  }
  const CallProgram program = compile_call_program(scenario);
  for (std::size_t i = 0; i < scenario.workload.classes.size(); ++i) {
    ClassSummary &summary = result.classes[i];
    summary.saturated =
        calls_saturated_node(scenario, scenario.workload.classes[i].calls, result.nodes);
    add_breakdown(scenario, program, program.class_calls[i], "", false, summary.completed,
                  replications, summary.breakdown);
  }
  for (const ReplicationResult &replication : replications) {
    if (replication.stop_reason != StopReason::completed) {
      result.stop_reason = replication.stop_reason;
      break;
    }
  }
  result.slos = evaluate_slos(scenario.slos, result); // truncated runs: not judged
  if (!replications.empty()) {
    result.scaling_events = replications.front().scaling_events;
    result.oom_events = replications.front().oom_events;
    result.timeseries = replications.front().timeseries;
  }
  if (result.timeseries) {
    result.recoveries = recoveries_after_failures(scenario, *result.timeseries);
  }
  return result;
}

} // namespace capsim
