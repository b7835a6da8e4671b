#pragma once
// A long discrete-event simulation of failures and repairs at component level — no requests, so
// years of simulated time take milliseconds. Every unit alternates between times to failure and
// repairs drawn from its distributions (waiting for a free repair crew), zones and regions fail
// and come back taking their units with them, standbys take over after their RTO. Per class it
// measures the time served and with the capacity the peak needs, every outage, the downtime of
// each 730-hour month, and the requests failures cost: those in flight at a failed unit and
// those sent to it before detection, from the model's loads (Little's law at the analytic twin).
#include "models/availability/availability_model.hpp"

#include <cstdint>
#include <vector>

namespace capsim::availability {

struct ClassTrace {
  double served_s = 0.0;
  double capacity_s = 0.0;
  std::vector<double> outage_s;         ///< each outage's length; one open at the end is cut there
  std::vector<double> month_downtime_s; ///< per whole month of the run
  double failed_in_flight = 0.0;        ///< expected requests lost in progress at failed units
  double failed_detection = 0.0;        ///< ... sent to failed instances before detection
};

struct GroupTrace {
  std::int64_t failures = 0;  ///< unit failures
  std::int64_t failovers = 0; ///< switch-overs to a standby
  double down_s = 0.0;        ///< not serving
  double below_capacity_s = 0.0;
  std::vector<double> data_loss_s; ///< per failover with async replication: the lag lost
};

struct ReplicationTrace {
  double duration_s = 0.0;
  std::vector<ClassTrace> classes; ///< in model order
  std::vector<GroupTrace> groups;  ///< in model order
};

/// Replication `replication` of the model over [0, duration_s], every unit, zone and region
/// starting in its long-run state (down with probability MTTR / (MTBF + MTTR)). Its random
/// streams come from (seed, replication) and each unit's own index, so results do not depend
/// on threads.
ReplicationTrace simulate_failures(const AvailabilityModel &model, std::uint64_t seed,
                                   std::uint64_t replication, double duration_s);

} // namespace capsim::availability
