// Automatic sizing (see size.hpp).
#include "models/size.hpp"

#include "models/analytic/network_estimate.hpp"
#include "models/headroom.hpp"
#include "models/human_format.hpp"
#include "models/plan/planner.hpp"
#include "models/scenario_loader.hpp"
#include "models/slo.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace capsim {
namespace {

constexpr std::size_t kMaxCandidates = 10'000;

/// Every combination of choices, as one choice index per decision (last decision fastest).
std::vector<std::vector<std::size_t>> combinations(const SizeSpace &space) {
  std::vector<std::vector<std::size_t>> grid{{}};
  for (const SizeDecision &decision : space.decisions) {
    std::vector<std::vector<std::size_t>> extended;
    for (const auto &combination : grid) {
      for (std::size_t c = 0; c < decision.choices.size(); ++c) {
        extended.push_back(combination);
        extended.back().push_back(c);
      }
    }
    grid = std::move(extended);
    if (grid.size() > kMaxCandidates) {
      throw ScenarioError("command line", "size",
                          "expected a decision space of at most " + std::to_string(kMaxCandidates) +
                              " candidates, found more");
    }
  }
  return grid;
}

/// Month 0's bill when priced; otherwise the worker slots bought (instances, at their
/// maximum when autoscaled, × concurrency), the capacity a bill would charge for.
std::pair<double, bool> cost_of(const Scenario &scenario) {
  if (scenario.pricing) {
    return {plan::first_month_cost_usd(scenario), true};
  }
  double slots = 0.0;
  for (const NodeSpec &node : scenario.nodes) {
    if (node.kind != NodeKind::connection_pool && !node.unlimited()) {
      const int instances = node.autoscaling ? node.autoscaling->max_instances : node.instances;
      slots += double(instances) * node.concurrency;
    }
  }
  return {slots, false};
}

double saturation_of(const Scenario &scenario) {
  try {
    return analytic::estimate_network(scenario).bottleneck.saturation_load_multiplier;
  } catch (const std::domain_error &) {
    return 0.0;
  }
}

/// The first SLO not met, in words.
std::string slo_problem(const SloCheck &check) {
  for (const SloVerdict &verdict : check.verdicts) {
    if (verdict.status != SloStatus::met) {
      return slo_figure_name(verdict.spec) + " of " + verdict.spec.class_name + " " +
             format_duration_s(verdict.value_s.estimate) + " vs " +
             format_duration_s(verdict.spec.target_s) + " (" + slo_status_name(verdict.status) +
             ", " + std::to_string(check.replications) + " replications)";
    }
  }
  return "";
}

class SizeSearch {
public:
  SizeSearch(const std::filesystem::path &path, const std::vector<ScenarioOverride> &base,
             const SizeSpace &space, const SizeOptions &options)
      : path_(path), base_(base), space_(space), options_(options) {}

  SizeResult search() {
    for (const auto &combination : combinations(space_)) {
      add_candidate(combination);
    }
    std::vector<std::size_t> order(candidates_.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return candidates_[a].cost < candidates_[b].cost;
    });
    for (const std::size_t i : order) {
      judge(i);
    }
    SizeResult result;
    result.stop_reason = stop_reason_;
    for (const std::size_t i : order) {
      if (chosen_ == i) {
        result.chosen = result.candidates.size();
      }
      result.candidates.push_back(std::move(candidates_[i]));
    }
    return result;
  }

private:
  void add_candidate(const std::vector<std::size_t> &combination) {
    std::vector<ScenarioOverride> overrides = base_;
    SizeCandidate candidate;
    for (std::size_t d = 0; d < combination.size(); ++d) {
      const SizeChoice &choice = space_.decisions[d].choices[combination[d]];
      candidate.labels.push_back(choice.label);
      for (const SizeSetting &setting : choice.settings) {
        overrides.push_back(parse_override(setting.path + "=" + setting.value.dump()));
      }
    }
    scenarios_.push_back(load_scenario(path_, overrides));
    if (scenarios_.back().slos.empty()) {
      throw std::invalid_argument("sizing needs SLOs to meet");
    }
    std::tie(candidate.cost, candidate.priced) = cost_of(scenarios_.back());
    candidate.saturation_load_multiplier = saturation_of(scenarios_.back());
    candidates_.push_back(std::move(candidate));
  }

  /// Candidates are judged cheapest first: pruned by the analytic bound, else simulated
  /// until the chosen one and its runners-up are found.
  void judge(std::size_t i) {
    SizeCandidate &candidate = candidates_[i];
    if (candidate.saturation_load_multiplier <= space_.headroom) {
      candidate.status = CandidateStatus::too_little_headroom;
      candidate.reason = "the analytic twin saturates at x" +
                         format_significant(candidate.saturation_load_multiplier) +
                         " today's load, not above the x" + format_significant(space_.headroom) +
                         " required";
      return;
    }
    if (chosen_ && runners_up_ >= space_.runners_up) {
      candidate.reason = "not simulated: a cheaper candidate meets every SLO";
      return;
    }
    if (stop_reason_ != StopReason::completed) {
      candidate.reason = "not judged: the search stopped early";
      return;
    }
    const SloCheck check = check_slos(scaled_load(scenarios_[i], space_.headroom), options_.run,
                                      options_.max_replications);
    if (check.run.stop_reason != StopReason::completed) {
      stop_reason_ = check.run.stop_reason;
      candidate.reason =
          std::string("not judged: its run was cut short (") + stop_reason_name(stop_reason_) + ")";
      return;
    }
    if (!check.all_met) {
      candidate.status = CandidateStatus::slo_broken;
      candidate.reason = slo_problem(check);
      return;
    }
    candidate.reason = "every SLO met at x" + format_significant(space_.headroom) + " today's load";
    if (!chosen_) {
      candidate.status = CandidateStatus::chosen;
      chosen_ = i;
    } else {
      candidate.status = CandidateStatus::runner_up;
      ++runners_up_;
    }
  }

  const std::filesystem::path &path_;
  const std::vector<ScenarioOverride> &base_;
  const SizeSpace &space_;
  const SizeOptions &options_;
  std::vector<Scenario> scenarios_;
  std::vector<SizeCandidate> candidates_;
  std::optional<std::size_t> chosen_;
  int runners_up_ = 0;
  StopReason stop_reason_ = StopReason::completed;
};

} // namespace

SizeResult find_size(const std::filesystem::path &scenario_path,
                     const std::vector<ScenarioOverride> &base, const SizeSpace &space,
                     const SizeOptions &options) {
  return SizeSearch(scenario_path, base, space, options).search();
}

const char *candidate_status_name(CandidateStatus status) {
  switch (status) {
  case CandidateStatus::chosen:
    return "chosen";
  case CandidateStatus::runner_up:
    return "runner-up";
  case CandidateStatus::slo_broken:
    return "rejected: SLO";
  case CandidateStatus::too_little_headroom:
    return "rejected: headroom";
  case CandidateStatus::not_simulated:
    return "not simulated";
  }
  return "?";
}

} // namespace capsim
