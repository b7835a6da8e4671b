// Aggregation across replications: each figure's replication values -> mean and Student-t
// 95% interval; percentiles are estimated per replication and then averaged (DESIGN §5).
#include "models/run_result.hpp"

#include <functional>

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

NodeSummary summarize_node(const std::string &name, std::size_t index,
                           const std::vector<ReplicationResult> &replications) {
  auto of = [&](auto field) {
    return estimate_over(replications,
                         [&](const ReplicationResult &r) { return field(r.nodes[index]); });
  };
  NodeSummary summary;
  summary.name = name;
  for (const ReplicationResult &replication : replications) {
    summary.dropped += replication.nodes[index].dropped;
  }
  summary.utilization = of([](const NodeMeasurement &n) { return n.utilization; });
  summary.wait_mean_s = of([](const NodeMeasurement &n) { return n.mean_wait_s; });
  summary.residence_mean_s = of([](const NodeMeasurement &n) { return n.mean_residence_s; });
  summary.queue_length_mean = of([](const NodeMeasurement &n) { return n.mean_queue_length; });
  summary.in_system_mean = of([](const NodeMeasurement &n) { return n.mean_in_system; });
  summary.throughput_per_s = of([](const NodeMeasurement &n) { return n.throughput_per_s; });
  summary.prob_wait = of([](const NodeMeasurement &n) { return n.prob_wait; });
  summary.drop_probability = of([](const NodeMeasurement &n) { return n.drop_probability; });
  return summary;
}

} // namespace

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
    result.nodes.push_back(summarize_node(scenario.nodes[i].name, i, replications));
  }
  return result;
}

} // namespace capsim
