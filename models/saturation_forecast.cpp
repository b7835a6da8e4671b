// The analytic saturation warning before a run (see saturation_forecast.hpp).
#include "models/saturation_forecast.hpp"

#include "models/human_format.hpp"
#include "models/plan/sizing.hpp"

#include <stdexcept>

namespace capsim {
namespace {

/// The active profile's largest multiplier of an open workload's rate (1 without one).
double peak_multiplier(const Scenario &scenario) {
  if (!scenario.active_profile || scenario.workload.kind != WorkloadKind::open) {
    return 1.0;
  }
  return scenario.profiles[*scenario.active_profile].load.max_multiplier();
}

} // namespace

std::vector<std::string> saturation_forecast(const Scenario &scenario) {
  const double peak = peak_multiplier(scenario);
  plan::Sizing sizing;
  try {
    sizing = plan::size_for_load(scenario, peak);
  } catch (const std::domain_error &) {
    return {}; // closed users with no demand and no think time: nothing to estimate
  }
  const std::string where =
      peak > 1.0 ? " at the profile's peak (x" + format_significant(peak) + " the base load)" : "";
  std::vector<std::string> warnings;
  for (const std::string &name : sizing.estimate.saturated_nodes) {
    const NodeSpec &node = scenario.nodes[static_cast<std::size_t>(scenario.node_index(name))];
    const std::string at_max =
        node.autoscaling ? ", even at its max of " +
                               std::to_string(node.autoscaling->max_instances) + " instances"
                         : "";
    warnings.push_back("the analytic estimate puts node " + name + " at utilization >= 1" + where +
                       at_max + ": expect it to be reported saturated");
  }
  for (const analytic::NodeEstimate &node : sizing.estimate.nodes) {
    if (node.memory_share > 1.0) {
      warnings.push_back("the analytic estimate puts the instances of " + node.name + " at " +
                         format_percent(node.memory_share) + " of their memory limit" + where);
    }
  }
  return warnings;
}

} // namespace capsim
