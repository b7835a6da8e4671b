#pragma once
// SLO verdicts from a run: each objective's simulated value with its 95% CI against the
// target. Met when the whole interval is at or below the target, broken when it is wholly
// above, and too close to call otherwise (more replications would decide it).
#include "models/run_result.hpp"
#include "models/run_scenario.hpp"
#include "models/scenario.hpp"

#include <string>
#include <vector>

namespace capsim {

/// "p95" or "mean".
std::string slo_figure_name(const SloSpec &spec);
const char *slo_status_name(SloStatus status);

std::vector<SloVerdict> evaluate_slos(const std::vector<SloSpec> &slos, const RunResult &result);

/// A run whose SLO verdicts are decided: while one is too close to call, the replications
/// double, up to `max_replications`; still undecided, it stays too close (not met). A run cut
/// short by the limits ends the check with every verdict not judged (check.run.stop_reason).
struct SloCheck {
  RunResult run;
  std::vector<SloVerdict> verdicts;
  int replications = 0;
  bool all_met = false; ///< every SLO met
};

SloCheck check_slos(Scenario scenario, const RunOptions &run_options, int max_replications);

} // namespace capsim
