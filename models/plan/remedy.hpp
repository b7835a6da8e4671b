#pragma once
// What change fixes a scaling-timeline event through the plan's horizon, in words: computed
// analytically at the last month's peak under pessimistic (P90) growth. A tier at its max gets the
// max its policy asks for there; a fixed tier the instances (read replicas, or a larger instance
// for a database primary) that keep it under the warning utilization; a headroom policy the
// capacity of the bottleneck that restores it; pools outgrowing max_connections the limit or pool
// size that fits.
#include "models/plan/sizing.hpp"
#include "models/scenario.hpp"

#include <string>

namespace capsim::plan {

class RemedyFinder {
public:
  /// `horizon_peak_load`: the last month's peak load multiplier (× month 0's load) under
  /// pessimistic (P90) growth; `horizon_label`: that month's name ("2028-11").
  RemedyFinder(const Scenario &scenario, SizingCurve &curve, double horizon_peak_load,
               double warn_utilization, std::string horizon_label);

  /// For a node that reaches its max, runs above its target or utilization, or saturates.
  std::string for_node(std::size_t node);
  /// For an SLO broken at a month whose peak load is `peak_load`: the busiest node's remedy,
  /// or that capacity is not the cause.
  std::string for_slo(double peak_load);
  /// For a headroom policy of `required` × the peak (the saturation load is `saturation_load`).
  std::string for_headroom(double required, double saturation_load);
  /// For a database primary whose callers' pools hold more connections than max_connections.
  std::string for_connections(std::size_t primary);

private:
  /// The change that multiplies `node`'s capacity (now `instances`) by `factor`, in words.
  std::string capacity_change(std::size_t node, int instances, double factor) const;

  std::string warn_percent() const; ///< "80%"

  const Scenario &scenario_;
  SizingCurve &curve_;
  double horizon_peak_load_;
  double warn_utilization_;
  std::string horizon_label_;
  Sizing unbounded_; ///< at the horizon's peak, every autoscaled tier free beyond its max
};

/// Connections that the pools of `primary`'s callers keep open (pool size × calling
/// instances) at a sizing.
std::int64_t pooled_connections(const Scenario &scenario, const Sizing &sizing,
                                std::size_t primary);

} // namespace capsim::plan
