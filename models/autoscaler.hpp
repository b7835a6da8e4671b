#pragma once
// The decision half of autoscaling, apart from the simulation: it is fed cumulative metric
// samples every interval and answers how many instances to add or remove, honouring the
// policy's windows, thresholds, cooldowns and min/max. The simulation owns the instances
// (provisioning delay, draining); this class only decides, so it is tested on its own.
#include "models/scenario.hpp"
#include "sim/time.hpp"

#include <cstdint>
#include <deque>
#include <optional>

namespace capsim {

/// Running totals of a node since the start, read at one instant.
struct MetricSample {
  SimTimeNs at_ns = 0;
  double busy_slot_seconds = 0.0; // ∫ busy slots dt
  double slot_seconds = 0.0;      // ∫ available slots dt
  double waiting_seconds = 0.0;   // ∫ requests waiting dt
  double instance_seconds = 0.0;  // ∫ live instances dt
  std::int64_t arrivals = 0;
  std::int64_t started = 0;          // calls that got a slot
  double wait_sum_s = 0.0;           // their total wait
  double connection_seconds = 0.0;   // ∫ open connections dt
  double memory_share_seconds = 0.0; // ∫ memory in use / one instance's limit dt
};

struct ScalingDecision {
  int change = 0; // instances to add (> 0) or remove (< 0)
  double metric_value = 0.0;
  double threshold = 0.0; // the target, or the step rule's threshold
};

class Autoscaler {
public:
  explicit Autoscaler(const AutoscalingSpec &spec) : spec_(spec) {}

  /// Records the totals at the current evaluation (samples arrive in time order).
  void record(const MetricSample &sample);
  /// The decision at the time of the last sample: `serving` instances take work and
  /// `pending` are being provisioned. Nothing when the count should stay.
  std::optional<ScalingDecision> decide(int serving, int pending);

  /// A scheduled action: its new bounds, then the change that brings `serving` + `pending`
  /// to the action's relative count (if any) within them (nothing if already there).
  std::optional<ScalingDecision> apply_scheduled(const ScheduledAction &action, int serving,
                                                 int pending);

  /// The metric averaged over the last `window_s` (or since the first sample if shorter).
  double metric_over(double window_s) const;

private:
  std::optional<ScalingDecision> target_tracking(int serving, int pending);
  std::optional<ScalingDecision> step_scaling(int serving, int pending);
  /// Clamps `desired` to [min, max] and turns it into a change, within the cooldowns.
  std::optional<ScalingDecision> change_to(int desired, int serving, int pending, double value,
                                           double threshold);
  bool cooling_down(double cooldown_s, std::optional<SimTimeNs> last_ns) const;

  AutoscalingSpec spec_;
  std::deque<MetricSample> samples_;
  std::optional<SimTimeNs> last_scale_out_ns_;
  std::optional<SimTimeNs> last_scale_in_ns_;
};

} // namespace capsim
