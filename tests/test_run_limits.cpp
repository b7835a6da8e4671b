// Bounded runs: an unstable system is reported saturated with its queue growth and stays
// within the memory guard; an event budget and a stop flag end replications early and say so.
#include "models/run_scenario.hpp"
#include "models/scenario_loader.hpp"
#include "reports/json_report.hpp"
#include "reports/run_report.hpp"

#include "relative_approx.hpp"
#include <doctest/doctest.h>

using namespace capsim;

namespace {

// Three quarters of 2 requests/s go to "busy", which serves 1/s at most: offered load 1.5,
// so its queue grows by about 0.5 per second; "idle" takes the rest at utilization 0.0005.
Scenario overloaded(const std::string &duration) {
  return parse_scenario(R"({
    "run": {"duration": ")" +
                            duration + R"(", "warmup": "10s", "replications": 2},
    "workload": {"arrivals": {"rate": "2/s"}, "classes": {
      "slow": {"share": 0.75, "calls": [{"node": "busy", "demand": {"exponential": "1s"}}]},
      "fast": {"share": 0.25, "calls": [{"node": "idle", "demand": {"exponential": "1ms"}}]}}},
    "nodes": {"busy": {"type": "service"}, "idle": {"type": "service"}}})",
                        "overloaded.json");
}

} // namespace

TEST_CASE("an unstable node is reported saturated, with its queue growth") {
  const RunResult result = run_scenario(overloaded("2000s"));
  const NodeSummary &busy = result.nodes[0];
  CHECK(busy.saturated);
  CHECK_FALSE(result.nodes[1].saturated);
  CHECK(busy.utilization.estimate > 0.99);
  CHECK(busy.queue_growth_per_s.estimate == capsim::testing::approx(0.5).epsilon(0.1));
  CHECK(result.classes[0].saturated);
  CHECK_FALSE(result.classes[1].saturated);
  const auto json = run_result_to_json(result);
  CHECK(json["nodes"]["busy"]["saturated"] == true);
  CHECK(json["classes"]["slow"]["latency_is_lower_bound"] == true);
  const std::vector<std::string> warnings = run_warnings(result);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("busy is saturated") != std::string::npos);
  CHECK(warnings[0].find("slow") != std::string::npos);
}

TEST_CASE("the memory guard caps a growing queue and sheds the excess") {
  Scenario scenario = parse_scenario(R"({
    "run": {"duration": "20000s", "replications": 2},
    "workload": {"arrivals": {"rate": "3/s"}, "classes": {"r": {"calls": [
      {"node": "busy", "demand": {"constant": "1s"}}]}}},
    "nodes": {"busy": {"type": "service"}}})",
                                     "guard.json");
  RunOptions options;
  options.limits.max_waiting_per_node = 1000;
  const RunResult result = run_scenario(scenario, options);
  const NodeSummary &busy = result.nodes[0];
  CHECK(busy.saturated);
  CHECK(busy.overflow > 0);
  // Waiting never exceeds the cap: the time-average queue is at most 1000.
  CHECK(busy.queue_length_mean.estimate <= 1000.0);
  // Shed requests count as dropped for their class: 3/s offered, 1/s served.
  CHECK(static_cast<double>(result.classes[0].dropped) ==
        capsim::testing::approx(2 * 2.0 * 20000).epsilon(0.03));
}

TEST_CASE("a stable system is not saturated") {
  Scenario scenario = overloaded("2000s");
  scenario.workload.arrival_rate_per_s = 1.0; // busy at utilization 0.75
  const RunResult result = run_scenario(scenario);
  CHECK_FALSE(result.nodes[0].saturated);
  CHECK(run_warnings(result).empty());
}

TEST_CASE("an event budget ends replications early, deterministically") {
  RunOptions options;
  options.limits.max_events = 5000;
  const RunResult first = run_scenario(overloaded("100000s"), options);
  CHECK(first.stop_reason == StopReason::max_events);
  CHECK(first.events == 2 * 5000);
  CHECK(run_result_to_json(first)["stop_reason"] == "max_events");
  options.threads = 2;
  CHECK(run_result_to_json(run_scenario(overloaded("100000s"), options)).dump() ==
        run_result_to_json(first).dump());
}

TEST_CASE("a raised stop flag interrupts the run") {
  std::atomic<bool> stop{true};
  RunOptions options;
  options.limits.stop_requested = &stop;
  const RunResult result = run_scenario(overloaded("1000000s"), options);
  CHECK(result.stop_reason == StopReason::interrupted);
  CHECK(result.events <= 2 * 65536);
}
