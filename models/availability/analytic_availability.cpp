// The Markov composition (see analytic_availability.hpp).
#include "models/availability/analytic_availability.hpp"

#include "models/availability/redundancy_chains.hpp"

#include <algorithm>
#include <optional>
#include <tuple>

namespace capsim::availability {
namespace {

/// Zone and region states below this probability are left out of the sum.
constexpr double kNegligibleProbability = 1e-15;

/// A group's chain, solved once.
struct SolvedGroup {
  std::optional<KOfNChain> k_of_n;
  PairAnalysis pair;
};

SolvedGroup solve(const Group &group) {
  if (group.redundancy == Redundancy::k_of_n) {
    return {KOfNChain(group.units, group.repair_crews, group.process), {}};
  }
  return {std::nullopt, analyze_active_passive(group.process, group.repair_crews, group.rto_s)};
}

/// Which zones and regions are down: one term of the conditioning.
struct Outages {
  std::vector<bool> zone_down;
  std::vector<bool> region_down;
};

class Composition {
public:
  explicit Composition(const AvailabilityModel &model) : model_(model) {
    for (const Group &group : model.groups) {
      solved_.push_back(solve(group));
    }
    result_.groups.assign(model.groups.size(), {0.0, 0.0, 0.0, 0.0});
    result_.classes.assign(model.classes.size(), {0.0, 0.0});
  }

  AnalyticAvailability run() {
    Outages outages{std::vector<bool>(model_.zones.size(), false),
                    std::vector<bool>(model_.regions.size(), false)};
    branch(0, 1.0, outages);
    for (std::size_t g = 0; g < model_.groups.size(); ++g) {
      const double year_s = kSecondsPerYear;
      const Group &group = model_.groups[g];
      result_.groups[g].outages_per_year =
          year_s *
          (solved_[g].k_of_n ? solved_[g].k_of_n->outages_per_s(1) : solved_[g].pair.outages_per_s);
      result_.groups[g].failovers_per_year = group.redundancy == Redundancy::active_passive
                                                 ? year_s * solved_[g].pair.failovers_per_s
                                                 : 0.0;
    }
    return result_;
  }

private:
  /// Zones that fail on their own come first, then regions.
  std::size_t components() const { return model_.zones.size() + model_.regions.size(); }

  const FailureProcess *process_of(std::size_t component) const {
    if (component < model_.zones.size()) {
      const auto &process = model_.zones[component].process;
      return process ? &*process : nullptr;
    }
    return &model_.regions[component - model_.zones.size()].process;
  }

  void set_down(Outages &outages, std::size_t component, bool down) const {
    if (component < model_.zones.size()) {
      outages.zone_down[component] = down;
    } else {
      outages.region_down[component - model_.zones.size()] = down;
    }
  }

  void branch(std::size_t component, double probability, Outages &outages) {
    if (probability < kNegligibleProbability) {
      return;
    }
    if (component == components()) {
      add_term(probability, outages);
      return;
    }
    const FailureProcess *process = process_of(component);
    if (process == nullptr) {
      branch(component + 1, probability, outages);
      return;
    }
    const double up = process->availability();
    branch(component + 1, probability * up, outages);
    set_down(outages, component, true);
    branch(component + 1, probability * (1.0 - up), outages);
    set_down(outages, component, false);
  }

  bool zone_down(int zone, const Outages &outages) const {
    if (zone < 0) {
      return false;
    }
    const int region = model_.zones[static_cast<std::size_t>(zone)].region;
    return outages.zone_down[static_cast<std::size_t>(zone)] ||
           (region >= 0 && outages.region_down[static_cast<std::size_t>(region)]);
  }

  /// Mean length of the outage keeping `zone` down: its own, else its region's.
  double outage_repair_s(int zone, const Outages &outages) const {
    const ZoneSpec &spec = model_.zones[static_cast<std::size_t>(zone)];
    if (outages.zone_down[static_cast<std::size_t>(zone)]) {
      return spec.process->time_to_repair.mean();
    }
    return model_.regions[static_cast<std::size_t>(spec.region)].process.time_to_repair.mean();
  }

  /// A pair with one unit cut off: the other unit alone, less the switch-overs that the cut
  /// forced when it hit the active unit (half the time) with both units up, per outage.
  double pair_with_one_cut_off(std::size_t g, int cut_zone, const Outages &outages) const {
    const Group &group = model_.groups[g];
    const double forced_switch_share =
        0.5 * solved_[g].pair.both_up * group.rto_s / outage_repair_s(cut_zone, outages);
    return std::max(0.0, group.process.availability() - forced_switch_share);
  }

  /// {served, with capacity} of group g given the zones down.
  std::pair<double, double> group_term(std::size_t g, const Outages &outages) const {
    const Group &group = model_.groups[g];
    int reachable = 0;
    int cut_zone = -1;
    for (const int zone : group.unit_zone) {
      if (zone_down(zone, outages)) {
        cut_zone = zone;
      } else {
        ++reachable;
      }
    }
    if (solved_[g].k_of_n) {
      return {solved_[g].k_of_n->at_least_up(reachable, 1),
              solved_[g].k_of_n->at_least_up(reachable, group.needed_at_peak)};
    }
    double served = 0.0;
    if (reachable == 2) {
      served = solved_[g].pair.availability;
    } else if (reachable == 1) {
      served = pair_with_one_cut_off(g, cut_zone, outages);
    }
    return {served, group.needed_at_peak == 1 ? served : 0.0};
  }

  /// P(every chain has a group up), groups being independent given the zones.
  static double series_of_parallels(const std::vector<std::vector<std::size_t>> &chains,
                                    const std::vector<double> &group_up) {
    double up = 1.0;
    for (const std::vector<std::size_t> &chain : chains) {
      double all_down = 1.0;
      for (const std::size_t g : chain) {
        all_down *= 1.0 - group_up[g];
      }
      up *= 1.0 - all_down;
    }
    return up;
  }

  void add_term(double probability, const Outages &outages) {
    std::vector<double> served(model_.groups.size());
    std::vector<double> capacity(model_.groups.size());
    for (std::size_t g = 0; g < model_.groups.size(); ++g) {
      std::tie(served[g], capacity[g]) = group_term(g, outages);
      result_.groups[g].availability += probability * served[g];
      result_.groups[g].capacity_availability += probability * capacity[g];
    }
    for (std::size_t c = 0; c < model_.classes.size(); ++c) {
      const auto &needs = model_.classes[c].needs;
      result_.classes[c].availability += probability * series_of_parallels(needs, served);
      result_.classes[c].capacity_availability +=
          probability * series_of_parallels(needs, capacity);
    }
  }

  const AvailabilityModel &model_;
  std::vector<SolvedGroup> solved_;
  AnalyticAvailability result_;
};

} // namespace

AnalyticAvailability analyze_availability(const AvailabilityModel &model) {
  return Composition(model).run();
}

} // namespace capsim::availability
