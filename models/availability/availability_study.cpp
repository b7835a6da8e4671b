// The availability study (see availability_study.hpp).
#include "models/availability/availability_study.hpp"

#include "models/human_format.hpp"
#include "models/scenario_error.hpp"
#include "sim/replication_runner.hpp"

#include <algorithm>
#include <functional>

namespace capsim::availability {
namespace {

constexpr double kMaxEventsPerReplication = 2e9;

/// Failures and repairs of every unit, zone and region over the run: two events per cycle.
double estimated_events(const AvailabilityModel &model, double duration_s) {
  double events = 0.0;
  const auto cycles = [&](const FailureProcess &process) {
    return 2.0 * duration_s / (process.time_to_failure.mean() + process.time_to_repair.mean());
  };
  for (const Group &group : model.groups) {
    events += group.units * cycles(group.process);
  }
  for (const ZoneSpec &zone : model.zones) {
    events += zone.process ? cycles(*zone.process) : 0.0;
  }
  for (const RegionSpec &region : model.regions) {
    events += cycles(region.process);
  }
  return events;
}

void check_event_count(const Scenario &scenario, const AvailabilityModel &model) {
  const std::string file = scenario.source_file.string();
  const double events = estimated_events(model, scenario.availability.duration_s);
  if (events > kMaxEventsPerReplication) {
    throw ScenarioError(file, "/availability/duration",
                        "expected a failure simulation of at most 2 billion events per "
                        "replication, found an estimated " +
                            format_significant(events / 1e9) +
                            " billion (failures and repairs); shorten the duration (--duration)");
  }
}

std::size_t worst_class(const AnalyticAvailability &analytic) {
  const auto lowest = std::min_element(analytic.classes.begin(), analytic.classes.end(),
                                       [](const ClassAvailability &a, const ClassAvailability &b) {
                                         return a.availability < b.availability;
                                       });
  return static_cast<std::size_t>(lowest - analytic.classes.begin());
}

} // namespace

SimulatedFigures simulate_availability(const AvailabilityModel &model, const Scenario &scenario,
                                       int threads) {
  const std::function<ReplicationTrace(int)> replicate = [&](int replication) {
    return simulate_failures(model, scenario.seed, static_cast<std::uint64_t>(replication),
                             scenario.availability.duration_s);
  };
  return summarize(model, run_replications(scenario.availability.replications, threads, replicate));
}

namespace {

/// The changed system simulated, when the advice changed anything.
std::optional<SimulatedFigures> simulate_changes(const Advice &advice, int threads) {
  if (advice.changes.empty()) {
    return std::nullopt;
  }
  return simulate_availability(build_availability_model(advice.changed), advice.changed, threads);
}

} // namespace

AvailabilityEstimate estimate_availability(const Scenario &scenario) {
  if (!scenario.has_reliability()) {
    throw ScenarioError(scenario.source_file.string(), "/nodes",
                        "expected a node with a \"reliability\" (how its instances fail and are "
                        "repaired), found none");
  }
  AvailabilityEstimate estimate;
  estimate.model = build_availability_model(scenario);
  estimate.analytic = analyze_availability(estimate.model);
  estimate.worst_class = worst_class(estimate.analytic);
  estimate.impacts = component_impacts(scenario, estimate.worst_class);
  estimate.advice = advise_redundancy(scenario, Measure::served);
  estimate.capacity_advice = advise_redundancy(scenario, Measure::with_capacity);
  return estimate;
}

AvailabilityStudy study_availability(const Scenario &scenario, int threads) {
  AvailabilityStudy study;
  study.estimate = estimate_availability(scenario);
  check_event_count(scenario, study.estimate.model);
  study.simulated = simulate_availability(study.estimate.model, scenario, threads);
  study.advice_simulated = simulate_changes(study.estimate.advice, threads);
  study.capacity_advice_simulated = simulate_changes(study.estimate.capacity_advice, threads);
  return study;
}

} // namespace capsim::availability
