// The tables of an availability report (see availability_tables.hpp).
#include "reports/availability_tables.hpp"

#include "models/human_format.hpp"
#include "reports/availability_report.hpp"

#include <algorithm>

namespace capsim {
namespace {

using availability::AvailabilityStudy;
using availability::ClassFigures;
using availability::Group;
using availability::GroupFigures;
using availability::Redundancy;

std::string zones_of(const Scenario &scenario, const Group &group) {
  std::vector<std::string> names;
  for (const int zone : group.unit_zone) {
    if (zone < 0) {
      continue;
    }
    const std::string &name = scenario.availability.zones[static_cast<std::size_t>(zone)].name;
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  }
  std::string text;
  for (const std::string &name : names) {
    text += (text.empty() ? " in " : ", ") + name;
  }
  return text;
}

std::string redundancy_of(const Scenario &scenario, const Group &group) {
  if (group.redundancy == Redundancy::active_passive) {
    return "active-passive, RTO " + format_duration_s(group.rto_s) + zones_of(scenario, group);
  }
  std::string text = std::to_string(group.units) + (group.units == 1 ? " instance" : " instances");
  if (group.repair_crews < group.units) {
    text += ", " + std::to_string(group.repair_crews) + " repair crew" +
            (group.repair_crews == 1 ? "" : "s");
  }
  return text + zones_of(scenario, group);
}

std::string needed_of(const Group &group) {
  const int serving = group.redundancy == Redundancy::active_passive ? 1 : group.units;
  return group.needed_at_peak > serving
             ? "saturated even with all up"
             : std::to_string(group.needed_at_peak) + " of " + std::to_string(serving);
}

/// "meets 15.0 min" or "misses 5.00 min"; "-" without a target.
std::string against(double value_s, const std::optional<double> &target_s) {
  if (!target_s) {
    return "-";
  }
  return std::string(value_s <= *target_s ? "meets " : "misses ") + format_duration_s(*target_s);
}

AvailabilitySection classes_section(const AvailabilityStudy &study) {
  AvailabilitySection section{"Classes (availability: share of time served; with capacity: with "
                              "the instances the peak load needs)",
                              {"class", "availability (95% CI)", "analytic", "with capacity",
                               "downtime a month", "downtime a year", "P(month >= 99.9%)",
                               "P(month >= 99.95%)", "verdict"},
                              {}};
  for (std::size_t c = 0; c < study.simulated.classes.size(); ++c) {
    const ClassFigures &figures = study.simulated.classes[c];
    section.rows.push_back(
        {figures.name, availability_with_ci(figures.availability),
         format_availability(study.estimate.analytic.classes[c].availability),
         format_availability(figures.capacity_availability.estimate),
         format_duration_s(figures.downtime_s_per_month.estimate),
         format_duration_s(figures.downtime_s_per_year.estimate),
         format_percent(figures.months_meeting_999.estimate),
         format_percent(figures.months_meeting_9995.estimate),
         availability_verdict(figures.availability, study.estimate.model.target)});
  }
  return section;
}

AvailabilitySection outages_section(const AvailabilityStudy &study) {
  AvailabilitySection section{"Outages (every period a class was not served, pooled over the "
                              "replications)",
                              {"class", "a year", "mean", "p50", "p90", "p99", "longest"},
                              {}};
  for (const ClassFigures &figures : study.simulated.classes) {
    section.rows.push_back(
        {figures.name, format_significant(figures.outages_per_year.estimate),
         format_duration_s(figures.outages.mean_s), format_duration_s(figures.outages.p50_s),
         format_duration_s(figures.outages.p90_s), format_duration_s(figures.outages.p99_s),
         format_duration_s(figures.outages.max_s)});
  }
  return section;
}

AvailabilitySection budget_section(const AvailabilityStudy &study) {
  const double target = study.estimate.model.target;
  AvailabilitySection section{"Error budget (" + format_target(target) + " allows " +
                                  format_duration_s((1.0 - target) * kSecondsPerMonth) +
                                  " of downtime a month)",
                              {"class", "mean burn", "worst month", "months over budget"},
                              {}};
  for (const ClassFigures &figures : study.simulated.classes) {
    section.rows.push_back({figures.name, format_percent(figures.budget_burn.estimate),
                            format_percent(figures.worst_month_burn),
                            format_percent(1.0 - figures.months_meeting_target.estimate)});
  }
  return section;
}

AvailabilitySection requests_section(const AvailabilityStudy &study) {
  AvailabilitySection section{"Requests failed by failures (a year, at the mean load)",
                              {"class", "requests", "while unavailable", "in flight at a failure",
                               "before detection", "per million"},
                              {}};
  const auto count = [](double value) { return format_count(std::llround(value)); };
  for (const ClassFigures &figures : study.simulated.classes) {
    section.rows.push_back(
        {figures.name, count(figures.requests_per_year), count(figures.failed_unavailable_per_year),
         count(figures.failed_in_flight_per_year), count(figures.failed_detection_per_year),
         format_significant(figures.failed_per_million.estimate)});
  }
  return section;
}

AvailabilitySection components_section(const Scenario &scenario, const AvailabilityStudy &study) {
  AvailabilitySection section{"Components (the Markov model of each group, the simulation beside "
                              "it; zone outages included)",
                              {"component", "redundancy", "MTBF", "MTTR", "needed at the peak",
                               "analytic", "simulated", "failures a year",
                               "outages a year (analytic, no zones)"},
                              {}};
  for (std::size_t g = 0; g < study.estimate.model.groups.size(); ++g) {
    const Group &group = study.estimate.model.groups[g];
    const GroupFigures &figures = study.simulated.groups[g];
    section.rows.push_back(
        {group.name, redundancy_of(scenario, group),
         format_long_duration_s(group.process.time_to_failure.mean()),
         format_long_duration_s(group.process.time_to_repair.mean()), needed_of(group),
         format_availability(study.estimate.analytic.groups[g].availability),
         availability_with_ci(figures.availability), format_significant(figures.failures_per_year),
         format_significant(study.estimate.analytic.groups[g].outages_per_year)});
  }
  return section;
}

AvailabilitySection failover_section(const Scenario &scenario, const AvailabilityStudy &study) {
  AvailabilitySection section{"Failover (RTO: detection + switch-over; RPO: the asynchronous "
                              "replication lag lost at a failover)",
                              {"component", "RTO", "RTO target", "failovers a year",
                               "data lost p50 / p99 / max", "writes lost a year", "RPO target"},
                              {}};
  const AvailabilitySpec &spec = scenario.availability;
  for (std::size_t g = 0; g < study.estimate.model.groups.size(); ++g) {
    const Group &group = study.estimate.model.groups[g];
    if (group.redundancy != Redundancy::active_passive) {
      continue;
    }
    const GroupFigures &figures = study.simulated.groups[g];
    const bool async = group.replication_lag.has_value();
    section.rows.push_back({group.name, format_duration_s(group.rto_s),
                            against(group.rto_s, spec.rto_target_s),
                            format_significant(figures.failovers_per_year),
                            async ? format_duration_s(figures.data_loss_p50_s) + " / " +
                                        format_duration_s(figures.data_loss_p99_s) + " / " +
                                        format_duration_s(figures.data_loss_max_s)
                                  : "none (synchronous)",
                            async ? format_count(std::llround(figures.writes_lost_per_year)) : "0",
                            against(async ? figures.data_loss_p99_s : 0.0, spec.rpo_target_s)});
  }
  return section;
}

AvailabilitySection impacts_section(const AvailabilityStudy &study) {
  const std::string &worst = study.estimate.model.classes[study.estimate.worst_class].name;
  AvailabilitySection section{"What limits " + worst +
                                  " (each component made perfect in turn, "
                                  "analytic)",
                              {"component", worst + " if it never failed", "share of the downtime"},
                              {}};
  for (const availability::ComponentImpact &impact : study.estimate.impacts) {
    section.rows.push_back({impact.component, format_availability(impact.availability_if_perfect),
                            format_percent(impact.downtime_share)});
  }
  return section;
}

} // namespace

TextTable AvailabilitySection::table() const {
  TextTable table;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    table.column(headers[i], i == 0 ? TextTable::Align::left : TextTable::Align::right);
  }
  for (const std::vector<std::string> &row : rows) {
    table.row(row);
  }
  return table;
}

std::vector<AvailabilitySection> availability_sections(const Scenario &scenario,
                                                       const AvailabilityStudy &study) {
  std::vector<AvailabilitySection> sections{classes_section(study),
                                            outages_section(study),
                                            budget_section(study),
                                            requests_section(study),
                                            components_section(scenario, study),
                                            failover_section(scenario, study),
                                            impacts_section(study)};
  std::erase_if(sections, [](const AvailabilitySection &section) { return section.rows.empty(); });
  return sections;
}

} // namespace capsim
