// find_headroom() (see headroom.hpp).
#include "models/headroom.hpp"

#include "models/analytic/network_estimate.hpp"
#include "models/plan/sizing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace capsim {
namespace {

/// Multipliers beyond this are not probed: the SLOs hold at any load that makes sense.
constexpr double kLargestMultiplier = 1e6;

class HeadroomSearch {
public:
  HeadroomSearch(const Scenario &scenario, const RunOptions &run_options,
                 const HeadroomOptions &options)
      : scenario_(scenario), run_options_(run_options), options_(options) {}

  HeadroomResult search() {
    const analytic::NetworkEstimate estimate = analytic::estimate_network(scenario_);
    result_.analytic_saturation_multiplier = options_.saturation_multiplier
                                                 ? *options_.saturation_multiplier
                                                 : saturation_bound(estimate);
    double met = 0.0;
    double broken = std::min(result_.analytic_saturation_multiplier, kLargestMultiplier);
    // First today's load, then (with no finite bound) doubling until an SLO breaks.
    double next = std::min(1.0, 0.5 * broken);
    while (static_cast<int>(result_.probes.size()) < options_.max_probes &&
           broken - met > options_.relative_tolerance * broken) {
      const HeadroomProbe &done = probe(next);
      if (done.stop_reason != StopReason::completed) {
        result_.stop_reason = done.stop_reason;
        break;
      }
      if (done.met) {
        met = next;
      } else {
        broken = next;
      }
      next = broken >= kLargestMultiplier ? std::min(2.0 * met, kLargestMultiplier)
                                          : 0.5 * (met + broken);
    }
    result_.load_multiplier = met;
    result_.broken_multiplier = broken;
    describe_limits(estimate);
    return result_;
  }

private:
  /// The analytic saturation multiplier; with autoscaled tiers, where some node saturates
  /// even with every tier at its max (the sizing curve's grid point at or above it, so an
  /// upper bound within 1%).
  double saturation_bound(const analytic::NetworkEstimate &estimate) const {
    const bool autoscaled = std::any_of(scenario_.nodes.begin(), scenario_.nodes.end(),
                                        [](const NodeSpec &node) { return node.autoscaling; });
    if (!autoscaled) {
      return estimate.bottleneck.saturation_load_multiplier;
    }
    return plan::SizingCurve(scenario_).saturation_load();
  }

  /// One DES run at `multiplier`, with more replications while a verdict is too close.
  const HeadroomProbe &probe(double multiplier) {
    SloCheck check = check_slos(options_.scenario_at ? options_.scenario_at(multiplier)
                                                     : scaled_load(scenario_, multiplier),
                                run_options_, options_.max_replications);
    HeadroomProbe probe;
    probe.load_multiplier = multiplier;
    probe.verdicts = std::move(check.verdicts);
    probe.replications = check.replications;
    probe.met = check.all_met;
    probe.stop_reason = check.run.stop_reason;
    for (const NodeSummary &node : check.run.nodes) {
      if (!node.unlimited && node.utilization.estimate > probe.busiest_utilization) {
        probe.busiest_node = node.name;
        probe.busiest_utilization = node.utilization.estimate;
      }
    }
    if (probe.met && multiplier >= best_met_) {
      best_met_ = multiplier;
      best_met_run_ = std::move(check.run);
    }
    result_.probes.push_back(std::move(probe));
    return result_.probes.back();
  }

  /// The busiest node at the largest multiplier that met every SLO, among the nodes the
  /// first-broken SLO's class waits on (its synchronous calls): a busier node that only
  /// serves async work does not make that SLO break.
  void record_bottleneck() {
    const std::vector<CallSiteSummary> *path =
        result_.first_broken
            ? &best_met_run_.classes[result_.first_broken->spec.class_index].breakdown
            : nullptr;
    auto on_path = [&](const std::string &node) {
      return path == nullptr ||
             std::any_of(path->begin(), path->end(), [&](const CallSiteSummary &site) {
               return !site.async && site.node == node;
             });
    };
    for (const NodeSummary &node : best_met_run_.nodes) {
      if (!node.unlimited && on_path(node.name) &&
          node.utilization.estimate > result_.bottleneck_utilization) {
        result_.bottleneck = node.name;
        result_.bottleneck_utilization = node.utilization.estimate;
      }
    }
  }

  /// The SLO furthest over its target at the smallest broken multiplier probed (a probe cut
  /// short broke nothing), and the analytic bottleneck when no probe met every SLO.
  void describe_limits(const analytic::NetworkEstimate &estimate) {
    double smallest_broken = std::numeric_limits<double>::infinity();
    for (const HeadroomProbe &probe : result_.probes) {
      if (probe.met || probe.stop_reason != StopReason::completed ||
          probe.load_multiplier >= smallest_broken) {
        continue;
      }
      smallest_broken = probe.load_multiplier;
      result_.first_broken.reset();
      for (const SloVerdict &verdict : probe.verdicts) {
        if (verdict.status != SloStatus::met &&
            (!result_.first_broken || excess(verdict) > excess(*result_.first_broken))) {
          result_.first_broken = verdict;
        }
      }
    }
    if (best_met_ > 0.0) {
      record_bottleneck();
    }
    if (result_.bottleneck.empty()) {
      result_.bottleneck = estimate.bottleneck.node;
      result_.bottleneck_utilization = estimate.bottleneck.utilization;
    }
  }

  static double excess(const SloVerdict &verdict) {
    return verdict.saturated ? std::numeric_limits<double>::infinity()
                             : verdict.value_s.estimate / verdict.spec.target_s;
  }

  const Scenario &scenario_;
  const RunOptions &run_options_;
  const HeadroomOptions &options_;
  HeadroomResult result_;
  double best_met_ = 0.0;
  RunResult best_met_run_;
};

} // namespace

Scenario scaled_load(const Scenario &scenario, double load_multiplier) {
  Scenario scaled = scenario;
  if (scaled.workload.kind == WorkloadKind::open) {
    scaled.workload.arrival_rate_per_s *= load_multiplier;
  } else {
    scaled.workload.users = std::max<std::int64_t>(
        1, std::llround(static_cast<double>(scaled.workload.users) * load_multiplier));
  }
  return scaled;
}

HeadroomResult find_headroom(const Scenario &scenario, const RunOptions &run_options,
                             const HeadroomOptions &options) {
  if (scenario.slos.empty()) {
    throw std::invalid_argument("headroom needs at least one SLO in the scenario");
  }
  return HeadroomSearch(scenario, run_options, options).search();
}

} // namespace capsim
