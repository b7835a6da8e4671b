#pragma once
// SLO verdicts from a run: each objective's simulated value with its 95% CI against the
// target. Met when the whole interval is at or below the target, broken when it is wholly
// above, and too close to call otherwise (more replications would decide it).
#include "models/run_result.hpp"
#include "models/scenario.hpp"

#include <string>
#include <vector>

namespace capsim {

/// "p95" or "mean".
std::string slo_figure_name(const SloSpec &spec);
const char *slo_status_name(SloStatus status);

std::vector<SloVerdict> evaluate_slos(const std::vector<SloSpec> &slos, const RunResult &result);

} // namespace capsim
