// Steady-state sizing by the analytic twin (see sizing.hpp).
#include "models/plan/sizing.hpp"

#include "models/headroom.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace capsim::plan {
namespace {

constexpr double kGridRatio = 1.01;
constexpr int kMaxIterations = 10'000;
constexpr double kMaxSearchedLoad = 1e6;

int grid_index(double load_multiplier) {
  return static_cast<int>(std::ceil(std::log(load_multiplier) / std::log(kGridRatio) - 1e-9));
}

/// The metric's limit: the target (target tracking) or the scale-out threshold (steps).
double policy_limit(const AutoscalingSpec &policy) {
  return policy.target > 0.0 ? policy.target : policy.scale_out->threshold;
}

/// The next count to try for a node whose metric is above its limit: in proportion for
/// metrics that fall as 1/n, one more otherwise (or in proportion to the offered load when
/// saturated, where queue metrics are infinite).
int next_count(const AutoscalingSpec &policy, const analytic::NodeEstimate &node, int instances) {
  const double metric = policy_metric(policy, node, instances);
  const bool proportional = policy.metric == ScalingMetric::utilization ||
                            policy.metric == ScalingMetric::requests_per_instance;
  double wanted = instances + 1.0;
  if (proportional && std::isfinite(metric)) {
    wanted = std::ceil(instances * metric / policy_limit(policy) * (1.0 - 1e-12));
  } else if (node.offered_utilization >= 1.0) {
    wanted = std::ceil(instances * node.offered_utilization);
  }
  return static_cast<int>(std::clamp(wanted, instances + 1.0, double(policy.max_instances)));
}

} // namespace

Scenario sized_scenario(const Scenario &scenario, double load_multiplier,
                        const std::vector<int> &instances) {
  Scenario sized = scaled_load(scenario, load_multiplier);
  for (std::size_t i = 0; i < sized.nodes.size(); ++i) {
    NodeSpec &node = sized.nodes[i];
    node.instances = node.pool_caller >= 0 ? instances[static_cast<std::size_t>(node.pool_caller)]
                                           : instances[i];
  }
  return sized;
}

double policy_metric(const AutoscalingSpec &policy, const analytic::NodeEstimate &node,
                     int instances) {
  switch (policy.metric) {
  case ScalingMetric::utilization:
    return node.offered_utilization;
  case ScalingMetric::queue_depth:
    return node.arrival_rate_per_s * node.mean_wait_s / instances;
  case ScalingMetric::queue_wait:
    return node.mean_wait_s;
  case ScalingMetric::requests_per_instance:
    return node.arrival_rate_per_s / instances;
  case ScalingMetric::connections:
    return node.mean_connections / instances;
  case ScalingMetric::memory:
    return node.memory_share;
  }
  return 0.0;
}

Sizing size_for_load(const Scenario &scenario, double load_multiplier,
                     const std::vector<int> &start) {
  Sizing sizing;
  sizing.load_multiplier = load_multiplier;
  const std::size_t count = scenario.nodes.size();
  sizing.instances = start;
  if (sizing.instances.empty()) {
    for (const NodeSpec &node : scenario.nodes) {
      sizing.instances.push_back(node.autoscaling ? node.autoscaling->min_instances
                                                  : node.instances);
    }
  }
  sizing.at_max.assign(count, false);
  sizing.over_target.assign(count, false);
  for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
    sizing.estimate =
        analytic::estimate_network(sized_scenario(scenario, load_multiplier, sizing.instances));
    bool changed = false;
    for (std::size_t i = 0; i < count; ++i) {
      const auto &policy = scenario.nodes[i].autoscaling;
      if (!policy || scenario.nodes[i].pool_caller >= 0) {
        continue;
      }
      int &instances = sizing.instances[i];
      const analytic::NodeEstimate &node = sizing.estimate.nodes[i];
      sizing.at_max[i] = instances >= policy->max_instances;
      sizing.over_target[i] = false;
      if (!(policy_metric(*policy, node, instances) > policy_limit(*policy))) {
        continue;
      }
      if (sizing.at_max[i]) {
        sizing.over_target[i] = true;
        continue;
      }
      instances = next_count(*policy, node, instances);
      changed = true;
    }
    if (!changed) {
      break;
    }
  }
  return sizing;
}

const Sizing &SizingCurve::at(double load_multiplier) {
  const int index = grid_index(std::max(load_multiplier, 1e-9));
  if (const auto found = grid_.find(index); found != grid_.end()) {
    return found->second;
  }
  // The nearest sizing at a lower load is a valid start: counts only grow with load.
  std::vector<int> start;
  if (auto below = grid_.lower_bound(index); below != grid_.begin()) {
    start = std::prev(below)->second.instances;
  }
  return grid_.emplace(index, size_for_load(*scenario_, std::pow(kGridRatio, index), start))
      .first->second;
}

Sizing SizingCurve::exact(double load_multiplier) {
  const double below = std::pow(kGridRatio, grid_index(load_multiplier) - 1);
  return size_for_load(*scenario_, load_multiplier, at(below).instances);
}

double SizingCurve::saturation_load() {
  double low = 1.0 / kGridRatio; // not known to saturate
  double high = 1.0;
  while (!at(high).saturated()) {
    if (high > kMaxSearchedLoad) {
      return std::numeric_limits<double>::infinity();
    }
    low = high;
    high *= 2.0;
  }
  if (high == 1.0) { // already saturated: search downwards
    low = high / 2.0;
    while (at(low).saturated() && low > 1.0 / kMaxSearchedLoad) {
      high = low;
      low /= 2.0;
    }
  }
  while (high / low > kGridRatio) {
    const double middle = std::sqrt(low * high);
    (at(middle).saturated() ? high : low) = middle;
  }
  return at(high).load_multiplier;
}

} // namespace capsim::plan
