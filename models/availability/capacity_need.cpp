// The instances a tier needs at the peak (see capacity_need.hpp).
#include "models/availability/capacity_need.hpp"

#include "models/analytic/network_estimate.hpp"
#include "models/plan/sizing.hpp"

#include <algorithm>

namespace capsim::availability {
namespace {

std::vector<std::string> saturated_at(const Scenario &scenario, double load_multiplier,
                                      const std::vector<int> &instances) {
  std::vector<std::string> saturated =
      analytic::estimate_network(plan::sized_scenario(scenario, load_multiplier, instances))
          .saturated_nodes;
  std::sort(saturated.begin(), saturated.end());
  return saturated;
}

} // namespace

int instances_needed(const Scenario &scenario, double load_multiplier,
                     const std::vector<int> &instances, std::size_t node) {
  const std::vector<std::string> baseline = saturated_at(scenario, load_multiplier, instances);
  const int all = instances[node];
  if (std::binary_search(baseline.begin(), baseline.end(), scenario.nodes[node].name)) {
    return all + 1;
  }
  const auto enough = [&](int count) {
    std::vector<int> counts = instances;
    counts[node] = count;
    const std::vector<std::string> saturated = saturated_at(scenario, load_multiplier, counts);
    return std::includes(baseline.begin(), baseline.end(), saturated.begin(), saturated.end());
  };
  int low = 1; // saturation falls as the count rises: bisect for the least count enough
  int high = all;
  while (low < high) {
    const int middle = low + (high - low) / 2;
    if (enough(middle)) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return low;
}

} // namespace capsim::availability
