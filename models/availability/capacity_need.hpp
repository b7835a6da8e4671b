#pragma once
// How many of a tier's instances the peak load needs: the least count at which the analytic
// twin (models/analytic/network_estimate.hpp) saturates no node that is not already saturated
// with every instance up. Fewer instances up than that, the tier is still serving but cannot
// carry the peak, so no latency objective can hold there.
#include "models/scenario.hpp"

#include <vector>

namespace capsim::availability {

/// The least count of node `node`'s instances that carries `load_multiplier` × the scenario's
/// load, every other node at its count in `instances`; instances[node] + 1 when that node is
/// saturated even at instances[node].
int instances_needed(const Scenario &scenario, double load_multiplier,
                     const std::vector<int> &instances, std::size_t node);

} // namespace capsim::availability
