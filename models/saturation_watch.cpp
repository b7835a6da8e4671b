// Per-window saturation (see saturation_watch.hpp).
#include "models/saturation_watch.hpp"

#include <algorithm>
#include <cmath>

namespace capsim {
namespace {

constexpr double kBusyShare = 0.99;
constexpr double kChanceDeviations = 5.0;
constexpr double kGrowthShareOfArrivals = 0.05;

/// Busy >= 99% and a queue that grew beyond chance: arrivals minus departures of a node busy
/// throughout vary by about sqrt(arrivals + departures).
bool saturated_window(const MetricSample &start, const MetricSample &end, double growth) {
  const double slot_seconds = end.slot_seconds - start.slot_seconds;
  if (!(slot_seconds > 0.0) ||
      (end.busy_slot_seconds - start.busy_slot_seconds) < kBusyShare * slot_seconds) {
    return false;
  }
  const auto arrivals = static_cast<double>(end.arrivals - start.arrivals);
  const auto departures = static_cast<double>(end.started - start.started);
  return growth > kChanceDeviations * std::sqrt(arrivals + departures) &&
         growth > kGrowthShareOfArrivals * arrivals;
}

} // namespace

SaturationWatch::SaturationWatch(std::size_t nodes, SimTimeNs start_ns, SimTimeNs end_ns)
    : window_ns_(std::max<SimTimeNs>(1, (end_ns - start_ns) / kSaturationWindows)), nodes_(nodes) {}

void SaturationWatch::boundary(std::size_t node, const MetricSample &totals, std::int64_t waiting) {
  NodeWindow &window = nodes_[node];
  if (window.start) {
    const auto growth = static_cast<double>(waiting - window.waiting_at_start);
    if (saturated_window(*window.start, totals, growth)) {
      WindowSaturation &saturation = window.saturation;
      saturation.from_s = saturation.from_s.value_or(ns_to_seconds(window.start->at_ns));
      saturation.until_s = ns_to_seconds(totals.at_ns);
      saturation.max_queue_growth_per_s =
          std::max(saturation.max_queue_growth_per_s,
                   growth / ns_to_seconds(totals.at_ns - window.start->at_ns));
    }
  }
  window.start = totals;
  window.waiting_at_start = waiting;
}

} // namespace capsim
