// Building the availability model of a scenario (see availability_model.hpp).
#include "models/availability/availability_model.hpp"

#include "models/analytic/traffic.hpp"
#include "models/availability/capacity_need.hpp"
#include "models/availability/class_needs.hpp"
#include "models/plan/sizing.hpp"

#include <algorithm>
#include <cmath>

namespace capsim::availability {
namespace {

constexpr double kSecondsPerHour = 3600.0;
constexpr double kNeverS = 1e15; // long after any spike: a non-periodic profile's last value

double peak_multiplier(const Scenario &scenario) {
  return scenario.active_profile ? scenario.profiles[*scenario.active_profile].load.max_multiplier()
                                 : 1.0;
}

/// The profile's hourly values over one period, averaged (as the plan walks a month's hours).
double mean_multiplier(const Scenario &scenario) {
  if (!scenario.active_profile) {
    return 1.0;
  }
  const LoadProfile &profile = scenario.profiles[*scenario.active_profile].load;
  const std::optional<double> period_s = profile.period_s();
  if (!period_s) {
    return profile.multiplier_at(kNeverS);
  }
  const auto hours = static_cast<int>(std::max(1.0, std::round(*period_s / kSecondsPerHour)));
  double sum = 0.0;
  for (int hour = 0; hour < hours; ++hour) {
    sum += profile.multiplier_at((hour + 0.5) * kSecondsPerHour);
  }
  return sum / hours;
}

Group make_group(const Scenario &scenario, std::size_t node_index, const plan::Sizing &peak,
                 double peak_load_multiplier) {
  const NodeSpec &node = scenario.nodes[node_index];
  const ReliabilitySpec &reliability = *node.reliability;
  Group group;
  group.node = node_index;
  group.name = node.name;
  group.process = reliability.process;
  group.detection_s = reliability.detection_s;
  group.retry_in_flight = reliability.retry_in_flight;
  const int needed = reliability.min_up ? *reliability.min_up
                                        : instances_needed(scenario, peak_load_multiplier,
                                                           peak.instances, node_index);
  if (reliability.standby) {
    group.redundancy = Redundancy::active_passive;
    group.units = 2;
    group.needed_at_peak = needed == 1 ? 1 : group.units + 1; // one unit serves, or none suffices
    group.rto_s = reliability.detection_s + reliability.standby->switchover_s;
    if (reliability.standby->async_replication) {
      group.replication_lag = reliability.standby->replication_lag;
    }
  } else {
    group.units = peak.instances[node_index];
    group.needed_at_peak = needed;
  }
  group.repair_crews = reliability.repair_crews.value_or(group.units);
  for (int unit = 0; unit < group.units; ++unit) {
    group.unit_zone.push_back(
        reliability.zones.empty()
            ? -1
            : reliability.zones[static_cast<std::size_t>(unit) % reliability.zones.size()]);
  }
  return group;
}

/// The chains of node indices as chains of groups: a chain through a node that never fails is
/// always served and is left out, as is a chain implied by a group needed on its own.
std::vector<std::vector<std::size_t>> group_chains(const std::vector<std::vector<int>> &chains,
                                                   const std::vector<int> &group_of) {
  std::vector<std::vector<std::size_t>> kept;
  for (const std::vector<int> &chain : chains) {
    std::vector<std::size_t> groups;
    for (const int node : chain) {
      if (group_of[static_cast<std::size_t>(node)] < 0) {
        groups.clear();
        break;
      }
      groups.push_back(static_cast<std::size_t>(group_of[static_cast<std::size_t>(node)]));
    }
    if (!groups.empty() && std::find(kept.begin(), kept.end(), groups) == kept.end()) {
      kept.push_back(std::move(groups));
    }
  }
  std::erase_if(kept, [&](const std::vector<std::size_t> &chain) {
    return chain.size() > 1 && std::any_of(chain.begin(), chain.end(), [&](std::size_t group) {
             return std::find(kept.begin(), kept.end(), std::vector<std::size_t>{group}) !=
                    kept.end();
           });
  });
  return kept;
}

/// Mean residence at a node (arrival until its slot is released): the calls in progress there
/// per call per second. A node saturated at the mean load falls back to its holding time.
double residence_s(const analytic::NodeEstimate &node) {
  if (std::isfinite(node.mean_residence_s)) {
    return node.mean_residence_s;
  }
  return std::isfinite(node.mean_holding_s) ? node.mean_holding_s : 0.0;
}

ClassModel make_class(const Scenario &scenario, std::size_t class_index, const ClassNeeds &needs,
                      const std::vector<int> &group_of, const std::vector<Group> &groups,
                      const analytic::NetworkEstimate &mean_load) {
  ClassModel model;
  model.name = scenario.workload.classes[class_index].name;
  model.requests_per_s =
      mean_load.request_rate_per_s * scenario.workload.classes[class_index].share;
  model.needs = group_chains(needs.chains, group_of);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::size_t node = groups[g].node;
    const double calls_per_request = needs.sync_calls_per_request[node];
    if (calls_per_request > 0.0) {
      const double calls_per_s = model.requests_per_s * calls_per_request;
      model.loads.push_back({g, calls_per_s, calls_per_s * residence_s(mean_load.nodes[node]),
                             needs.unretried_calls_per_request[node] / calls_per_request});
    }
  }
  return model;
}

/// Write calls per second reaching each node, at the given request rate.
std::vector<double> writes_per_s(const Scenario &scenario, const analytic::VisitRatios &visits,
                                 double request_rate_per_s) {
  std::vector<double> writes(scenario.nodes.size(), 0.0);
  for (std::size_t i = 0; i < visits.program.calls.size(); ++i) {
    const CompiledCall &call = visits.program.calls[i];
    if (call.op == DatabaseOp::write) {
      writes[call.node] +=
          request_rate_per_s *
          visits.call_visits.row(static_cast<Eigen::Index>(i)).dot(visits.class_share);
    }
  }
  return writes;
}

} // namespace

AvailabilityModel build_availability_model(const Scenario &scenario) {
  AvailabilityModel model;
  model.zones = scenario.availability.zones;
  model.regions = scenario.availability.regions;
  model.target = scenario.availability.target;
  model.peak_load_multiplier = peak_multiplier(scenario);
  model.mean_load_multiplier = mean_multiplier(scenario);
  const plan::Sizing peak = plan::size_for_load(scenario, model.peak_load_multiplier);
  const plan::Sizing mean = plan::size_for_load(scenario, model.mean_load_multiplier);
  const analytic::VisitRatios visits = analytic::visit_ratios(scenario);
  const std::vector<double> writes =
      writes_per_s(scenario, visits, mean.estimate.request_rate_per_s);
  std::vector<int> group_of(scenario.nodes.size(), -1);
  for (std::size_t node = 0; node < scenario.nodes.size(); ++node) {
    if (scenario.nodes[node].reliability) {
      group_of[node] = static_cast<int>(model.groups.size());
      model.groups.push_back(make_group(scenario, node, peak, model.peak_load_multiplier));
      model.groups.back().writes_per_s = writes[node];
    }
  }
  const std::vector<ClassNeeds> needs = class_needs(scenario, visits);
  for (std::size_t c = 0; c < needs.size(); ++c) {
    model.classes.push_back(
        make_class(scenario, c, needs[c], group_of, model.groups, mean.estimate));
  }
  return model;
}

} // namespace capsim::availability
