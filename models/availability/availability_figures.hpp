#pragma once
// What the failure simulation's replications say, per class and per group: availability with
// its 95% interval across replications (Student t), downtime per month and per year, the share
// of 730-hour months meeting 99.9%, 99.95% and the target, error-budget burn, outage counts and
// lengths, and the requests failures cost; per group its failures, switch-overs and data loss.
#include "models/availability/failure_simulation.hpp"
#include "sim/confidence_interval.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace capsim::availability {

/// Outages pooled over the replications.
struct OutageLengths {
  std::int64_t count = 0;
  double mean_s = 0.0;
  double p50_s = 0.0;
  double p90_s = 0.0;
  double p99_s = 0.0;
  double max_s = 0.0;
};

struct ClassFigures {
  std::string name;
  Estimate availability;
  Estimate capacity_availability;
  Estimate downtime_s_per_month;
  Estimate downtime_s_per_year;
  Estimate outages_per_year;
  Estimate months_meeting_999;    ///< share of months at 99.9% or better
  Estimate months_meeting_9995;   ///< ... 99.95%
  Estimate months_meeting_target; ///< ... the scenario's target
  Estimate budget_burn;           ///< a month's downtime / its error budget, on average
  double worst_month_burn = 0.0;
  OutageLengths outages;
  double requests_per_year = 0.0;
  double failed_unavailable_per_year = 0.0; ///< arrivals while not served
  double failed_in_flight_per_year = 0.0;   ///< in progress at failed units
  double failed_detection_per_year = 0.0;   ///< sent to failed instances before detection
  Estimate failed_per_million;              ///< all three, per million requests
};

struct GroupFigures {
  std::string name;
  Estimate availability; ///< serving
  Estimate capacity_availability;
  double failures_per_year = 0.0;
  double failovers_per_year = 0.0;
  std::int64_t failovers = 0;   ///< over all replications
  double data_loss_p50_s = 0.0; ///< async standby: the lag lost at a failover
  double data_loss_p99_s = 0.0;
  double data_loss_max_s = 0.0;
  double writes_lost_per_year = 0.0;
};

struct SimulatedFigures {
  int replications = 0;
  double duration_s = 0.0;
  std::vector<ClassFigures> classes; ///< in model order
  std::vector<GroupFigures> groups;  ///< in model order
};

/// `traces` are the replications in order.
SimulatedFigures summarize(const AvailabilityModel &model,
                           const std::vector<ReplicationTrace> &traces);

/// The nearest-rank p-quantile of `values` (0 for none).
double nearest_rank(std::vector<double> values, double p);

} // namespace capsim::availability
