#include "models/plan/remedy.hpp"

#include "models/human_format.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace capsim::plan {
namespace {

/// How far a raised maximum may go when searching what a policy asks for.
int search_cap(int max_instances) {
  return std::max(10 * max_instances, max_instances + 100);
}

bool is_replica_set(const NodeSpec &node) {
  return node.kind == NodeKind::database && node.database.primary_node >= 0;
}

bool is_primary(const NodeSpec &node) {
  return node.kind == NodeKind::database && node.database.primary_node < 0;
}

/// The scenario with every autoscaled tier free to grow far beyond its max.
Scenario with_raised_maxima(Scenario scenario) {
  for (NodeSpec &node : scenario.nodes) {
    if (node.autoscaling) {
      node.autoscaling->max_instances = search_cap(node.autoscaling->max_instances);
    }
  }
  return scenario;
}

} // namespace

RemedyFinder::RemedyFinder(const Scenario &scenario, SizingCurve &curve, double horizon_peak_load,
                           double warn_utilization, std::string horizon_label)
    : scenario_(scenario), curve_(curve), horizon_peak_load_(horizon_peak_load),
      warn_utilization_(warn_utilization), horizon_label_(std::move(horizon_label)),
      unbounded_(size_for_load(with_raised_maxima(scenario), horizon_peak_load,
                               curve.exact(horizon_peak_load).instances)) {}

std::string RemedyFinder::for_node(std::size_t node) {
  const NodeSpec &spec = scenario_.nodes[node];
  const std::string when = " to last through the peak of " + horizon_label_;
  if (spec.autoscaling) {
    const int max = spec.autoscaling->max_instances;
    const int needed = unbounded_.instances[node];
    if (needed >= search_cap(max)) {
      return "raising " + spec.name + "'s max does not suffice (more than " +
             std::to_string(needed) + " instances" + when +
             "): make each instance faster or split its work";
    }
    if (needed <= max) {
      return spec.name + "'s max of " + std::to_string(max) + " suffices" + when +
             ", with no room to spare";
    }
    return "raise " + spec.name + "'s max from " + std::to_string(max) + " to " +
           std::to_string(needed) + when;
  }
  const double utilization = unbounded_.estimate.nodes[node].offered_utilization;
  if (!std::isfinite(utilization)) {
    return "first relieve the saturated nodes that " + spec.name + " calls";
  }
  if (!(utilization > warn_utilization_)) {
    return spec.name + " stays within " + warn_percent() + when;
  }
  return capacity_change(node, unbounded_.instances[node], utilization / warn_utilization_) +
         " to stay within " + warn_percent() + when;
}

std::string RemedyFinder::for_slo(double peak_load) {
  const analytic::Bottleneck &busiest = curve_.exact(peak_load).estimate.bottleneck;
  const auto found = std::find_if(scenario_.nodes.begin(), scenario_.nodes.end(),
                                  [&](const NodeSpec &node) { return node.name == busiest.node; });
  if (found == scenario_.nodes.end() || busiest.utilization < warn_utilization_) {
    return "capacity is not the cause (the busiest node, " + busiest.node + ", runs at " +
           format_percent(busiest.utilization) +
           "): the time goes to the class's own demands and calls";
  }
  return "the busiest node is " + busiest.node + " at " + format_percent(busiest.utilization) +
         ": " + for_node(static_cast<std::size_t>(found - scenario_.nodes.begin()));
}

std::string RemedyFinder::for_headroom(double required, double saturation_load) {
  const Sizing &at_saturation = curve_.exact(saturation_load);
  const std::string &bottleneck = at_saturation.estimate.bottleneck.node;
  const auto found = std::find_if(scenario_.nodes.begin(), scenario_.nodes.end(),
                                  [&](const NodeSpec &node) { return node.name == bottleneck; });
  if (found == scenario_.nodes.end()) {
    return "";
  }
  const auto node = static_cast<std::size_t>(found - scenario_.nodes.begin());
  const double factor = required * horizon_peak_load_ / saturation_load;
  return "the bottleneck is " + found->name + ": " +
         capacity_change(node, at_saturation.instances[node], factor) +
         " (at least; the next node may then limit) for ×" + format_significant(required) +
         " headroom through the peak of " + horizon_label_;
}

std::string RemedyFinder::for_connections(std::size_t primary) {
  const NodeSpec &spec = scenario_.nodes[primary];
  const std::int64_t pooled = pooled_connections(scenario_, unbounded_, primary);
  const std::int64_t limit = spec.database.max_connections.value_or(0);
  std::int64_t calling_instances = 0;
  for (std::size_t i = 0; i < scenario_.nodes.size(); ++i) {
    if (scenario_.nodes[i].pool_database == static_cast<int>(primary)) {
      calling_instances += unbounded_.instances[std::size_t(scenario_.nodes[i].pool_caller)];
    }
  }
  std::string text = "raise " + spec.name + "'s max_connections from " + format_count(limit) +
                     " to " + format_count(pooled) + " (the pools at the peak of " +
                     horizon_label_ + ")";
  const std::int64_t fitting_pool = calling_instances > 0 ? limit / calling_instances : 0;
  if (fitting_pool >= 1) {
    text += ", shrink each pool to " + format_count(fitting_pool) + " connections";
  }
  return text + ", or put a connection pooler (such as PgBouncer) in front of it";
}

std::string RemedyFinder::warn_percent() const {
  return std::to_string(std::lround(warn_utilization_ * 100.0)) + "%";
}

std::string RemedyFinder::capacity_change(std::size_t node, int instances, double factor) const {
  const NodeSpec &spec = scenario_.nodes[node];
  const int needed = static_cast<int>(std::ceil(instances * factor - 1e-9));
  if (spec.autoscaling) {
    return "raise " + spec.name + "'s max from " + std::to_string(instances) + " to " +
           std::to_string(needed);
  }
  if (is_replica_set(spec)) {
    return "add " + std::to_string(needed - instances) + " read replica" +
           (needed - instances == 1 ? "" : "s") + " to " + spec.name + " (" +
           std::to_string(instances) + " → " + std::to_string(needed) + ")";
  }
  if (is_primary(spec) && instances == 1) {
    return "give " + spec.name + " ×" + format_significant(factor, 2) +
           " its capacity (a larger instance type), or move reads to read replicas";
  }
  return "run " + std::to_string(needed) + " instances of " + spec.name + " (from " +
         std::to_string(instances) + ")";
}

std::int64_t pooled_connections(const Scenario &scenario, const Sizing &sizing,
                                std::size_t primary) {
  std::int64_t connections = 0;
  for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
    if (scenario.nodes[i].pool_database == static_cast<int>(primary)) {
      const auto caller = static_cast<std::size_t>(scenario.nodes[i].pool_caller);
      connections += static_cast<std::int64_t>(sizing.instances[caller]) *
                     scenario.nodes[primary].database.pool_size;
    }
  }
  return connections;
}

} // namespace capsim::plan
