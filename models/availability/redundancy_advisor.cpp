// The redundancy search (see redundancy_advisor.hpp).
#include "models/availability/redundancy_advisor.hpp"

#include "models/availability/analytic_availability.hpp"
#include "models/human_format.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace capsim::availability {
namespace {

constexpr int kMaxChanges = 5;
/// A standby added by the search fails over in this long unless the node says how it detects.
constexpr double kAssumedDetectionS = 30.0;
constexpr double kAssumedSwitchoverS = 30.0;

struct Candidate {
  std::string change;
  Scenario scenario;
};

std::string ordinal(int n) {
  static constexpr std::array<const char *, 9> kWords{
      "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"};
  return n >= 2 && n <= 10 ? kWords[static_cast<std::size_t>(n - 2)] : std::to_string(n) + "th";
}

/// "zones a, b and c"
std::string zone_list(const Scenario &scenario, const std::vector<int> &zones) {
  std::string text = zones.size() == 1 ? "zone " : "zones ";
  for (std::size_t i = 0; i < zones.size(); ++i) {
    text += (i == 0                  ? ""
             : i + 1 == zones.size() ? " and "
                                     : ", ") +
            scenario.availability.zones[static_cast<std::size_t>(zones[i])].name;
  }
  return text;
}

/// One more unit of a tier: an instance, a worker, a read replica, or a higher autoscaling
/// minimum (`units` is the count running at the peak).
Candidate one_more(const Scenario &scenario, std::size_t node_index, int units) {
  Candidate candidate{"", scenario};
  NodeSpec &node = candidate.scenario.nodes[node_index];
  const int primary = node.database.primary_node;
  if (node.autoscaling) {
    node.autoscaling->min_instances = units + 1;
    node.autoscaling->max_instances = std::max(node.autoscaling->max_instances, units + 1);
    node.instances = std::max(node.instances, units + 1);
    candidate.change = "keep at least " + std::to_string(units + 1) + " " +
                       (primary >= 0 ? "read replicas of " : "instances of ") + node.name +
                       " running (autoscaling minimum " + std::to_string(units + 1) + ")";
    return candidate;
  }
  ++node.instances;
  if (primary >= 0) {
    candidate.change = "add a " + ordinal(node.instances) + " read replica to " +
                       scenario.nodes[static_cast<std::size_t>(primary)].name;
  } else {
    candidate.change = "run " + std::to_string(node.instances) + " " +
                       (node.kind == NodeKind::queue ? "workers" : "instances") + " of " +
                       node.name + " instead of " + std::to_string(units);
  }
  return candidate;
}

Candidate with_standby(const Scenario &scenario, std::size_t node_index) {
  Candidate candidate{"", scenario};
  ReliabilitySpec &reliability = *candidate.scenario.nodes[node_index].reliability;
  if (reliability.detection_s <= 0.0) {
    reliability.detection_s = kAssumedDetectionS;
  }
  reliability.standby = StandbySpec{kAssumedSwitchoverS, false, std::nullopt};
  candidate.change = "add a standby to " + scenario.nodes[node_index].name +
                     " with automatic failover (assumed " +
                     format_duration_s(reliability.detection_s) + " detection + " +
                     format_duration_s(kAssumedSwitchoverS) + " switch-over)";
  return candidate;
}

/// The zones of the region of the node's first zone (all zones without regions).
std::vector<int> zones_of_its_region(const Scenario &scenario, const ReliabilitySpec &reliability) {
  const auto &zones = scenario.availability.zones;
  const int region = reliability.zones.empty()
                         ? zones.front().region
                         : zones[static_cast<std::size_t>(reliability.zones.front())].region;
  std::vector<int> same_region;
  for (std::size_t z = 0; z < zones.size(); ++z) {
    if (zones[z].region == region) {
      same_region.push_back(static_cast<int>(z));
    }
  }
  return same_region;
}

std::vector<Candidate> candidates(const Scenario &scenario) {
  const AvailabilityModel model = build_availability_model(scenario);
  std::vector<Candidate> found;
  for (const Group &group : model.groups) {
    const NodeSpec &node = scenario.nodes[group.node];
    const bool fixed_single = node.kind == NodeKind::cdn || node.kind == NodeKind::external;
    const bool primary = node.kind == NodeKind::database && node.database.primary_node < 0;
    if (group.redundancy == Redundancy::k_of_n && !fixed_single && !primary) {
      found.push_back(one_more(scenario, group.node, group.units));
    }
    if (group.redundancy == Redundancy::k_of_n && primary) {
      found.push_back(with_standby(scenario, group.node));
    }
    if (scenario.availability.zones.empty() || group.units < 2) {
      continue;
    }
    const std::vector<int> region_zones = zones_of_its_region(scenario, *node.reliability);
    if (region_zones.size() > node.reliability->zones.size()) {
      Candidate spread{"spread " + node.name + " over " + zone_list(scenario, region_zones),
                       scenario};
      spread.scenario.nodes[group.node].reliability->zones = region_zones;
      found.push_back(std::move(spread));
    }
  }
  return found;
}

double worst(const std::vector<double> &availability) {
  return availability.empty() ? 1.0 : *std::min_element(availability.begin(), availability.end());
}

} // namespace

std::vector<double> class_availability(const Scenario &scenario, Measure measure) {
  const AnalyticAvailability analytic = analyze_availability(build_availability_model(scenario));
  std::vector<double> availability;
  for (const ClassAvailability &figures : analytic.classes) {
    availability.push_back(measure == Measure::served ? figures.availability
                                                      : figures.capacity_availability);
  }
  return availability;
}

std::vector<ComponentImpact> component_impacts(const Scenario &scenario, std::size_t class_index) {
  const double today = class_availability(scenario)[class_index];
  std::vector<ComponentImpact> impacts;
  const auto add = [&](std::string component, const Scenario &perfect) {
    const double improved = class_availability(perfect)[class_index];
    const double share = today < 1.0 ? (improved - today) / (1.0 - today) : 0.0;
    impacts.push_back({std::move(component), improved, std::clamp(share, 0.0, 1.0)});
  };
  for (std::size_t node = 0; node < scenario.nodes.size(); ++node) {
    if (scenario.nodes[node].reliability) {
      Scenario perfect = scenario;
      perfect.nodes[node].reliability.reset();
      add(scenario.nodes[node].name, perfect);
    }
  }
  for (std::size_t zone = 0; zone < scenario.availability.zones.size(); ++zone) {
    if (scenario.availability.zones[zone].process) {
      Scenario perfect = scenario;
      perfect.availability.zones[zone].process.reset();
      add("zone " + scenario.availability.zones[zone].name, perfect);
    }
  }
  for (std::size_t region = 0; region < scenario.availability.regions.size(); ++region) {
    Scenario perfect = scenario; // its zones no longer depend on it
    for (ZoneSpec &zone : perfect.availability.zones) {
      zone.region = zone.region == static_cast<int>(region) ? -1 : zone.region;
    }
    add("region " + scenario.availability.regions[region].name, perfect);
  }
  std::stable_sort(impacts.begin(), impacts.end(),
                   [](const ComponentImpact &a, const ComponentImpact &b) {
                     return a.downtime_share > b.downtime_share;
                   });
  return impacts;
}

Advice advise_redundancy(const Scenario &scenario, Measure measure) {
  Advice advice{{}, scenario, class_availability(scenario, measure), false};
  const double target = scenario.availability.target;
  for (int step = 0; step < kMaxChanges && worst(advice.class_availability) < target; ++step) {
    std::optional<Candidate> best;
    std::vector<double> best_availability = advice.class_availability;
    for (Candidate &candidate : candidates(advice.changed)) {
      std::vector<double> availability = class_availability(candidate.scenario, measure);
      if (worst(availability) > worst(best_availability) + 1e-12) {
        best_availability = std::move(availability);
        best = std::move(candidate);
      }
    }
    if (!best) {
      break; // no single change helps
    }
    advice.changes.push_back(best->change);
    advice.changed = std::move(best->scenario);
    advice.class_availability = std::move(best_availability);
  }
  advice.meets_target = worst(advice.class_availability) >= target;
  return advice;
}

} // namespace capsim::availability
