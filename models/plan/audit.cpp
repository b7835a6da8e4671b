// Checking the spec's claims against a plan (see audit.hpp). Latency claims use the month's
// simulated peak (median growth) and the SLO rule of a 95% interval wholly within or beyond
// the target; capacity, headroom and utilization claims use the analytic sizing of each
// month's peak; cost claims use the median bill, with the P10–P90 band as evidence.
#include "models/plan/audit.hpp"

#include "models/human_format.hpp"
#include "models/slo.hpp"

#include <algorithm>

namespace capsim::plan {
namespace {

std::string multiplier(double value) {
  return "x" + format_significant(value);
}

SloSpec slo_of(const Scenario &scenario, const ClaimSpec &claim) {
  SloSpec slo;
  slo.class_index = claim.class_index;
  slo.class_name = scenario.workload.classes[claim.class_index].name;
  slo.percentile = claim.percentile;
  slo.target_s = claim.limit;
  return slo;
}

/// The claim's latency at a month's peak, or nothing if that month was not simulated.
std::optional<SloVerdict> latency_at(const Scenario &scenario, const ClaimSpec &claim,
                                     const MonthPlan &month) {
  if (!month.peak) {
    return std::nullopt;
  }
  return evaluate_slos({slo_of(scenario, claim)}, month.peak->result).front();
}

/// The first month whose peak breaks the latency claim (saturated months break it).
std::optional<int> first_latency_break(const Scenario &scenario, const ClaimSpec &claim,
                                       const PlanResult &plan) {
  for (const MonthPlan &month : plan.months) {
    const auto verdict = latency_at(scenario, claim, month);
    if (month.saturated || (verdict && verdict->status == SloStatus::broken)) {
      return month.month;
    }
  }
  return std::nullopt;
}

void check_slo(const Scenario &scenario, const PlanResult &plan, ClaimVerdict &verdict) {
  const ClaimSpec &claim = verdict.claim;
  const MonthPlan &month = plan.months[static_cast<std::size_t>(claim.month)];
  verdict.failing_month = first_latency_break(scenario, claim, plan);
  const std::string figure = slo_figure_name(slo_of(scenario, claim));
  if (month.saturated) {
    verdict.status = ClaimStatus::fails;
    verdict.evidence = month.bottleneck + " saturates at " + month.label + "'s peak";
    return;
  }
  const auto latency = latency_at(scenario, claim, month);
  if (!latency) {
    verdict.evidence = peak_cut_short(plan, claim.month)
                           ? std::string("latency not simulated: the simulation stopped early (") +
                                 stop_reason_name(plan.stop_reason) + ") at " +
                                 plan.months[std::size_t(*plan.simulation_stopped_at)].label +
                                 "'s peak"
                           : "latency not simulated (a --fast plan)";
    return;
  }
  verdict.status = latency->status == SloStatus::met      ? ClaimStatus::holds
                   : latency->status == SloStatus::broken ? ClaimStatus::fails
                                                          : ClaimStatus::too_close;
  verdict.evidence = figure + " " + format_duration_s(latency->value_s.estimate) + " (95% CI " +
                     format_duration_s(latency->value_s.ci_low) + "–" +
                     format_duration_s(latency->value_s.ci_high) + ") at " + month.label +
                     "'s peak of " + format_rate_per_s(month.peak_request_rate_per_s);
  if (verdict.failing_month) {
    verdict.evidence +=
        "; breaks from " + plan.months[static_cast<std::size_t>(*verdict.failing_month)].label;
  }
}

void check_max_instances(const Scenario &scenario, const PlanResult &plan, ClaimVerdict &verdict) {
  const ClaimSpec &claim = verdict.claim;
  const auto node = static_cast<std::size_t>(claim.node);
  const int max = scenario.nodes[node].autoscaling->max_instances;
  double needed = 0.0;
  for (const MonthPlan &month : plan.months) {
    if (month.month > claim.month) {
      break;
    }
    if (month.nodes[node].over_target || month.nodes[node].saturated) {
      verdict.status = ClaimStatus::fails;
      verdict.failing_month = month.month;
      verdict.evidence = scenario.nodes[node].name + " needs more than its " + std::to_string(max) +
                         " instances at the peak from " + month.label;
      return;
    }
    needed = std::max(needed, month.nodes[node].peak_instances.p50);
  }
  verdict.status = ClaimStatus::holds;
  verdict.evidence = "at most " + format_count(std::llround(needed)) + " of " +
                     std::to_string(max) + " instances at the peak through " +
                     plan.months[static_cast<std::size_t>(claim.month)].label;
}

void check_cost(const PlanResult &plan, ClaimVerdict &verdict) {
  const MonthPlan &month = plan.months[static_cast<std::size_t>(verdict.claim.month)];
  if (!plan.priced) {
    verdict.evidence = "the scenario has no prices";
    return;
  }
  verdict.status =
      month.cost_usd.p50 <= verdict.claim.limit ? ClaimStatus::holds : ClaimStatus::fails;
  verdict.evidence = format_usd(month.cost_usd.p50) + " a month in " + month.label + " (P10–P90 " +
                     format_usd(month.cost_usd.p10) + "–" + format_usd(month.cost_usd.p90) + ")";
}

void check_cost_per_request(const Scenario &scenario, const PlanResult &plan,
                            ClaimVerdict &verdict) {
  const ClaimSpec &claim = verdict.claim;
  const MonthPlan &month = plan.months[static_cast<std::size_t>(claim.month)];
  if (!plan.priced) {
    verdict.evidence = "the scenario has no prices";
    return;
  }
  const double usd = month.cost_per_request_usd[claim.class_index];
  verdict.status = usd <= claim.limit ? ClaimStatus::holds : ClaimStatus::fails;
  verdict.evidence = format_usd(usd) + " per " + scenario.workload.classes[claim.class_index].name +
                     " request in " + month.label + " (its share of the nodes' costs)";
}

void check_headroom(const PlanResult &plan, ClaimVerdict &verdict) {
  const ClaimSpec &claim = verdict.claim;
  for (const MonthPlan &month : plan.months) {
    if (month.month > claim.month) {
      break;
    }
    if (month.headroom < claim.limit) {
      verdict.status = ClaimStatus::fails;
      verdict.failing_month = month.month;
      verdict.evidence = "headroom " + multiplier(month.headroom) + " at " + month.label +
                         "'s peak (" + month.bottleneck + " saturates first)";
      return;
    }
  }
  const MonthPlan &last = plan.months[static_cast<std::size_t>(claim.month)];
  verdict.status = ClaimStatus::holds;
  verdict.evidence = "headroom " + multiplier(last.headroom) + " at " + last.label + "'s peak";
}

/// A ceiling on one of a node's analytic figures at a month's peak (utilization, memory share),
/// with the first month it is exceeded.
void check_node_ceiling(const Scenario &scenario, const PlanResult &plan, ClaimVerdict &verdict,
                        double (*figure)(const NodeMonth &), const std::string &what) {
  const ClaimSpec &claim = verdict.claim;
  const auto node = static_cast<std::size_t>(claim.node);
  const MonthPlan &month = plan.months[static_cast<std::size_t>(claim.month)];
  const double value = figure(month.nodes[node]);
  verdict.status = value <= claim.limit ? ClaimStatus::holds : ClaimStatus::fails;
  verdict.evidence = scenario.nodes[node].name + " at " + format_percent(value) + what + " at " +
                     month.label + "'s peak (analytic)";
  for (const MonthPlan &later : plan.months) {
    if (figure(later.nodes[node]) > claim.limit) {
      verdict.failing_month = later.month;
      verdict.evidence += "; above " + format_percent(claim.limit) + " from " + later.label;
      break;
    }
  }
}

/// The analytic availability of the claim's class (or of the worst class) in today's
/// configuration, with the downtime it means and the component behind most of it.
void check_availability(const Scenario &scenario, const PlanResult &plan, ClaimVerdict &verdict) {
  const availability::AvailabilityEstimate &estimate = *plan.availability;
  const std::size_t c =
      verdict.claim.every_class ? estimate.worst_class : verdict.claim.class_index;
  const availability::ClassAvailability &figures = estimate.analytic.classes[c];
  verdict.status =
      figures.availability >= verdict.claim.limit ? ClaimStatus::holds : ClaimStatus::fails;
  verdict.evidence = scenario.workload.classes[c].name + " served " +
                     format_availability(figures.availability) + " of the time (" +
                     format_duration_s((1.0 - figures.availability) * kSecondsPerMonth) +
                     " down a month; " + format_availability(figures.capacity_availability) +
                     " with the peak's capacity), Markov estimate";
  if (!estimate.impacts.empty() && c == estimate.worst_class) {
    const availability::ComponentImpact &weakest = estimate.impacts.front();
    verdict.evidence += "; " + weakest.component + " causes " +
                        format_percent(weakest.downtime_share) + " of the downtime";
  }
}

} // namespace

std::vector<ClaimVerdict> audit_claims(const Scenario &scenario, const PlanResult &plan) {
  std::vector<ClaimVerdict> verdicts;
  for (const ClaimSpec &claim : scenario.claims) {
    ClaimVerdict verdict{claim, ClaimStatus::not_checked, "", std::nullopt};
    switch (claim.kind) {
    case ClaimKind::slo:
      check_slo(scenario, plan, verdict);
      break;
    case ClaimKind::max_instances:
      check_max_instances(scenario, plan, verdict);
      break;
    case ClaimKind::cost:
      check_cost(plan, verdict);
      break;
    case ClaimKind::cost_per_request:
      check_cost_per_request(scenario, plan, verdict);
      break;
    case ClaimKind::headroom:
      check_headroom(plan, verdict);
      break;
    case ClaimKind::utilization:
      check_node_ceiling(
          scenario, plan, verdict, [](const NodeMonth &n) { return n.peak_utilization; }, "");
      break;
    case ClaimKind::memory:
      check_node_ceiling(
          scenario, plan, verdict, [](const NodeMonth &n) { return n.peak_memory_share; },
          " of its memory limit");
      break;
    case ClaimKind::availability:
      check_availability(scenario, plan, verdict);
      break;
    }
    verdicts.push_back(std::move(verdict));
  }
  return verdicts;
}

const char *claim_status_name(ClaimStatus status) {
  switch (status) {
  case ClaimStatus::holds:
    return "holds";
  case ClaimStatus::fails:
    return "fails";
  case ClaimStatus::too_close:
    return "too close to call";
  case ClaimStatus::not_checked:
    return "not checked";
  }
  return "?";
}

} // namespace capsim::plan
