#pragma once
// The system as the availability layer sees it: every node that can fail is a redundant group
// of units (its instances at the peak, or an active unit and its standby) placed in zones; every
// request class needs some groups (the failover chains of its synchronous calls); and each group
// carries the class's calls that a failure there puts at risk. Built once from a scenario, then
// solved by the Markov composition (analytic_availability.hpp) and simulated over years
// (failure_simulation.hpp), so both answer the same question.
#include "models/scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace capsim::availability {

enum class Redundancy { k_of_n, active_passive };

struct Group {
  std::size_t node = 0;
  std::string name;
  Redundancy redundancy = Redundancy::k_of_n;
  int units = 1;          ///< instances at the peak, or 2: an active unit and its standby
  int needed_at_peak = 1; ///< units the peak load needs up (1 for a pair); > units: never enough
  int repair_crews = 1;   ///< failed units repaired at once (>= units: all of them)
  FailureProcess process;
  std::vector<int> unit_zone; ///< the zone of each unit, -1: none
  double detection_s = 0.0;
  double rto_s = 0.0; ///< active_passive: detection + switch-over
  bool retry_in_flight = false;
  std::optional<Distribution> replication_lag; ///< active_passive with async replication
  double writes_per_s = 0.0;                   ///< write calls reaching the node (databases)
};

/// What one group's failures put at risk of a class's requests (at the mean load).
struct GroupLoad {
  std::size_t group = 0;
  double calls_per_s = 0.0;     ///< synchronous calls of the class reaching the node
  double calls_in_system = 0.0; ///< of those, in progress at a random time (Little's law)
  double unretried_share = 1.0; ///< share of those calls without retries of their own
};

struct ClassModel {
  std::string name;
  double requests_per_s = 0.0; ///< averaged over the load profile
  /// Failover chains of groups: the class is served while some group of each chain is up.
  std::vector<std::vector<std::size_t>> needs;
  std::vector<GroupLoad> loads;
};

struct AvailabilityModel {
  std::vector<Group> groups;
  std::vector<ZoneSpec> zones;
  std::vector<RegionSpec> regions;
  std::vector<ClassModel> classes;
  double target = 0.999;
  double peak_load_multiplier = 1.0; ///< the load profile's maximum
  double mean_load_multiplier = 1.0; ///< the profile averaged over its period
};

/// Nodes without a "reliability" never fail and are not groups.
AvailabilityModel build_availability_model(const Scenario &scenario);

} // namespace capsim::availability
