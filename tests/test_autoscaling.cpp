// Autoscaling: the Autoscaler's decisions on synthetic metric totals (target tracking, step
// rules held for their time, cooldowns, min/max), then the simulation applying them with
// real timing: decisions at evaluation times, instances serving after the provisioning
// delay, convergence to ceil(λ·S / (c·target)), and scale-in that drains without losing work.
#include "models/autoscaler.hpp"
#include "models/run_scenario.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace capsim;

namespace {

/// Totals after `seconds` at a steady `utilization` of `slots` slots.
MetricSample steady(double seconds, double utilization, double slots) {
  MetricSample sample;
  sample.at_ns = seconds_to_ns(seconds);
  sample.busy_slot_seconds = seconds * utilization * slots;
  sample.slot_seconds = seconds * slots;
  return sample;
}

AutoscalingSpec target_tracking(double target) {
  AutoscalingSpec spec;
  spec.min_instances = 1;
  spec.max_instances = 10;
  spec.target = target;
  spec.scale_in_cooldown_s = 300.0;
  return spec;
}

} // namespace

TEST_CASE("target tracking sizes to ceil(current x metric / target) within min and max") {
  AutoscalingSpec spec = target_tracking(0.7);
  Autoscaler scaler(spec);
  scaler.record(steady(0, 0.9, 8));
  scaler.record(steady(60, 0.9, 8));
  // 2 instances at 90% -> ceil(2 x 0.9 / 0.7) = 3.
  auto decision = scaler.decide(2, 0);
  REQUIRE(decision);
  CHECK(decision->change == 1);
  CHECK(decision->metric_value == doctest::Approx(0.9));
  CHECK(decision->threshold == 0.7);
  // A pending instance counts: 2 serving + 1 coming is already 3.
  scaler.record(steady(120, 0.9, 8));
  CHECK_FALSE(scaler.decide(2, 1));
  // Far above target: capped at max.
  AutoscalingSpec small = target_tracking(0.1);
  small.max_instances = 4;
  Autoscaler capped(small);
  capped.record(steady(0, 1.0, 4));
  capped.record(steady(60, 1.0, 4));
  CHECK(capped.decide(1, 0)->change == 3);
}

TEST_CASE("scale-in waits for its cooldown, also after a scale-out") {
  Autoscaler scaler(target_tracking(0.7));
  scaler.record(steady(0, 1.0, 4));
  scaler.record(steady(60, 1.0, 4));
  REQUIRE(scaler.decide(1, 0)->change == 1); // scale-out at 60 s
  // The load vanishes: utilization 0 over the next windows.
  MetricSample idle = steady(60, 1.0, 4);
  for (int minute = 2; minute <= 7; ++minute) {
    idle.at_ns = seconds_to_ns(60.0 * minute);
    idle.slot_seconds += 60.0 * 8;
    scaler.record(idle);
    const auto decision = scaler.decide(2, 0);
    if (minute < 6) { // within 300 s of the scale-out at 60 s
      CHECK_FALSE(decision);
    } else if (minute == 6) {
      REQUIRE(decision);
      CHECK(decision->change == -1); // down to min 1
    }
  }
}

TEST_CASE("no scale-in while instances are being provisioned") {
  AutoscalingSpec spec = target_tracking(0.7);
  spec.scale_in_cooldown_s = 0.0;
  Autoscaler scaler(spec);
  scaler.record(steady(0, 0.1, 8));
  scaler.record(steady(60, 0.1, 8));
  CHECK_FALSE(scaler.decide(3, 2)); // e.g. two killed instances restarting
  CHECK(scaler.decide(3, 0)->change == -2);
}

TEST_CASE("a step rule fires only when the metric held beyond its threshold for its time") {
  AutoscalingSpec spec;
  spec.min_instances = 2;
  spec.max_instances = 20;
  spec.scale_out = StepRule{0.7, 120.0, 2}; // above 70% for 2 min: add 2
  spec.scale_in = StepRule{0.3, 600.0, 1};  // below 30% for 10 min: remove 1
  spec.scale_out_cooldown_s = 0.0;
  Autoscaler scaler(spec);
  // 60 s at 50%, then 60 s at 95%: the 2-minute average is 72.5% > 70%.
  MetricSample sample = steady(0, 0.0, 10);
  scaler.record(sample);
  sample = steady(60, 0.5, 10);
  scaler.record(sample);
  CHECK_FALSE(scaler.decide(4, 0)); // 50% over the minute so far: neither rule
  sample.at_ns = seconds_to_ns(120);
  sample.busy_slot_seconds += 60 * 0.95 * 10;
  sample.slot_seconds += 60 * 10;
  scaler.record(sample);
  const auto decision = scaler.decide(4, 0);
  REQUIRE(decision);
  CHECK(decision->change == 2);
  CHECK(decision->metric_value == doctest::Approx(0.725));
}

namespace {

/// λ = 10/s, S = 1 s: 10 erlangs on instances of 4 slots; target 70% -> ceil(10 / 2.8) = 4.
Scenario tier(const std::string &instances, const std::string &autoscaling,
              const std::string &run) {
  return parse_scenario(R"({"seed": 5, "run": )" + run + R"(,
    "workload": {"arrivals": {"rate": "10/s"}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"exponential": "1s"}}]}}},
    "nodes": {"app": {"type": "service", "concurrency": 4, "balancer": "least_connections",
                      "instances": )" +
                            instances + R"(, "autoscaling": )" + autoscaling + "}}}",
                        "a.json");
}

} // namespace

TEST_CASE("the simulation converges to ceil(λS / (c·target)) and times its decisions") {
  const Scenario scenario =
      tier(R"({"min": 1, "max": 10, "initial": 1})",
           R"({"target": 0.7, "interval": "1m", "window": "3m", "provisioning": {"constant": "90s"},
               "scale_out_cooldown": "2m", "scale_in_cooldown": "5m"})",
           R"({"duration": "3h", "warmup": "1h", "replications": 3})");
  const RunResult result = run_scenario(scenario);
  const NodeSummary &app = result.nodes[0];
  CHECK(app.autoscaled);
  // After the warm-up the tier holds 4 instances (3 or 5, briefly, when a 3-minute average
  // strays 5 points from its mean of 62.5%).
  CHECK(app.instances_mean.estimate == doctest::Approx(4.0).epsilon(0.05));
  CHECK(app.instances_min >= 3);
  CHECK(app.instances_max <= 5);
  CHECK(result.classes[0].errors == 0);
  // The first decision comes at the first evaluation, one interval in; scale-outs are at
  // least the cooldown apart.
  REQUIRE(!result.scaling_events.empty());
  CHECK(result.scaling_events.front().time_s == doctest::Approx(60.0));
  CHECK(result.scaling_events.front().from == 1);
  double last_out_s = -1e9;
  for (const ScalingEvent &event : result.scaling_events) {
    if (event.to > event.from) {
      CHECK(event.time_s - last_out_s >= 120.0 - 1e-9);
      last_out_s = event.time_s;
    }
  }
}

TEST_CASE("scale-in drains: removed instances finish their work, nothing is lost") {
  // 8 instances for a load that needs 4: the tier shrinks to 4 while requests keep flowing.
  const Scenario scenario = tier(R"({"min": 2, "max": 8, "initial": 8})",
                                 R"({"target": 0.7, "interval": "30s", "scale_in_cooldown": "1m"})",
                                 R"({"duration": "40m", "replications": 2})");
  const RunResult result = run_scenario(scenario);
  const NodeSummary &app = result.nodes[0];
  CHECK(app.instances_max == 8);
  CHECK(app.instances_min >= 3);
  CHECK(app.instances_min <= 4);
  CHECK(result.classes[0].errors == 0);
  CHECK(result.classes[0].dropped == 0);
  // Every request that arrived completed, except those in flight at the end.
  CHECK(result.classes[0].throughput_per_s.estimate == doctest::Approx(10.0).epsilon(0.03));
}

TEST_CASE("scheduled scaling moves the bounds, and the count into them, on time") {
  // 1 erlang on instances of 4 slots: target tracking keeps 1 instance. At 10 minutes the
  // schedule raises the minimum to 4 (e.g. before a known peak), at 20 minutes back to 1.
  const Scenario scenario =
      tier(R"({"min": 1, "max": 10, "initial": 1})",
           R"({"target": 0.7, "scale_in_cooldown": "2m", "provisioning": {"constant": "30s"},
               "schedule": [{"at": "10m", "min": 4}, {"at": "20m", "min": 1}]})",
           R"({"duration": "40m", "replications": 1})");
  Scenario light = scenario;
  light.workload.arrival_rate_per_s = 1.0;
  const RunResult result = run_scenario(light);
  REQUIRE(!result.scaling_events.empty());
  const ScalingEvent &raise = result.scaling_events.front();
  CHECK(raise.time_s == doctest::Approx(600.0));
  CHECK(raise.from == 1);
  CHECK(raise.to == 4);
  CHECK(result.nodes[0].instances_max == 4);
  // After the minimum drops back, target tracking shrinks the tier to 1 again.
  CHECK(result.scaling_events.back().to == 1);
  CHECK(result.scaling_events.back().time_s >= 1200.0);
}

TEST_CASE("scheduled changes move the count relatively, within the bounds, every period") {
  // 1 erlang, min 2: target tracking holds 2 instances. Every 20 minutes from minute 10 the
  // schedule pre-warms the tier by 50% (2 → 3, rounded up); 2 minutes of scale-in cooldown
  // later target tracking takes it back to 2. A raise past the max is clamped.
  const auto run_with = [](const std::string &change, const std::string &max) {
    Scenario scenario = tier(R"({"min": 2, "max": )" + max + R"(, "initial": 2})",
                             R"({"target": 0.7, "scale_in_cooldown": "2m",
                   "schedule": [{"at": "10m", "every": "20m", "change": ")" +
                                 change + R"("}]})",
                             R"({"duration": "40m", "replications": 1})");
    scenario.workload.arrival_rate_per_s = 1.0;
    return run_scenario(scenario);
  };
  SUBCASE("+50% at 10 and 30 minutes, each scaled back in") {
    const RunResult result = run_with("+50%", "10");
    std::vector<std::pair<double, int>> raises;
    for (const ScalingEvent &event : result.scaling_events) {
      if (event.to > event.from) {
        raises.emplace_back(event.time_s, event.to - event.from);
        CHECK(event.from == 2);
      }
    }
    REQUIRE(raises.size() == 2);
    CHECK(raises[0].first == doctest::Approx(600.0));
    CHECK(raises[1].first == doctest::Approx(1800.0));
    CHECK(raises[0].second == 1);
    CHECK(result.nodes[0].instances_max == 3);
    CHECK(result.scaling_events.back().to == 2);
  }
  SUBCASE("x2, +3 and -1 as the schedule says; x4 stops at the max") {
    CHECK(run_with("x2", "10").scaling_events.front().to == 4);
    CHECK(run_with("+3", "10").scaling_events.front().to == 5);
    CHECK(run_with("x4", "6").scaling_events.front().to == 6);
    // -1 from 2 would go under the minimum: nothing to do.
    CHECK(run_with("-1", "10").scaling_events.empty());
  }
}
