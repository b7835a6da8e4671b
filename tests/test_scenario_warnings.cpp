// Warnings about valid scenarios: synchronous cycles across classes, pools that hold more
// connections than their database accepts, and demands too short for a nanosecond clock.
#include "models/scenario_loader.hpp"
#include "models/scenario_warnings.hpp"

#include <doctest/doctest.h>

#include <filesystem>

using namespace capsim;

namespace {

Scenario scenario_of(const std::string &classes, const std::string &nodes) {
  return parse_scenario(R"({"workload": {"arrivals": {"rate": 1}, "classes": )" + classes +
                            R"(}, "nodes": )" + nodes + "}",
                        "w.json");
}

} // namespace

TEST_CASE("a cycle of held slots across classes is reported") {
  const std::string nodes = R"({"a": {"type": "service"}, "b": {"type": "service"}})";
  SUBCASE("a holds while calling b in one class, b while calling a in another") {
    const Scenario scenario = scenario_of(
        R"({"x": {"share": 0.5, "calls": [{"node": "a", "demand": {"constant": 1}, "calls": [
               {"node": "b", "demand": {"constant": 1}}]}]},
            "y": {"share": 0.5, "calls": [{"node": "b", "demand": {"constant": 1}, "calls": [
               {"node": "a", "demand": {"constant": 1}}]}]}})",
        nodes);
    const auto warnings = scenario_warnings(scenario);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("(a → b → a)") != std::string::npos);
  }
  SUBCASE("an async call holds nothing") {
    const Scenario scenario = scenario_of(
        R"({"x": {"share": 0.5, "calls": [{"node": "a", "demand": {"constant": 1}, "calls": [
               {"node": "b", "demand": {"constant": 1}}]}]},
            "y": {"share": 0.5, "calls": [{"node": "b", "demand": {"constant": 1}, "calls": [
               {"node": "a", "demand": {"constant": 1}, "async": true}]}]}})",
        nodes);
    CHECK(scenario_warnings(scenario).empty());
  }
}

TEST_CASE("pools holding more than max_connections are reported") {
  const Scenario scenario = scenario_of(
      R"({"x": {"calls": [{"node": "app", "demand": {"constant": 1}, "calls": [
             {"node": "db", "op": "read", "demand": {"constant": 1}}]}]}})",
      R"({"app": {"type": "service", "instances": 30},
          "db": {"type": "database", "primary": {}, "pool": {"size": 10}, "max_connections": 200}})");
  const auto warnings = scenario_warnings(scenario);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] == "the pools of database db hold 300 connections but max_connections is "
                       "200: overflow connections will always be refused");
}

TEST_CASE("a mean demand under 10 ns is reported: the clock counts whole nanoseconds") {
  const std::string nodes = R"({"a": {"type": "service"}, "b": {"type": "service",
                                "service_time_scaling": 0.001}})";
  const Scenario scenario = scenario_of(
      R"({"x": {"calls": [{"node": "a", "demand": {"exponential": "1ns"}},
                          {"node": "a", "demand": {"constant": "1s"}},
                          {"node": "b", "demand": {"constant": "5us"}}]}})",
      nodes);
  const auto warnings = scenario_warnings(scenario);
  REQUIRE(warnings.size() == 2); // b's 5 us are 5 ns once scaled
  CHECK(warnings[0] == "calls to a have a mean demand of 1.00 ns, under 10 ns: simulated time "
                       "is whole nanoseconds, so each sampled demand is rounded to one (a "
                       "constant under 0.5 ns becomes 0) and the figures of these calls are "
                       "approximate");
  CHECK(warnings[1].starts_with("calls to b have a mean demand of 5.00 ns, under 10 ns"));
  CHECK(scenario_warnings(
            scenario_of(R"({"x": {"calls": [{"node": "a", "demand": {"constant": "10ns"}}]}})",
                        nodes))
            .empty());
}

TEST_CASE("the shipped examples have nothing to warn about") {
  for (const char *name : {"web_shop.json", "three_tier.json"}) {
    CAPTURE(name);
    CHECK(scenario_warnings(load_scenario(std::filesystem::path(CAPSIM_SOURCE_DIR) / "scenarios" /
                                          "examples" / name))
              .empty());
  }
}
