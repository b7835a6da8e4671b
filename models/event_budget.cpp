// estimated_events_per_replication() (see event_budget.hpp).
#include "models/event_budget.hpp"

#include "models/analytic/network_estimate.hpp"
#include "models/analytic/traffic.hpp"

#include <stdexcept>

namespace capsim {

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
  return request_rate_per_s * scenario.run.duration_s * (1.0 + calls_per_request);
}

} // namespace capsim
