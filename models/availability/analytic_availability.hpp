#pragma once
// The analytic availability of a system. Each group's Markov chain (redundancy_chains.hpp) is
// solved once. Zones and regions take down everything placed in them but fail independently of
// the instances, so the answer conditions on which of them are up: given that, each group is a
// k-of-n over the instances in zones that are up, groups are independent, and a class is served
// when each of its failover chains has a group up (series of parallels). Exact for exponential
// times; a standby's switch-overs forced by zone outages are added to first order.
#include "models/availability/availability_model.hpp"

#include <vector>

namespace capsim::availability {

struct GroupAvailability {
  double availability = 1.0;          ///< some unit serves (a pair: not switching), zones included
  double capacity_availability = 1.0; ///< at least needed_at_peak units up, zones included
  double outages_per_year = 0.0;      ///< the group on its own, without zone outages
  double failovers_per_year = 0.0;    ///< active_passive: switch-overs, without zone outages
};

struct ClassAvailability {
  double availability = 1.0;          ///< every chain it needs has a group serving
  double capacity_availability = 1.0; ///< ... and with the units the peak needs
};

struct AnalyticAvailability {
  std::vector<GroupAvailability> groups;  ///< in model order
  std::vector<ClassAvailability> classes; ///< in model order
};

AnalyticAvailability analyze_availability(const AvailabilityModel &model);

} // namespace capsim::availability
