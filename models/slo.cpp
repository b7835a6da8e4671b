// evaluate_slos() (see slo.hpp).
#include "models/slo.hpp"

#include <algorithm>

namespace capsim {

std::string slo_figure_name(const SloSpec &spec) {
  return spec.percentile < 0
             ? "mean"
             : kReportedPercentiles[static_cast<std::size_t>(spec.percentile)].label;
}

const char *slo_status_name(SloStatus status) {
  switch (status) {
  case SloStatus::met:
    return "met";
  case SloStatus::broken:
    return "broken";
  case SloStatus::too_close:
    return "too close to call";
  case SloStatus::not_judged:
    return "not judged";
  }
  return "?";
}

std::vector<SloVerdict> evaluate_slos(const std::vector<SloSpec> &slos, const RunResult &result) {
  std::vector<SloVerdict> verdicts;
  for (const SloSpec &spec : slos) {
    const ClassSummary &summary = result.classes[spec.class_index];
    SloVerdict verdict;
    verdict.spec = spec;
    verdict.value_s = spec.percentile < 0
                          ? summary.latency_mean_s
                          : summary.latency_percentile_s[static_cast<std::size_t>(spec.percentile)];
    verdict.saturated = summary.saturated;
    if (result.stop_reason != StopReason::completed) {
      verdict.status = SloStatus::not_judged;
    } else if (verdict.saturated || verdict.value_s.ci_low > spec.target_s) {
      verdict.status = SloStatus::broken;
    } else if (verdict.value_s.ci_high <= spec.target_s) {
      verdict.status = SloStatus::met;
    }
    verdicts.push_back(verdict);
  }
  return verdicts;
}

SloCheck check_slos(Scenario scenario, const RunOptions &run_options, int max_replications) {
  SloCheck check;
  auto too_close = [](const SloVerdict &v) { return v.status == SloStatus::too_close; };
  for (;;) {
    check.run = run_scenario(scenario, run_options);
    check.verdicts = evaluate_slos(scenario.slos, check.run);
    check.replications = scenario.run.replications;
    if (std::none_of(check.verdicts.begin(), check.verdicts.end(), too_close) ||
        2 * scenario.run.replications > max_replications) {
      break;
    }
    scenario.run.replications *= 2;
  }
  check.all_met = std::all_of(check.verdicts.begin(), check.verdicts.end(),
                              [](const SloVerdict &v) { return v.status == SloStatus::met; });
  return check;
}

} // namespace capsim
