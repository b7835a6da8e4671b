#pragma once
// Automatic sizing (what-if): the cheapest configuration of a decision space (instance counts
// and types, replicas, cache sizes, workers) that meets every SLO at today's load × the
// required headroom. The analytic layer prices and prunes every candidate (one whose
// analytic saturation multiplier is below the headroom cannot pass); the DES then confirms
// candidates from the cheapest up — replications doubling while a verdict is too close to
// call — until one meets every SLO, and simulates the next passing ones as runners-up. A check
// cut short by the run limits (--max-events, --timeout, Ctrl-C) ends the simulations: that
// candidate and the dearer ones are not judged (the analytic pruning still applies).
#include "models/run_scenario.hpp"
#include "models/scenario_overrides.hpp"
#include "models/size_space.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace capsim {

enum class CandidateStatus { chosen, runner_up, slo_broken, too_little_headroom, not_simulated };

struct SizeCandidate {
  std::vector<std::string> labels; ///< the choice of each decision
  double cost = 0.0;               ///< USD a month at month 0; unpriced: worker slots in all
  bool priced = false;             ///< cost is in USD
  double saturation_load_multiplier = 0.0; ///< analytic, × today's load
  CandidateStatus status = CandidateStatus::not_simulated;
  std::string reason; ///< why it was rejected, or what it achieved
};

struct SizeOptions {
  RunOptions run;
  int max_replications = 160; ///< per candidate, while a verdict is too close to call
};

struct SizeResult {
  std::vector<SizeCandidate> candidates;          ///< cheapest first (ties in grid order)
  std::optional<std::size_t> chosen;              ///< index into candidates
  StopReason stop_reason = StopReason::completed; ///< or why a check was cut short
};

/// Every combination of the space's choices (the last decision varying fastest), applied after
/// `base`, each loaded (and so validated) like the file. Throws std::invalid_argument when the
/// scenario has no SLOs and ScenarioError when a candidate is not a valid scenario.
SizeResult find_size(const std::filesystem::path &scenario_path,
                     const std::vector<ScenarioOverride> &base, const SizeSpace &space,
                     const SizeOptions &options);

const char *candidate_status_name(CandidateStatus status);

} // namespace capsim
