// The JSON, terminal and Markdown views of an availability study (see availability_report.hpp).
#include "reports/availability_report.hpp"

#include "models/human_format.hpp"
#include "reports/availability_tables.hpp"
#include "reports/json_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace capsim {
namespace {

using availability::Advice;
using availability::AvailabilityEstimate;
using availability::AvailabilityStudy;
using availability::ClassFigures;
using availability::Group;
using availability::GroupFigures;
using availability::Redundancy;
using availability::SimulatedFigures;
using nlohmann::ordered_json;

std::string percent_with(double share, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f%%", decimals, 100.0 * share);
  return buffer;
}

// ---- The summary ---------------------------------------------------------------------------

std::string class_sentence(const AvailabilityEstimate &estimate, std::size_t c,
                           const SimulatedFigures *simulated) {
  const double analytic = estimate.analytic.classes[c].availability;
  std::string text = estimate.model.classes[c].name + ": " + format_availability(analytic);
  std::string verdict = analytic >= estimate.model.target ? "meets it" : "misses it";
  double downtime_s_per_year = (1.0 - analytic) * kSecondsPerYear;
  if (simulated != nullptr) {
    const ClassFigures &figures = simulated->classes[c];
    text += " (analytic; simulated " + availability_with_ci(figures.availability) + ")";
    verdict = availability_verdict(figures.availability, estimate.model.target);
    downtime_s_per_year = figures.downtime_s_per_year.estimate;
  }
  return text + ", " + verdict + ", with " + format_duration_s(downtime_s_per_year) +
         " of downtime a year.";
}

/// The figure the advice was judged by: the time served, or served with capacity.
const Estimate &measured(const ClassFigures &figures, availability::Measure measure) {
  return measure == availability::Measure::served ? figures.availability
                                                  : figures.capacity_availability;
}

/// The lowest class figure the simulation of a changed system found.
const Estimate &lowest_simulated(const SimulatedFigures &simulated, availability::Measure measure) {
  return measured(*std::min_element(simulated.classes.begin(), simulated.classes.end(),
                                    [&](const ClassFigures &a, const ClassFigures &b) {
                                      return measured(a, measure).estimate <
                                             measured(b, measure).estimate;
                                    }),
                  measure);
}

/// "To meet 99.9%: add ..., then ... (the worst class then at 99.95% analytic, ... simulated)."
std::string advice_sentence(const Advice &advice, availability::Measure measure,
                            const std::string &goal, const SimulatedFigures *confirmed) {
  if (advice.changes.empty()) {
    return advice.meets_target ? "" : goal + ": no single redundancy change helps. ";
  }
  std::string text = goal + ": ";
  for (std::size_t i = 0; i < advice.changes.size(); ++i) {
    text += (i == 0 ? "" : ", then ") + advice.changes[i];
  }
  const double worst =
      *std::min_element(advice.class_availability.begin(), advice.class_availability.end());
  text +=
      (advice.meets_target ? " (the worst class then at " : " (still short: the worst class at ") +
      format_availability(worst) + " analytic";
  if (confirmed != nullptr) {
    text += ", " + availability_with_ci(lowest_simulated(*confirmed, measure)) + " simulated";
  }
  return text + "). ";
}

std::string summary(const AvailabilityEstimate &estimate, const AvailabilityStudy *study) {
  const std::string target = format_target(estimate.model.target);
  std::string text = "Target " + target + " for every class. ";
  for (std::size_t c = 0; c < estimate.model.classes.size(); ++c) {
    text += class_sentence(estimate, c, study ? &study->simulated : nullptr) + " ";
  }
  if (!estimate.impacts.empty() && estimate.impacts.front().downtime_share > 0.0) {
    const availability::ComponentImpact &weakest = estimate.impacts.front();
    text += "Weakest component: " + weakest.component + ", behind " +
            format_percent(weakest.downtime_share) + " of " +
            estimate.model.classes[estimate.worst_class].name + "'s downtime. ";
  }
  const auto confirmed = [](const std::optional<SimulatedFigures> &figures) {
    return figures ? &*figures : nullptr;
  };
  text += advice_sentence(estimate.advice, availability::Measure::served, "To meet " + target,
                          study ? confirmed(study->advice_simulated) : nullptr);
  text += advice_sentence(estimate.capacity_advice, availability::Measure::with_capacity,
                          "To also have the capacity the peak needs " + target + " of the time",
                          study ? confirmed(study->capacity_advice_simulated) : nullptr);
  return text.substr(0, text.find_last_not_of(' ') + 1);
}

// ---- JSON ------------------------------------------------------------------------------------

ordered_json both_json(double analytic, const Estimate &simulated) {
  return {{"analytic", analytic}, {"simulated", estimate_to_json(simulated)}};
}

ordered_json class_json(const AvailabilityStudy &study, std::size_t c) {
  const ClassFigures &figures = study.simulated.classes[c];
  const availability::ClassAvailability &analytic = study.estimate.analytic.classes[c];
  const double budget_s = (1.0 - study.estimate.model.target) * kSecondsPerMonth;
  return {{"availability", both_json(analytic.availability, figures.availability)},
          {"capacity_availability",
           both_json(analytic.capacity_availability, figures.capacity_availability)},
          {"verdict", availability_verdict(figures.availability, study.estimate.model.target)},
          {"downtime_s_per_month", estimate_to_json(figures.downtime_s_per_month)},
          {"downtime_s_per_year", estimate_to_json(figures.downtime_s_per_year)},
          {"probability_month_meets",
           {{"99.9%", estimate_to_json(figures.months_meeting_999)},
            {"99.95%", estimate_to_json(figures.months_meeting_9995)},
            {"target", estimate_to_json(figures.months_meeting_target)}}},
          {"error_budget",
           {{"budget_s_per_month", budget_s},
            {"burn", estimate_to_json(figures.budget_burn)},
            {"worst_month_burn", figures.worst_month_burn},
            {"months_over_budget", 1.0 - figures.months_meeting_target.estimate}}},
          {"outages",
           {{"per_year", estimate_to_json(figures.outages_per_year)},
            {"count", figures.outages.count},
            {"mean_s", figures.outages.mean_s},
            {"p50_s", figures.outages.p50_s},
            {"p90_s", figures.outages.p90_s},
            {"p99_s", figures.outages.p99_s},
            {"max_s", figures.outages.max_s}}},
          {"requests",
           {{"per_year", figures.requests_per_year},
            {"failed_per_year",
             {{"while_unavailable", figures.failed_unavailable_per_year},
              {"in_flight", figures.failed_in_flight_per_year},
              {"before_detection", figures.failed_detection_per_year}}},
            {"failed_per_million", estimate_to_json(figures.failed_per_million)}}}};
}

ordered_json component_json(const Scenario &scenario, const AvailabilityStudy &study,
                            std::size_t g) {
  const Group &group = study.estimate.model.groups[g];
  const GroupFigures &figures = study.simulated.groups[g];
  const availability::GroupAvailability &analytic = study.estimate.analytic.groups[g];
  ordered_json zones = ordered_json::array();
  for (const int zone : group.unit_zone) {
    zones.push_back(zone >= 0 ? ordered_json(scenario.availability.zones[std::size_t(zone)].name)
                              : ordered_json(nullptr));
  }
  ordered_json json = {
      {"redundancy", group.redundancy == Redundancy::k_of_n ? "k_of_n" : "active_passive"},
      {"units", group.units},
      {"needed_at_peak", group.needed_at_peak},
      {"repair_crews", group.repair_crews},
      {"mtbf_s", group.process.time_to_failure.mean()},
      {"mttr_s", group.process.time_to_repair.mean()},
      {"unit_zones", zones},
      {"availability", both_json(analytic.availability, figures.availability)},
      {"capacity_availability",
       both_json(analytic.capacity_availability, figures.capacity_availability)},
      {"outages_per_year_analytic", analytic.outages_per_year},
      {"failures_per_year", figures.failures_per_year}};
  if (group.redundancy == Redundancy::active_passive) {
    json["rto_s"] = group.rto_s;
    json["failovers_per_year"] = {{"analytic", analytic.failovers_per_year},
                                  {"simulated", figures.failovers_per_year}};
    json["data_loss_s"] = {{"p50", figures.data_loss_p50_s},
                           {"p99", figures.data_loss_p99_s},
                           {"max", figures.data_loss_max_s}};
    json["writes_lost_per_year"] = figures.writes_lost_per_year;
  }
  return json;
}

ordered_json advice_json(const Scenario &scenario, const Advice &advice,
                         const std::optional<SimulatedFigures> &confirmed) {
  ordered_json classes = ordered_json::object();
  for (std::size_t c = 0; c < advice.class_availability.size(); ++c) {
    classes[scenario.workload.classes[c].name] = {
        {"analytic", advice.class_availability[c]},
        {"simulated",
         confirmed ? estimate_to_json(confirmed->classes[c].availability) : ordered_json(nullptr)}};
  }
  return {{"changes", advice.changes}, {"meets_target", advice.meets_target}, {"classes", classes}};
}

} // namespace

std::string format_target(double target) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.8g%%", 100.0 * target);
  return buffer;
}

std::string availability_with_ci(const Estimate &estimate) {
  const int decimals = availability_decimals(std::min(estimate.ci_low, estimate.estimate));
  return percent_with(estimate.estimate, decimals) + " [" +
         percent_with(estimate.ci_low, decimals) + ", " + percent_with(estimate.ci_high, decimals) +
         "]";
}

std::string availability_verdict(const Estimate &availability, double target) {
  if (availability.ci_low >= target) {
    return "meets it";
  }
  return availability.ci_high < target ? "misses it" : "too close to call";
}

std::string availability_summary(const AvailabilityEstimate &estimate) {
  return summary(estimate, nullptr);
}

std::string availability_summary(const AvailabilityStudy &study) {
  return summary(study.estimate, &study);
}

nlohmann::ordered_json availability_to_json(const Scenario &scenario,
                                            const AvailabilityStudy &study) {
  const availability::AvailabilityModel &model = study.estimate.model;
  ordered_json classes = ordered_json::object();
  for (std::size_t c = 0; c < model.classes.size(); ++c) {
    classes[model.classes[c].name] = class_json(study, c);
  }
  ordered_json components = ordered_json::object();
  for (std::size_t g = 0; g < model.groups.size(); ++g) {
    components[model.groups[g].name] = component_json(scenario, study, g);
  }
  ordered_json impacts = ordered_json::array();
  for (const availability::ComponentImpact &impact : study.estimate.impacts) {
    impacts.push_back({{"component", impact.component},
                       {"availability_if_perfect", impact.availability_if_perfect},
                       {"downtime_share", impact.downtime_share}});
  }
  const AvailabilitySpec &spec = scenario.availability;
  return {{"scenario", scenario.name},
          {"seed", scenario.seed},
          {"target", model.target},
          {"rto_target_s", spec.rto_target_s ? ordered_json(*spec.rto_target_s) : nullptr},
          {"rpo_target_s", spec.rpo_target_s ? ordered_json(*spec.rpo_target_s) : nullptr},
          {"replications", study.simulated.replications},
          {"duration_s", study.simulated.duration_s},
          {"peak_load_multiplier", model.peak_load_multiplier},
          {"summary", availability_summary(study)},
          {"classes", classes},
          {"components", components},
          {"weakest",
           {{"class", model.classes[study.estimate.worst_class].name}, {"components", impacts}}},
          {"advice", advice_json(scenario, study.estimate.advice, study.advice_simulated)},
          {"capacity_advice",
           advice_json(scenario, study.estimate.capacity_advice, study.capacity_advice_simulated)}};
}

std::string availability_report_text(const Scenario &scenario, const AvailabilityStudy &study) {
  std::string text = "Availability: " + scenario.name + " — failure simulation of " +
                     std::to_string(study.simulated.replications) + " x " +
                     format_significant(study.simulated.duration_s / kSecondsPerYear) +
                     " years (seed " + std::to_string(scenario.seed) + ")\n\n" +
                     availability_summary(study) + "\n";
  for (const AvailabilitySection &section : availability_sections(scenario, study)) {
    text += "\n" + section.title + "\n" + section.table().to_text();
  }
  return text;
}

std::string availability_report_markdown(const Scenario &scenario, const AvailabilityStudy &study) {
  std::string text = "# Availability: " + scenario.name + "\n\n" + availability_summary(study) +
                     "\n\nFailure simulation: " + std::to_string(study.simulated.replications) +
                     " replications of " +
                     format_significant(study.simulated.duration_s / kSecondsPerYear) +
                     " years, seed " + std::to_string(scenario.seed) + ".\n";
  for (const AvailabilitySection &section : availability_sections(scenario, study)) {
    text += "\n## " + section.title + "\n\n" + section.table().to_markdown();
  }
  return text;
}

} // namespace capsim
