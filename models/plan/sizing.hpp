#pragma once
// Steady-state sizing: the instance counts a scenario's autoscaling policies settle at under a
// constant load, found with the analytic twin. A target-tracking policy holds its metric at or
// below the target, a step policy below its scale-out threshold; the count is the least one
// doing so within [min, max] (a fixed point reached from below: every tier's metric falls as
// its own count rises). Tiers without autoscaling keep their count; pools follow their callers.
#include "models/analytic/network_estimate.hpp"
#include "models/scenario.hpp"

#include <map>
#include <vector>

namespace capsim::plan {

struct Sizing {
  double load_multiplier = 1.0;
  std::vector<int> instances;         ///< per node, in scenario order
  std::vector<bool> at_max;           ///< autoscaled node at its max instances
  std::vector<bool> over_target;      ///< autoscaled node at max whose metric is above target
  analytic::NetworkEstimate estimate; ///< at these counts and this load
  bool saturated() const { return !estimate.saturated_nodes.empty(); }
};

/// The scenario with its load multiplied and every node at `instances` (pools mirrored).
Scenario sized_scenario(const Scenario &scenario, double load_multiplier,
                        const std::vector<int> &instances);

/// The metric an autoscaling policy watches, from an estimate (+inf when saturated).
double policy_metric(const AutoscalingSpec &policy, const analytic::NodeEstimate &node,
                     int instances);

/// Sizes the scenario at `load_multiplier` × its load, starting from `start` (per node; empty:
/// each policy's min). `start` must not exceed the answer (e.g. a sizing at a lower load).
Sizing size_for_load(const Scenario &scenario, double load_multiplier,
                     const std::vector<int> &start = {});

/// Sizings on a geometric grid of loads, 1% apart, computed on demand and kept: at(m) answers
/// with the grid point at or above m, so counts and costs err on the high side by under 1%.
class SizingCurve {
public:
  explicit SizingCurve(const Scenario &scenario) : scenario_(&scenario) {}
  const Sizing &at(double load_multiplier);
  /// The sizing at exactly `load_multiplier`, started from the grid point below it.
  Sizing exact(double load_multiplier);
  /// The least load (to 1%) at which some node saturates even with every autoscaled tier
  /// free to reach its max; +inf if none does below 1e6 × the scenario's load.
  double saturation_load();

private:
  const Scenario *scenario_;
  std::map<int, Sizing> grid_;
};

} // namespace capsim::plan
