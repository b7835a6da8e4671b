// The availability section and node reliability (see reliability_loader.hpp).
#include "models/availability/reliability_loader.hpp"

#include "models/distribution_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace capsim {
namespace {

constexpr double kMaxSimulatedYears = 100.0; // integer nanoseconds reach 292 years
constexpr std::int64_t kMaxReplications = 10'000;

/// Exactly one of `mean_key` (an exponential time with that mean) or `distribution_key`.
Distribution read_time(const JsonReader &object, std::string_view mean_key,
                       std::string_view distribution_key) {
  const auto mean = object.optional(mean_key);
  const auto distribution = object.optional(distribution_key);
  if (mean.has_value() == distribution.has_value()) {
    object.fail("exactly one of \"" + std::string(mean_key) + "\" or \"" +
                std::string(distribution_key) + "\", found " + (mean ? "both" : "neither"));
  }
  if (mean) {
    return Distribution::exponential(mean->positive_duration_s());
  }
  Distribution time = read_distribution(*distribution);
  if (!(time.mean() > 0.0)) {
    distribution->fail_expected("a distribution with a mean > 0");
  }
  return time;
}

FailureProcess read_failure_process(const JsonReader &object) {
  return {read_time(object, "mtbf", "time_to_failure"),
          read_time(object, "mttr", "time_to_repair")};
}

/// The share a percentage such as "99.95%" stands for, correctly rounded ("99.95e-2"), or -1.
double percentage(const std::string &text) {
  if (text.size() < 2 || text.back() != '%' || text.find_first_of("eE") != std::string::npos) {
    return -1.0;
  }
  const std::string shifted = text.substr(0, text.size() - 1) + "e-2";
  double value = -1.0;
  const auto [end, error] = std::from_chars(shifted.data(), shifted.data() + shifted.size(), value);
  return error == std::errc{} && end == shifted.data() + shifted.size() ? value : -1.0;
}

/// 0.999 or "99.9%": a share strictly between 0 and 1.
double read_target(const JsonReader &target) {
  constexpr std::string_view kExpected =
      R"(an availability in (0, 1) such as 0.999, or a percentage such as "99.9%")";
  const double value = target.json().is_number()   ? target.number()
                       : target.json().is_string() ? percentage(target.string())
                                                   : -1.0;
  if (!(value > 0.0 && value < 1.0)) {
    target.fail_expected(kExpected);
  }
  return value;
}

std::vector<RegionSpec> read_regions(const JsonReader &regions) {
  std::vector<RegionSpec> specs;
  regions.for_each_member([&](const std::string &name, const JsonReader &region) {
    region.only_keys({"mtbf", "time_to_failure", "mttr", "time_to_repair"});
    specs.push_back({name, read_failure_process(region)});
  });
  return specs;
}

/// A zone fails on its own when it gives a time to failure; it then needs a repair time.
ZoneSpec read_zone(const std::string &name, const JsonReader &zone,
                   const std::vector<RegionSpec> &regions) {
  zone.only_keys({"mtbf", "time_to_failure", "mttr", "time_to_repair", "region"});
  ZoneSpec spec{name, std::nullopt, -1};
  if (zone.has("mtbf") || zone.has("time_to_failure") || zone.has("mttr") ||
      zone.has("time_to_repair")) {
    spec.process = read_failure_process(zone);
  }
  if (const auto region = zone.optional("region")) {
    std::vector<std::string> names;
    for (const RegionSpec &candidate : regions) {
      names.push_back(candidate.name);
    }
    if (names.empty()) {
      region->fail_expected(R"(a region given in /availability/regions (there are none))");
    }
    spec.region = static_cast<int>(region->one_of("a region", names));
  }
  return spec;
}

std::vector<int> read_zone_names(const JsonReader &zones, const AvailabilitySpec &availability) {
  std::vector<std::string> names;
  for (const ZoneSpec &zone : availability.zones) {
    names.push_back(zone.name);
  }
  if (names.empty()) {
    zones.fail_expected("zones given in /availability/zones (there are none)");
  }
  if (zones.element_count() == 0) {
    zones.fail_expected("at least one zone");
  }
  std::vector<int> indices;
  zones.for_each_element([&](std::size_t, const JsonReader &zone) {
    const auto index = static_cast<int>(zone.one_of("a zone", names));
    if (std::find(indices.begin(), indices.end(), index) != indices.end()) {
      zone.fail_expected("each zone once");
    }
    indices.push_back(index);
  });
  return indices;
}

StandbySpec read_standby(const JsonReader &standby, const NodeSpec &node) {
  standby.only_keys({"switchover", "replication", "lag"});
  if (node.database.primary_node >= 0) {
    standby.fail_expected("no standby on a replica set (add replicas instead)");
  }
  if (node.instances != 1 || node.autoscaling) {
    standby.fail("a standby only on a node with one instance (an active-passive pair), found a "
                 "node with " +
                 std::string(node.autoscaling ? "autoscaling" : "several instances"));
  }
  StandbySpec spec;
  if (const auto switchover = standby.optional("switchover")) {
    spec.switchover_s = switchover->duration_s();
  }
  if (const auto replication = standby.optional("replication")) {
    spec.async_replication =
        replication->choice<bool>("a replication mode", {{"sync", false}, {"async", true}});
  }
  const auto lag = standby.optional("lag");
  if (lag && !spec.async_replication) {
    lag->fail_expected(R"(a lag only with "replication": "async")");
  }
  if (lag) {
    spec.replication_lag = read_distribution(*lag);
  } else if (spec.async_replication) {
    spec.replication_lag = node.database.replication_lag;
    if (!spec.replication_lag) {
      standby.fail(R"(a "lag" distribution with asynchronous replication (or the database's )"
                   R"("replication_lag"), found neither)");
    }
  }
  return spec;
}

} // namespace

AvailabilitySpec read_availability(const JsonReader &availability) {
  availability.only_keys({"target", "rto", "rpo", "zones", "regions", "duration", "replications"});
  AvailabilitySpec spec;
  if (const auto target = availability.optional("target")) {
    spec.target = read_target(*target);
  }
  if (const auto rto = availability.optional("rto")) {
    spec.rto_target_s = rto->positive_duration_s();
  }
  if (const auto rpo = availability.optional("rpo")) {
    spec.rpo_target_s = rpo->duration_s();
  }
  if (const auto regions = availability.optional("regions")) {
    spec.regions = read_regions(*regions);
  }
  if (const auto zones = availability.optional("zones")) {
    zones->for_each_member([&](const std::string &name, const JsonReader &zone) {
      spec.zones.push_back(read_zone(name, zone, spec.regions));
    });
  }
  if (const auto duration = availability.optional("duration")) {
    spec.duration_s = duration->positive_duration_s();
    if (spec.duration_s < kSecondsPerMonth ||
        spec.duration_s > kMaxSimulatedYears * kSecondsPerYear) {
      duration->fail_expected("a simulated time from one month (730h) to 100 years (36500d)");
    }
  }
  if (const auto replications = availability.optional("replications")) {
    spec.replications = static_cast<int>(replications->integer_in(1, kMaxReplications));
  }
  return spec;
}

ReliabilitySpec read_reliability(const JsonReader &reliability, const NodeSpec &node,
                                 const AvailabilitySpec &availability) {
  reliability.only_keys({"mtbf", "time_to_failure", "mttr", "time_to_repair", "zones",
                         "repair_crews", "min_up", "detection", "in_flight", "standby"});
  ReliabilitySpec spec;
  spec.process = read_failure_process(reliability);
  if (const auto zones = reliability.optional("zones")) {
    spec.zones = read_zone_names(*zones, availability);
  }
  if (const auto crews = reliability.optional("repair_crews")) {
    spec.repair_crews = crews->int_at_least(1);
  }
  if (const auto detection = reliability.optional("detection")) {
    spec.detection_s = detection->duration_s();
  }
  if (const auto in_flight = reliability.optional("in_flight")) {
    spec.retry_in_flight = in_flight->choice<bool>("what happens to work in flight",
                                                   {{"fail", false}, {"retry", true}});
  }
  if (const auto standby = reliability.optional("standby")) {
    spec.standby = read_standby(*standby, node);
  }
  if (const auto min_up = reliability.optional("min_up")) {
    if (spec.standby) {
      min_up->fail_expected("no min_up with a standby (one active instance serves)");
    }
    const int most = node.autoscaling ? node.autoscaling->max_instances : node.instances;
    spec.min_up = static_cast<int>(min_up->integer_in(1, most));
  }
  return spec;
}

} // namespace capsim
