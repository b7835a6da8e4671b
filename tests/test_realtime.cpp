// Long-lived connections and memory: the realtime node's and memory_use's keys load or fail
// with a clear line; a killed broker drops its connections; scale-in migrates or drops them;
// an autoscaler on connections settles where the connections per instance meet the target;
// OOM kills restart the instance; `analyze` and the JSON report carry the new figures.
#include "cli_support.hpp"
#include "models/run_scenario.hpp"
#include "models/scenario_error.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace capsim;

namespace {

std::string error_of(const std::string &json) {
  try {
    parse_scenario(json, "r.json");
  } catch (const ScenarioError &error) {
    return error.what();
  }
  return "no error";
}

/// A scenario with the given classes and nodes, open arrivals at `rate`, and `extra`
/// top-level members (each followed by a comma).
std::string scenario_text(const std::string &classes, const std::string &nodes,
                          const std::string &extra = "", const std::string &rate = "2/s") {
  return "{" + extra + R"("seed": 5, "run": {"duration": "3000s", "warmup": "200s",
          "replications": 2}, "workload": {"arrivals": {"rate": ")" +
         rate + R"("}, "classes": )" + classes + R"(}, "nodes": )" + nodes + "}";
}

const std::string kConnect = R"({"c": {"calls": [{"node": "sse", "demand": {"constant": "1ms"},
                                   "session": {"exponential": "50s"}}]}})";

std::string broker(const std::string &extra) {
  return R"({"sse": {"type": "realtime", "concurrency": 2)" + extra + "}}";
}

} // namespace

TEST_CASE("realtime and memory_use keys fail with one clear line") {
  const std::string service = R"({"app": {"type": "service"}})";
  CHECK(
      error_of(scenario_text(
          R"({"c": {"calls": [{"node": "app", "demand": {"constant": 1},
                "session": {"constant": 1}}]}})",
          service)) ==
      R"(r.json: /workload/classes/c/calls/0/session: expected session only on a call to a realtime node ("app" is not one), found an object)");
  CHECK(
      error_of(scenario_text(
          R"({"p": {"share": 0.5, "calls": [{"node": "sse", "demand": {"constant": 1},
                "fanout": {"class": "d", "subscribers": {"constant": 2}}}]},
                "d": {"share": 0.5, "calls": [{"node": "sse", "demand": {"constant": 1}}]}})",
          broker(""))) ==
      R"(r.json: /workload/classes/p/calls/0/fanout/class: expected a class with share 0 (it receives only deliveries), found "d" with share 0.5)");
  CHECK(
      error_of(scenario_text(
          R"({"p": {"share": 1, "calls": [{"node": "sse", "demand": {"constant": 1},
                "fanout": {"class": "d", "subscribers": {"constant": 2}}}]},
                "d": {"share": 0, "calls": [{"node": "app", "demand": {"constant": 1}}]}})",
          R"({"sse": {"type": "realtime"}, "app": {"type": "service"}})")) ==
      R"(r.json: /workload/classes/d/calls/0: expected a synchronous call to "sse" first (class "d" receives its fanout's deliveries there), found an object)");
  CHECK(error_of(scenario_text(kConnect, broker(R"(, "max_connections": 0)"))) ==
        "r.json: /nodes/sse/max_connections: expected an integer >= 1, found 0");
  CHECK(
      error_of(scenario_text(
          kConnect, broker(R"(, "memory_use": {"limit": "1GB", "at_limit": "oom_kill"})"))) ==
      R"(r.json: /nodes/sse/memory_use: expected a "restart_after" duration with "at_limit": "oom_kill", found none)");
  CHECK(
      error_of(scenario_text(
          R"({"c": {"calls": [{"node": "app", "demand": {"constant": 1}}]}})",
          R"({"app": {"type": "service", "memory_use": {"per_connection": "1MB"}}})")) ==
      R"(r.json: /nodes/app/memory_use/per_connection: expected per_connection only on a realtime node, found "1MB")");
  CHECK(
      error_of(scenario_text(R"({"c": {"calls": [{"node": "app", "demand": {"constant": 1}}]}})",
                             R"({"app": {"type": "service", "instances": {"min": 1, "max": 4},
                "autoscaling": {"metric": "connections", "target": 10}}})")) ==
      R"(r.json: /nodes/app/autoscaling/metric: expected connections only on a realtime node, found "connections")");
  CHECK(
      error_of(scenario_text(
          R"({"c": {"calls": [{"node": "app", "demand": {"constant": 1}}]}})",
          R"({"app": {"type": "service", "memory_use": {"base": "2GB", "limit": "1GB"}}})")) ==
      R"(r.json: /nodes/app/memory_use: expected a limit at or above the base footprint (2000000000 bytes), found an object)");
}

TEST_CASE("a killed broker drops its connections; the survivors keep theirs") {
  const Scenario scenario =
      parse_scenario(scenario_text(kConnect, broker(R"(, "instances": 2)"),
                                   R"("failures": [{"at": "1000s", "node": "sse", "kill": 1}],)"),
                     "r.json");
  const RunResult result = run_scenario(scenario);
  const NodeSummary &sse = result.node("sse");
  // About half of the ~100 open connections were on the killed instance.
  CHECK(sse.connections_dropped > 2 * 20);
  CHECK(sse.connections_dropped < 2 * 80);
  CHECK(sse.instances_min == 1);
}

TEST_CASE("an autoscaler on connections settles at ceil(connections / target)") {
  // 2/s × 50 s = 100 connections; a target of 35 per instance asks for 3 instances. The tier
  // starts at 8: scale-in moves the connections of the instances it removes.
  const std::string autoscaled = R"(, "instances": {"min": 1, "max": 10, "initial": 8},
      "autoscaling": {"metric": "connections", "target": 35, "interval": "1m", "window": "5m",
                      "scale_in_cooldown": "2m")";
  SUBCASE("migrate") {
    const RunResult result =
        run_scenario(parse_scenario(scenario_text(kConnect, broker(autoscaled + "}")), "r.json"));
    const NodeSummary &sse = result.node("sse");
    CHECK(result.timeseries->nodes.front().instances.back() == doctest::Approx(3.0));
    CHECK(sse.connections_dropped == 0);
    CHECK(sse.connections_migrated > 0);
  }
  SUBCASE("drop") {
    const RunResult result = run_scenario(parse_scenario(
        scenario_text(kConnect, broker(autoscaled + R"(}, "on_scale_in": "drop")")), "r.json"));
    const NodeSummary &sse = result.node("sse");
    CHECK(sse.connections_dropped > 0);
    CHECK(sse.connections_migrated == 0);
  }
}

TEST_CASE("an autoscaler on memory settles where the memory share meets the target") {
  // 10/s × 1 s = 10 busy slots over n instances of 100 MB + 100 MB per call in 1 GB: the share
  // is 0.1 + 1/n, and target tracking at 0.5 asks for ceil(n × (0.1 + 1/n) / 0.5) =
  // ceil(0.2 n + 2) instances, whose fixed point is n = 3.
  const Scenario scenario = parse_scenario(
      scenario_text(R"({"c": {"calls": [{"node": "app", "demand": {"exponential": "1s"}}]}})",
                    R"({"app": {"type": "service", "concurrency": 8,
                        "balancer": "least_connections",
                        "instances": {"min": 1, "max": 10, "initial": 8},
                        "memory_use": {"base": "100MB", "per_request": "100MB", "limit": "1GB"},
                        "autoscaling": {"metric": "memory", "target": 0.5, "window": "5m",
                                        "scale_in_cooldown": "2m"}}})",
                    "", "10/s"),
      "r.json");
  const RunResult result = run_scenario(scenario);
  CHECK(result.timeseries->nodes.front().instances.back() == doctest::Approx(3.0));
  CHECK(result.node("app").scaling_metric == "memory");
}

TEST_CASE("an OOM kill fails the instance's work and the instance restarts") {
  const Scenario scenario = parse_scenario(
      scenario_text(R"({"c": {"calls": [{"node": "app", "demand": {"exponential": "1s"}}]}})",
                    R"({"app": {"type": "service", "concurrency": 8, "memory_use": {
                        "base": "100MB", "per_request": "100MB", "limit": "400MB",
                        "at_limit": "oom_kill", "restart_after": "30s"}}})"),
      "r.json");
  const RunResult result = run_scenario(scenario);
  const NodeSummary &app = result.node("app");
  CHECK(app.oom_kills > 0);
  CHECK(result.classes.front().errors >= app.oom_kills); // at least the call that went over
  CHECK(app.memory_peak_bytes == doctest::Approx(500e6));
  REQUIRE_FALSE(result.oom_events.empty());
  CHECK(result.oom_events.front().memory_bytes == doctest::Approx(500e6));
}

TEST_CASE("analyze and run --format json report connections and memory") {
  const std::string path =
      std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/connections_erlang_b.json";
  auto outcome = cli_support::capsim("analyze " + path + " --format json");
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.out.find("\"blocking\"") != std::string::npos);
  outcome = cli_support::capsim("run " + path +
                                " --duration 2000s --warmup 100s --replications 2 --format json");
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.out.find("\"connections\"") != std::string::npos);
  CHECK(outcome.out.find("\"refused\"") != std::string::npos);
}
