// estimated_events_per_replication() (see event_budget.hpp).
#include "models/event_budget.hpp"

#include "models/analytic/network_estimate.hpp"
#include "models/analytic/traffic.hpp"

#include <stdexcept>

namespace capsim {
namespace {

/// The events of the active profile's bursts that start within the run.
double burst_events(const Scenario &scenario, const analytic::VisitRatios &visits) {
  if (!scenario.active_profile) {
    return 0.0;
  }
  double events = 0.0;
  for (const BurstSpec &burst : scenario.profiles[*scenario.active_profile].bursts) {
    if (burst.at_s < scenario.run.duration_s) {
      const auto calls = visits.node_visits.col(static_cast<Eigen::Index>(burst.class_index)).sum();
      events += static_cast<double>(burst.jobs) * (1.0 + calls);
    }
  }
  return events;
}

} // namespace

double estimated_events_per_replication(const Scenario &scenario) {
  double request_rate_per_s = scenario.workload.arrival_rate_per_s;
  if (scenario.workload.kind == WorkloadKind::closed) {
    try {
      request_rate_per_s = analytic::estimate_network(scenario).request_rate_per_s;
    } catch (const std::domain_error &) { // no demand and no think time: nothing to estimate
      return 0.0;
    }
  }
  const analytic::VisitRatios visits = analytic::visit_ratios(scenario);
  const double calls_per_request = (visits.node_visits * visits.class_share).sum();
  return request_rate_per_s * scenario.run.duration_s * (1.0 + calls_per_request) +
         burst_events(scenario, visits);
}

} // namespace capsim
