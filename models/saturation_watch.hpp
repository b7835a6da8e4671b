#pragma once
// Saturation window by window. A node overloaded only part of the time — at a load profile's
// peak, or before its autoscaler catches up — builds a queue while it is busy all the time,
// though its utilization over the whole run stays below 99%. The measurement window is cut
// into kSaturationWindows equal windows; a window in which the node is busy >= 99% of its
// slot-time and its queue grows by more than chance allows (more than 5 standard deviations
// of arrivals minus departures, and more than 5% of its arrivals) marks it saturated then.
#include "models/autoscaler.hpp"
#include "models/replication_result.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace capsim {

inline constexpr int kSaturationWindows = 100;

class SaturationWatch {
public:
  /// Windows of (end_ns - start_ns) / kSaturationWindows over `nodes` nodes.
  SaturationWatch(std::size_t nodes, SimTimeNs start_ns, SimTimeNs end_ns);

  SimTimeNs window_ns() const { return window_ns_; }

  /// At each window boundary (the first at start_ns), per node: its running totals and how
  /// many requests wait there now. Judges the window ending here and opens the next.
  void boundary(std::size_t node, const MetricSample &totals, std::int64_t waiting);

  const WindowSaturation &of(std::size_t node) const { return nodes_[node].saturation; }

private:
  struct NodeWindow {
    std::optional<MetricSample> start;
    std::int64_t waiting_at_start = 0;
    WindowSaturation saturation;
  };

  SimTimeNs window_ns_;
  std::vector<NodeWindow> nodes_;
};

} // namespace capsim
