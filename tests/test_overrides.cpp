// --set PATH=VALUE: both path forms, JSON and plain-string values, overrides validated like
// the file itself, and every malformed override exits 2 with a clear message.
#include "cli_support.hpp"
#include "models/scenario_loader.hpp"
#include "models/scenario_overrides.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace capsim;

namespace {

constexpr std::string_view kScenario =
    R"({"workload": {"arrivals": {"rate": 1}, "classes": {"r": {"calls": [
         {"node": "app", "demand": {"constant": 0.1}}]}}},
       "nodes": {"app": {"type": "service", "instances": 2}, "db.main": {"type": "service"}}})";

Scenario with(const std::vector<std::string> &assignments) {
  std::vector<ScenarioOverride> overrides;
  for (const std::string &assignment : assignments) {
    overrides.push_back(parse_override(assignment));
  }
  return parse_scenario(kScenario, "s.json", overrides);
}

std::string error_of(const std::vector<std::string> &assignments) {
  try {
    with(assignments);
  } catch (const ScenarioError &error) {
    return error.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("overrides replace values before the scenario is read") {
  SUBCASE("dotted path and JSON value") {
    CHECK(with({"nodes.app.instances=5"}).nodes[0].instances == 5);
    CHECK(with({"nodes.app.concurrency=3", "nodes.app.concurrency=4"}).nodes[0].concurrency == 4);
  }
  SUBCASE("a JSON pointer reaches names with dots; plain strings need no quotes") {
    CHECK(with({"/nodes/db.main/instances=3"}).nodes[1].instances == 3);
    CHECK(with({"workload.arrivals.rate=2.5/s"}).workload.arrival_rate_per_s == 2.5);
    CHECK(with({R"(workload.arrivals.rate="3/s")"}).workload.arrival_rate_per_s == 3.0);
  }
  SUBCASE("a new member is allowed where the format allows it") {
    CHECK(with({"nodes.app.queue_limit=10"}).nodes[0].queue_limit == 10);
  }
}

TEST_CASE("bad overrides get the loader's messages or their own") {
  CHECK(error_of({"nodes.app.instances=-3"}) ==
        "s.json: /nodes/app/instances: expected an integer >= 1, found -3");
  CHECK(error_of({"nodes.app.instanses=3"}) ==
        "s.json: /nodes/app/instanses: unknown key; did you mean \"instances\"? (allowed: "
        "autoscaling, balancer, concurrency, cost, cpu, instances, latency, memory, "
        "memory_use, queue_limit, reliability, service_time_scaling, type)");
  CHECK(error_of({"nodes.ap.instances=3"}) ==
        "command line: --set: expected a path whose parent /nodes/ap exists, found "
        "\"nodes.ap.instances=3\"");
  CHECK(error_of({"instances"}) ==
        "command line: --set: expected PATH=VALUE, e.g. nodes.app.instances=4, found "
        "\"instances\"");
  CHECK(error_of({"nodes..app=1"}) ==
        "command line: --set: expected a path without empty names, found \"nodes..app=1\"");
  CHECK(error_of({"workload.classes.r.calls.3=1"}) ==
        "command line: --set: expected an index of the 1-element array at "
        "/workload/classes/r/calls, found \"workload.classes.r.calls.3=1\"");
  CHECK(error_of({"nodes.app.type.x=1"}) ==
        "command line: --set: expected a path inside an object or array, but /nodes/app/type "
        "is a string, found \"nodes.app.type.x=1\"");
}

TEST_CASE("--set on the command line") {
  const auto outcome = cli_support::capsim("analyze " + cli_support::example("web_shop.json") +
                                           " --set nodes.api.instances=4 --format json");
  CHECK(outcome.exit_code == 0);
  const auto bad = cli_support::capsim("run " + cli_support::example("web_shop.json") +
                                       " --set nodes.api.instances=0");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find("/nodes/api/instances: expected an integer >= 1, found 0") !=
        std::string::npos);
}
