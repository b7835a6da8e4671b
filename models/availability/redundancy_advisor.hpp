#pragma once
// Which component limits availability, and what redundancy would meet the target: each change
// a team could make — one more instance of a tier or replica of a database, a standby with
// automatic failover for a single primary, a tier spread over the region's zones — is tried on a
// copy of the scenario and judged by the analytic availability of the worst class; the best one
// is kept and the search goes on from there until the target is met or nothing helps.
#include "models/scenario.hpp"

#include <string>
#include <vector>

namespace capsim::availability {

/// What a class's availability counts: time served, or served with the instances the peak needs.
enum class Measure { served, with_capacity };

/// A component made perfect: how much of a class's downtime it causes.
struct ComponentImpact {
  std::string component;                ///< a node, "zone a" or "region r"
  double availability_if_perfect = 0.0; ///< of the class, analytic
  double downtime_share = 0.0;          ///< of the class's downtime that goes away
};

struct Advice {
  std::vector<std::string> changes;       ///< in the order they were chosen
  Scenario changed;                       ///< the scenario with every change applied
  std::vector<double> class_availability; ///< analytic, after the changes, in class order
  bool meets_target = false;
};

/// Each class's analytic availability, in scenario order.
std::vector<double> class_availability(const Scenario &scenario, Measure measure = Measure::served);

/// For the class `class_index`, every failing component ranked by the downtime it causes.
std::vector<ComponentImpact> component_impacts(const Scenario &scenario, std::size_t class_index);

/// Greedy search for changes bringing every class to scenario.availability.target.
Advice advise_redundancy(const Scenario &scenario, Measure measure = Measure::served);

} // namespace capsim::availability
