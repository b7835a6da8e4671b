#pragma once
// The audit: each of the specification's claims (scenario "claims") checked against a plan,
// with the evidence — the simulated figure and its interval at the month's peak, the month a
// tier outgrows its maximum, the bill with its P10–P90 band, the headroom by month.
#include "models/plan/planner.hpp"

#include <optional>
#include <string>
#include <vector>

namespace capsim::plan {

/// holds / fails from the evidence; too_close when a simulated interval straddles the limit;
/// not_checked when the plan lacks the figure (a --fast plan has no simulated latencies).
enum class ClaimStatus { holds, fails, too_close, not_checked };

struct ClaimVerdict {
  ClaimSpec claim;
  ClaimStatus status = ClaimStatus::not_checked;
  std::string evidence;             ///< in words, with units
  std::optional<int> failing_month; ///< the first month it fails, where months are scanned
};

std::vector<ClaimVerdict> audit_claims(const Scenario &scenario, const PlanResult &plan);

const char *claim_status_name(ClaimStatus status);

} // namespace capsim::plan
