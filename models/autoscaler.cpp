// Autoscaler decisions (see autoscaler.hpp). Target tracking follows AWS's rule: the desired
// capacity is ceil(serving × metric / target), compared with the instances serving plus those
// being provisioned (so a scale-out in flight is not repeated). Step rules fire when the
// metric averaged over their hold time is beyond the threshold.
#include "models/autoscaler.hpp"

#include <algorithm>
#include <cmath>

namespace capsim {

void Autoscaler::record(const MetricSample &sample) {
  samples_.push_back(sample);
  double longest_s = spec_.window_s;
  for (const auto &rule : {spec_.scale_out, spec_.scale_in}) {
    if (rule) {
      longest_s = std::max(longest_s, rule->hold_s);
    }
  }
  // Keep one sample at or before now - longest window.
  while (samples_.size() > 2 && ns_to_seconds(sample.at_ns - samples_[1].at_ns) >= longest_s) {
    samples_.pop_front();
  }
}

double Autoscaler::metric_over(double window_s) const {
  if (samples_.size() < 2) {
    return 0.0;
  }
  const MetricSample &now = samples_.back();
  const SimTimeNs from_ns = now.at_ns - seconds_to_ns(window_s);
  const auto start = std::find_if(samples_.begin(), samples_.end(),
                                  [&](const MetricSample &s) { return s.at_ns >= from_ns; });
  const MetricSample &then = start == samples_.end() || start == samples_.end() - 1
                                 ? samples_[samples_.size() - 2]
                                 : *start;
  const double elapsed_s = ns_to_seconds(now.at_ns - then.at_ns);
  const double instance_seconds = now.instance_seconds - then.instance_seconds;
  switch (spec_.metric) {
  case ScalingMetric::utilization: {
    const double slots = now.slot_seconds - then.slot_seconds;
    return slots > 0.0 ? (now.busy_slot_seconds - then.busy_slot_seconds) / slots : 0.0;
  }
  case ScalingMetric::queue_depth:
    return instance_seconds > 0.0 ? (now.waiting_seconds - then.waiting_seconds) / instance_seconds
                                  : 0.0;
  case ScalingMetric::queue_wait: {
    const auto started = now.started - then.started;
    return started > 0 ? (now.wait_sum_s - then.wait_sum_s) / static_cast<double>(started) : 0.0;
  }
  case ScalingMetric::requests_per_instance:
    return instance_seconds > 0.0
               ? static_cast<double>(now.arrivals - then.arrivals) / instance_seconds
               : (elapsed_s > 0.0 ? static_cast<double>(now.arrivals - then.arrivals) / elapsed_s
                                  : 0.0);
  case ScalingMetric::connections:
    return instance_seconds > 0.0
               ? (now.connection_seconds - then.connection_seconds) / instance_seconds
               : 0.0;
  case ScalingMetric::memory:
    return instance_seconds > 0.0
               ? (now.memory_share_seconds - then.memory_share_seconds) / instance_seconds
               : 0.0;
  }
  return 0.0;
}

std::optional<ScalingDecision> Autoscaler::decide(int serving, int pending) {
  if (samples_.size() < 2) {
    return std::nullopt;
  }
  return spec_.target > 0.0 ? target_tracking(serving, pending) : step_scaling(serving, pending);
}

std::optional<ScalingDecision> Autoscaler::target_tracking(int serving, int pending) {
  // The metric was produced by the serving instances; the pending ones count towards the
  // answer (change_to compares with serving + pending), so a scale-out is not repeated.
  const double value = metric_over(spec_.window_s);
  // The small slack keeps a metric exactly on target from rounding up.
  const auto desired =
      static_cast<int>(std::ceil(static_cast<double>(serving) * value / spec_.target - 1e-9));
  return change_to(desired, serving, pending, value, spec_.target);
}

std::optional<ScalingDecision> Autoscaler::step_scaling(int serving, int pending) {
  const int current = serving + pending;
  if (spec_.scale_out) {
    const double value = metric_over(spec_.scale_out->hold_s);
    if (value > spec_.scale_out->threshold) {
      return change_to(current + spec_.scale_out->step, serving, pending, value,
                       spec_.scale_out->threshold);
    }
  }
  if (spec_.scale_in) {
    const double value = metric_over(spec_.scale_in->hold_s);
    if (value < spec_.scale_in->threshold) {
      return change_to(current - spec_.scale_in->step, serving, pending, value,
                       spec_.scale_in->threshold);
    }
  }
  return std::nullopt;
}

std::optional<ScalingDecision> Autoscaler::change_to(int desired, int serving, int pending,
                                                     double value, double threshold) {
  desired = std::clamp(desired, spec_.min_instances, spec_.max_instances);
  const int current = serving + pending;
  const SimTimeNs now_ns = samples_.back().at_ns;
  if (desired > current && !cooling_down(spec_.scale_out_cooldown_s, last_scale_out_ns_)) {
    last_scale_out_ns_ = now_ns;
    return ScalingDecision{desired - current, value, threshold};
  }
  // Scale in only serving instances, never while others are being provisioned (a scale-out
  // or a restart in flight: the metric still reflects the capacity before it), and not
  // within the scale-in cooldown of the last scale-out either.
  const int removable = pending > 0 ? 0 : std::min(current - desired, serving);
  if (removable > 0 && !cooling_down(spec_.scale_in_cooldown_s, last_scale_in_ns_) &&
      !cooling_down(spec_.scale_in_cooldown_s, last_scale_out_ns_)) {
    last_scale_in_ns_ = now_ns;
    return ScalingDecision{-removable, value, threshold};
  }
  return std::nullopt;
}

std::optional<ScalingDecision> Autoscaler::apply_scheduled(const ScheduledAction &action,
                                                           int serving, int pending) {
  spec_.min_instances = action.min_instances.value_or(spec_.min_instances);
  spec_.max_instances = action.max_instances.value_or(spec_.max_instances);
  const int current = serving + pending;
  const int wanted = action.change ? action.change->applied_to(current) : current;
  const int bounded = std::clamp(wanted, spec_.min_instances, spec_.max_instances);
  const int change = bounded > current ? bounded - current : -std::min(current - bounded, serving);
  if (change == 0) {
    return std::nullopt;
  }
  // Logged as the count before against the count the schedule asks for (or the bound moved).
  const double threshold =
      action.change ? bounded : (change > 0 ? spec_.min_instances : spec_.max_instances);
  return ScalingDecision{change, static_cast<double>(current), threshold};
}

bool Autoscaler::cooling_down(double cooldown_s, std::optional<SimTimeNs> last_ns) const {
  return last_ns && ns_to_seconds(samples_.back().at_ns - *last_ns) < cooldown_s;
}

} // namespace capsim
