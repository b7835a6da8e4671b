// The component-level failure simulation (see failure_simulation.hpp).
#include "models/availability/failure_simulation.hpp"

#include "sim/event_calendar.hpp"
#include "sim/rng.hpp"

#include <cmath>
#include <deque>
#include <utility>

namespace capsim::availability {
namespace {

enum EventKind : std::uint32_t {
  kUnitFails,        // subject: unit
  kUnitRepaired,     // subject: unit
  kLocationFails,    // subject: location (zones that fail on their own, then regions)
  kLocationRepaired, // subject: location
  kSwitchDone,       // subject: group; a standby starts serving
};

// Stream identifiers, each mixed with the seed and the replication (sim/rng.hpp): a unit's
// draws depend only on its own group and index, so adding a unit leaves the others' alone.
constexpr std::uint64_t kUnitStreams = 1ULL << 60;
constexpr std::uint64_t kLagStreams = 2ULL << 60;
constexpr std::uint64_t kLocationStreams = 3ULL << 60;
constexpr int kNone = -1;

struct Unit {
  std::size_t group = 0;
  int zone = kNone;
  bool failed = false;
  Rng rng{0};
};

struct GroupState {
  std::vector<std::size_t> units; ///< unit indices
  int in_repair = 0;
  std::deque<std::size_t> waiting_for_crew;
  int available = 0; ///< units up and reachable at the last refresh
  bool served = true;
  bool capacity = true;
  // active_passive
  int active = kNone; ///< index into units, kNone: no unit serving
  bool switching = false;
  int target = kNone;
  SimTimeNs switch_done_ns = 0;
  Rng lag_rng{0};
};

struct Location {
  const FailureProcess *process = nullptr;
  bool down = false;
  Rng rng{0};
};

/// A class's exposure to a group: the class and its load there.
struct Exposure {
  std::size_t class_index = 0;
  const GroupLoad *load = nullptr;
};

class FailureSimulation {
public:
  FailureSimulation(const AvailabilityModel &model, std::uint64_t seed, std::uint64_t replication,
                    double duration_s)
      : model_(model), end_ns_(seconds_to_ns(duration_s)),
        months_(static_cast<std::size_t>(std::floor(duration_s / kSecondsPerMonth))) {
    trace_.duration_s = duration_s;
    trace_.classes.assign(model.classes.size(), ClassTrace{});
    for (ClassTrace &trace : trace_.classes) {
      trace.month_downtime_s.assign(months_, 0.0);
    }
    trace_.groups.assign(model.groups.size(), GroupTrace{});
    exposures_.resize(model.groups.size());
    for (std::size_t c = 0; c < model.classes.size(); ++c) {
      for (const GroupLoad &load : model.classes[c].loads) {
        exposures_[load.group].push_back({c, &load});
      }
    }
    for (std::size_t g = 0; g < model.groups.size(); ++g) {
      groups_.emplace_back().lag_rng = Rng::for_stream(seed, replication, kLagStreams + g);
      for (int u = 0; u < model.groups[g].units; ++u) {
        groups_.back().units.push_back(units_.size());
        units_.push_back(
            {g, model.groups[g].unit_zone[static_cast<std::size_t>(u)], false,
             Rng::for_stream(seed, replication,
                             kUnitStreams + (g << 24) + static_cast<std::uint64_t>(u))});
        start_unit(units_.size() - 1);
      }
    }
    for (const ZoneSpec &zone : model.zones) {
      add_location(zone.process ? &*zone.process : nullptr, seed, replication);
    }
    for (const RegionSpec &region : model.regions) {
      add_location(&region.process, seed, replication);
    }
    class_served_.assign(model.classes.size(), true);
    class_capacity_.assign(model.classes.size(), true);
    outage_start_s_.assign(model.classes.size(), 0.0);
    refresh();
  }

  ReplicationTrace run() {
    while (!calendar_.empty() && calendar_.next_time() <= end_ns_) {
      const Event event = calendar_.pop();
      advance(ns_to_seconds(event.time_ns));
      handle(event);
      refresh();
    }
    advance(ns_to_seconds(end_ns_));
    for (std::size_t c = 0; c < model_.classes.size(); ++c) {
      if (!class_served_[c]) {
        trace_.classes[c].outage_s.push_back(now_s_ - outage_start_s_[c]);
      }
    }
    return std::move(trace_);
  }

private:
  SimTimeNs now_ns() const { return calendar_.now(); }

  // Every unit, zone and region starts in its long-run state — down with probability
  // MTTR / (MTBF + MTTR), then repaired; up otherwise — so that the run measures the steady
  // state from its first second rather than a system fresh from the factory.
  static bool starts_down(const FailureProcess &process, Rng &rng) {
    return rng.uniform_open01() < 1.0 - process.availability();
  }

  void start_unit(std::size_t unit) {
    if (starts_down(model_.groups[units_[unit].group].process, units_[unit].rng)) {
      fail_unit(unit);
    } else {
      schedule_failure(unit);
    }
  }

  void add_location(const FailureProcess *process, std::uint64_t seed, std::uint64_t replication) {
    locations_.push_back(
        {process, false, Rng::for_stream(seed, replication, kLocationStreams + locations_.size())});
    if (process == nullptr) {
      return;
    }
    locations_.back().down = starts_down(*process, locations_.back().rng);
    schedule_location_change(locations_.size() - 1);
  }

  /// A location that is down comes back after a repair; one that is up fails later.
  void schedule_location_change(std::size_t index) {
    Location &location = locations_[index];
    const Distribution &next =
        location.down ? location.process->time_to_repair : location.process->time_to_failure;
    calendar_.schedule(now_ns() + next.sample_ns(location.rng),
                       location.down ? kLocationRepaired : kLocationFails,
                       static_cast<std::uint32_t>(index));
  }

  /// The unit is down: repaired at once if a crew is free, else it waits for one.
  void fail_unit(std::size_t unit) {
    GroupState &group = groups_[units_[unit].group];
    units_[unit].failed = true;
    if (group.in_repair < model_.groups[units_[unit].group].repair_crews) {
      start_repair(unit);
    } else {
      group.waiting_for_crew.push_back(unit);
    }
  }

  void schedule_failure(std::size_t unit) {
    const FailureProcess &process = model_.groups[units_[unit].group].process;
    calendar_.schedule(now_ns() + process.time_to_failure.sample_ns(units_[unit].rng), kUnitFails,
                       static_cast<std::uint32_t>(unit));
  }

  void start_repair(std::size_t unit) {
    const FailureProcess &process = model_.groups[units_[unit].group].process;
    ++groups_[units_[unit].group].in_repair;
    calendar_.schedule(now_ns() + process.time_to_repair.sample_ns(units_[unit].rng), kUnitRepaired,
                       static_cast<std::uint32_t>(unit));
  }

  void handle(const Event &event) {
    switch (event.kind) {
    case kUnitFails:
      ++trace_.groups[units_[event.subject].group].failures;
      fail_unit(event.subject);
      break;
    case kUnitRepaired: {
      Unit &unit = units_[event.subject];
      GroupState &group = groups_[unit.group];
      unit.failed = false;
      --group.in_repair;
      schedule_failure(event.subject);
      if (!group.waiting_for_crew.empty()) {
        start_repair(group.waiting_for_crew.front());
        group.waiting_for_crew.pop_front();
      }
      break;
    }
    case kLocationFails:
    case kLocationRepaired:
      locations_[event.subject].down = event.kind == kLocationFails;
      schedule_location_change(event.subject);
      break;
    case kSwitchDone: {
      GroupState &group = groups_[event.subject];
      if (group.switching && group.switch_done_ns == now_ns()) {
        group.switching = false;
        group.active = std::exchange(group.target, kNone);
      }
      break;
    }
    default:
      break;
    }
  }

  /// A zone is down while it, or its region, is.
  bool zone_down(int zone) const {
    if (zone == kNone) {
      return false;
    }
    const ZoneSpec &spec = model_.zones[static_cast<std::size_t>(zone)];
    return locations_[static_cast<std::size_t>(zone)].down ||
           (spec.region >= 0 &&
            locations_[model_.zones.size() + static_cast<std::size_t>(spec.region)].down);
  }

  bool available(std::size_t unit) const {
    return !units_[unit].failed && !zone_down(units_[unit].zone);
  }

  /// Time since the last event, in the states the system was in.
  void advance(double now_s) {
    const double elapsed_s = now_s - now_s_;
    for (std::size_t c = 0; c < model_.classes.size(); ++c) {
      ClassTrace &trace = trace_.classes[c];
      trace.served_s += class_served_[c] ? elapsed_s : 0.0;
      trace.capacity_s += class_capacity_[c] ? elapsed_s : 0.0;
      if (!class_served_[c]) {
        add_month_downtime(trace, now_s_, now_s);
      }
    }
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      trace_.groups[g].down_s += groups_[g].served ? 0.0 : elapsed_s;
      trace_.groups[g].below_capacity_s += groups_[g].capacity ? 0.0 : elapsed_s;
    }
    now_s_ = now_s;
  }

  void add_month_downtime(ClassTrace &trace, double from_s, double to_s) const {
    while (from_s < to_s) {
      const auto month = static_cast<std::size_t>(from_s / kSecondsPerMonth);
      const double month_end_s =
          std::min(to_s, (static_cast<double>(month) + 1.0) * kSecondsPerMonth);
      if (month < months_) {
        trace.month_downtime_s[month] += month_end_s - from_s;
      }
      from_s = month_end_s;
    }
  }

  /// Requests of each class still served that lose a `share` of the group's calls in progress;
  /// with `survivors`, work is retried on them (in_flight "retry", or the call's own retries)
  /// and the lost instances keep receiving their share of calls until the failure is detected.
  void lose_calls(std::size_t g, double share, bool survivors) {
    const Group &group = model_.groups[g];
    for (const Exposure &exposure : exposures_[g]) {
      if (!class_served_[exposure.class_index]) {
        continue;
      }
      ClassTrace &trace = trace_.classes[exposure.class_index];
      const GroupLoad &load = *exposure.load;
      const double unretried = survivors ? load.unretried_share : 1.0;
      trace.failed_in_flight +=
          load.calls_in_system * share * (survivors && group.retry_in_flight ? 0.0 : unretried);
      if (survivors) {
        trace.failed_detection += load.calls_per_s * group.detection_s * share * unretried;
      }
    }
  }

  void start_switch(std::size_t g, int target) {
    const Group &group = model_.groups[g];
    GroupState &state = groups_[g];
    ++trace_.groups[g].failovers;
    if (group.replication_lag) {
      trace_.groups[g].data_loss_s.push_back(group.replication_lag->sample(state.lag_rng));
    }
    if (group.rto_s <= 0.0) {
      state.active = target;
      return;
    }
    state.switching = true;
    state.target = target;
    state.switch_done_ns = now_ns() + seconds_to_ns(group.rto_s);
    calendar_.schedule(state.switch_done_ns, kSwitchDone, static_cast<std::uint32_t>(g));
  }

  /// The pair's rules: a lost active unit hands over to an available standby after the RTO; a
  /// lost switch target hands over to the other unit if it is back; with no unit serving, the
  /// first unit back serves at once.
  void update_pair(std::size_t g) {
    GroupState &state = groups_[g];
    const auto up = [&](int u) {
      return u != kNone && available(state.units[static_cast<std::size_t>(u)]);
    };
    if (state.switching) {
      if (!up(state.target)) {
        state.switching = false;
        state.active = kNone;
        if (up(1 - state.target)) {
          start_switch(g, 1 - state.target);
        }
      }
    } else if (state.active != kNone && !up(state.active)) {
      lose_calls(g, 1.0, false);
      const int other = 1 - state.active;
      state.active = kNone;
      if (up(other)) {
        start_switch(g, other);
      }
    } else if (state.active == kNone) {
      for (int u = 0; u < 2 && state.active == kNone; ++u) {
        state.active = up(u) ? u : kNone;
      }
    }
    state.served = state.active != kNone && !state.switching;
    state.capacity = state.served && model_.groups[g].needed_at_peak == 1;
  }

  void update_k_of_n(std::size_t g) {
    GroupState &state = groups_[g];
    int available_now = 0;
    for (const std::size_t unit : state.units) {
      available_now += available(unit) ? 1 : 0;
    }
    if (available_now < state.available) {
      lose_calls(g, double(state.available - available_now) / state.available, available_now > 0);
    }
    state.available = available_now;
    state.served = available_now >= 1;
    state.capacity = available_now >= model_.groups[g].needed_at_peak;
  }

  bool chains_up(const ClassModel &model, bool GroupState::*flag) const {
    for (const std::vector<std::size_t> &chain : model.needs) {
      bool any = false;
      for (const std::size_t g : chain) {
        any = any || groups_[g].*flag;
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  /// New group and class states after an event (losses use the class states before it).
  void refresh() {
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      if (model_.groups[g].redundancy == Redundancy::active_passive) {
        update_pair(g);
      } else {
        update_k_of_n(g);
      }
    }
    for (std::size_t c = 0; c < model_.classes.size(); ++c) {
      const bool served = chains_up(model_.classes[c], &GroupState::served);
      if (served != class_served_[c]) {
        if (served) {
          trace_.classes[c].outage_s.push_back(now_s_ - outage_start_s_[c]);
        } else {
          outage_start_s_[c] = now_s_;
        }
      }
      class_served_[c] = served;
      class_capacity_[c] = chains_up(model_.classes[c], &GroupState::capacity);
    }
  }

  const AvailabilityModel &model_;
  SimTimeNs end_ns_;
  std::size_t months_;
  EventCalendar calendar_;
  std::vector<Unit> units_;
  std::vector<GroupState> groups_;
  std::vector<Location> locations_;
  std::vector<std::vector<Exposure>> exposures_;
  std::vector<bool> class_served_;
  std::vector<bool> class_capacity_;
  std::vector<double> outage_start_s_;
  double now_s_ = 0.0;
  ReplicationTrace trace_;
};

} // namespace

ReplicationTrace simulate_failures(const AvailabilityModel &model, std::uint64_t seed,
                                   std::uint64_t replication, double duration_s) {
  return FailureSimulation(model, seed, replication, duration_s).run();
}

} // namespace capsim::availability
