#pragma once
// Headroom: the largest load multiplier at which every SLO still holds. Bisection between a
// multiplier that meets every SLO and one that breaks one, each probe a full DES run (common
// random numbers: the same seed at every multiplier), bracketed above by the analytic twin's
// saturation bound. A probe whose verdict is too close to call gets more replications, up to
// a cap; still undecided, it counts as broken, so the answer errs on the safe side. A probe cut
// short by the run limits (--max-events, --timeout, Ctrl-C) ends the search: it is recorded
// but not counted, and the answer is the bracket the completed probes found.
#include "models/run_scenario.hpp"
#include "models/slo.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace capsim {

struct HeadroomOptions {
  double relative_tolerance = 0.01; ///< stop when (broken - met) / broken is below this
  int max_probes = 40;
  int max_replications = 160; ///< per probe, when its verdict is too close to call
  /// The scenario probed at a multiplier (default: scaled_load of the scenario searched), e.g.
  /// the plan's peak scenario with its tiers sized for that load.
  std::function<Scenario(double)> scenario_at;
  /// The bracket's upper end (default: the analytic saturation bound of the scenario).
  std::optional<double> saturation_multiplier;
};

struct HeadroomProbe {
  double load_multiplier = 0.0;
  int replications = 0;
  bool met = false; ///< every SLO met (too close to call counts as not met)
  std::vector<SloVerdict> verdicts;
  StopReason stop_reason = StopReason::completed; ///< cut short: verdicts not judged
  std::string busiest_node; ///< the node with the highest utilization in this probe's run
  double busiest_utilization = 0.0;
};

struct HeadroomResult {
  double load_multiplier = 0.0;   ///< largest probed multiplier meeting every SLO (0: none)
  double broken_multiplier = 0.0; ///< smallest probed multiplier breaking one (or the bound)
  double analytic_saturation_multiplier = 0.0; ///< where the analytic bottleneck reaches 100%
  std::string bottleneck; ///< busiest node at load_multiplier (analytic if none met)
  double bottleneck_utilization = 0.0;
  std::optional<SloVerdict> first_broken; ///< the SLO furthest over its target at the break
  std::vector<HeadroomProbe> probes;      ///< in the order run
  /// completed, or why the last probe was cut short: the search then stopped before its
  /// bracket was narrow, so load_multiplier is a lower bound and broken_multiplier an upper one.
  StopReason stop_reason = StopReason::completed;
};

/// The scenario with its load multiplied: open arrival rate × m, or closed users × m
/// (rounded, at least 1).
Scenario scaled_load(const Scenario &scenario, double load_multiplier);

/// Requires at least one SLO (std::invalid_argument otherwise).
HeadroomResult find_headroom(const Scenario &scenario, const RunOptions &run_options,
                             const HeadroomOptions &options = {});

} // namespace capsim
