// Paired comparison with common random numbers (see compare.hpp).
#include "models/compare.hpp"

#include "models/percentiles.hpp"

#include <functional>

namespace capsim {
namespace {

template <class Item>
const Item *find_named(const std::vector<Item> &items, const std::string &name) {
  for (const Item &item : items) {
    if (item.name == name) {
      return &item;
    }
  }
  return nullptr;
}

/// One figure of one replication, or of the other run's matching class or node.
using Figure = std::function<double(const ReplicationResult &, std::size_t index)>;

MetricComparison compare_figure(const std::vector<ReplicationResult> &a,
                                const std::vector<ReplicationResult> &b, std::size_t index_a,
                                std::size_t index_b, const Figure &figure) {
  std::vector<double> values_a;
  std::vector<double> values_b;
  std::vector<double> differences;
  for (std::size_t r = 0; r < a.size(); ++r) {
    values_a.push_back(figure(a[r], index_a));
    values_b.push_back(figure(b[r], index_b));
    differences.push_back(values_b.back() - values_a.back());
  }
  MetricComparison comparison;
  comparison.a = mean_ci95(values_a);
  comparison.b = mean_ci95(values_b);
  comparison.difference = mean_ci95(differences);
  comparison.significant =
      comparison.difference.ci_low > 0.0 || comparison.difference.ci_high < 0.0;
  return comparison;
}

struct NamedFigure {
  const char *metric;
  Figure figure;
};

std::vector<NamedFigure> class_figures() {
  std::vector<NamedFigure> figures{
      {"throughput_per_s",
       [](const ReplicationResult &r, std::size_t c) { return r.classes[c].throughput_per_s; }},
      {"mean_latency_s",
       [](const ReplicationResult &r, std::size_t c) { return r.classes[c].latency.mean_s(); }}};
  for (const Percentile &percentile : kReportedPercentiles) {
    if (percentile.probability > 0.99) {
      continue; // p99.9 per replication is too noisy to pair usefully
    }
    const double p = percentile.probability;
    figures.push_back({percentile.key, [p](const ReplicationResult &r, std::size_t c) {
                         return r.classes[c].latency.quantile_s(p);
                       }});
  }
  return figures;
}

std::vector<NamedFigure> node_figures() {
  return {{"utilization",
           [](const ReplicationResult &r, std::size_t n) { return r.nodes[n].utilization; }},
          {"mean_wait_s",
           [](const ReplicationResult &r, std::size_t n) { return r.nodes[n].mean_wait_s; }}};
}

} // namespace

Comparison compare_scenarios(const Scenario &a, Scenario b, const RunOptions &options) {
  b.seed = a.seed;
  b.run.replications = a.run.replications;
  const std::vector<ReplicationResult> runs_a = simulate_replications(a, options);
  const std::vector<ReplicationResult> runs_b = simulate_replications(b, options);
  Comparison comparison{summarize_replications(a, runs_a), summarize_replications(b, runs_b), {}};
  for (std::size_t c = 0; c < a.workload.classes.size(); ++c) {
    const std::string &name = a.workload.classes[c].name;
    const RequestClassSpec *other = find_named(b.workload.classes, name);
    if (other == nullptr) {
      continue;
    }
    const auto c_b = static_cast<std::size_t>(other - b.workload.classes.data());
    for (const NamedFigure &figure : class_figures()) {
      MetricComparison metric = compare_figure(runs_a, runs_b, c, c_b, figure.figure);
      metric.subject = name;
      metric.metric = figure.metric;
      comparison.metrics.push_back(metric);
    }
  }
  for (std::size_t n = 0; n < a.nodes.size(); ++n) {
    const int n_b = b.node_index(a.nodes[n].name);
    if (n_b < 0) {
      continue;
    }
    for (const NamedFigure &figure : node_figures()) {
      MetricComparison metric =
          compare_figure(runs_a, runs_b, n, static_cast<std::size_t>(n_b), figure.figure);
      metric.subject = a.nodes[n].name;
      metric.metric = figure.metric;
      comparison.metrics.push_back(metric);
    }
  }
  return comparison;
}

} // namespace capsim
