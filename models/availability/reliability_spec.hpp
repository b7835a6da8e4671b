#pragma once
// How a scenario's components fail and come back (the `reliability` of a node and the
// top-level `availability` section): alternating up and repair times per instance, zones and
// regions whose outages take down everything placed in them, and passive standbys that take
// over after a detection and switch-over time. Plain structs; times are seconds.
#include "sim/distribution.hpp"

#include <optional>
#include <string>
#include <vector>

namespace capsim {

/// A unit's alternating renewal process: up for a time to failure, then down for a repair.
struct FailureProcess {
  Distribution time_to_failure = Distribution::exponential(1.0);
  Distribution time_to_repair = Distribution::exponential(1.0);

  /// Long-run share of time up: E[TTF] / (E[TTF] + E[TTR]).
  double availability() const {
    return time_to_failure.mean() / (time_to_failure.mean() + time_to_repair.mean());
  }
};

/// A passive standby of a one-instance node (active-passive): when the active unit fails, the
/// standby takes over after the node's detection time plus `switchover_s` (together the RTO).
/// With asynchronous replication the writes of the last `replication_lag` are lost (the RPO).
struct StandbySpec {
  double switchover_s = 0.0;
  bool async_replication = false;
  std::optional<Distribution> replication_lag; ///< async only
};

struct ReliabilitySpec {
  FailureProcess process; ///< of each instance (and of the standby)
  std::vector<int> zones; ///< indices into AvailabilitySpec::zones; instance i in zones[i % n]
  std::optional<int> repair_crews; ///< failed instances repaired at once; none: all of them
  std::optional<int> min_up;       ///< instances needed at the peak; none: from the analytic twin
  double detection_s = 0.0;        ///< until a failure is noticed (health check, failover trigger)
  bool retry_in_flight = false;    ///< work on a failed instance is retried on the survivors
  std::optional<StandbySpec> standby;
};

/// An availability zone: everything placed in it is down while it (or its region) is down.
struct ZoneSpec {
  std::string name;
  std::optional<FailureProcess> process; ///< none: the zone fails only with its region
  int region = -1;                       ///< index into AvailabilitySpec::regions, -1: none
};

struct RegionSpec {
  std::string name;
  FailureProcess process;
};

inline constexpr double kSecondsPerDay = 86'400.0;
/// A month of 730 hours (a year of 8,760), as cloud providers bill and SLAs count.
inline constexpr double kSecondsPerMonth = 730.0 * 3600.0;
inline constexpr double kSecondsPerYear = 12.0 * kSecondsPerMonth;

/// The `availability` section: the target every class should meet, failover targets, the
/// zones and regions, and the length of the failure simulation.
struct AvailabilitySpec {
  double target = 0.999;
  std::optional<double> rto_target_s;
  std::optional<double> rpo_target_s;
  std::vector<ZoneSpec> zones;
  std::vector<RegionSpec> regions;
  double duration_s = 10.0 * kSecondsPerYear; ///< simulated time per replication
  int replications = 20;
};

} // namespace capsim
