#pragma once
// What a request class needs in order to be served: the nodes its synchronous calls reach
// (asynchronous work is handed off and does not hold the request), each with the failover
// chain that takes its calls when it is down; and how many synchronous calls per request each
// node gets, with and without retries, which sets how many requests a failure there loses.
#include "models/analytic/traffic.hpp"
#include "models/scenario.hpp"

#include <vector>

namespace capsim::availability {

struct ClassNeeds {
  /// Node indices: a call succeeds if the first node of its chain is up, else the next ...
  std::vector<std::vector<int>> chains;
  std::vector<double> sync_calls_per_request;      ///< per node, expected
  std::vector<double> unretried_calls_per_request; ///< per node: calls with no retries
};

/// Per class, in scenario order. Connection pools are transparent (the database's call is what
/// is needed); calls never made (probability 0, or a fallback that never runs) are left out.
std::vector<ClassNeeds> class_needs(const Scenario &scenario, const analytic::VisitRatios &visits);

} // namespace capsim::availability
