// Traffic of call trees (models/analytic/traffic.hpp): visit ratios through probabilities and
// nesting, async calls that load their node without holding the caller, slot holding times
// with nested residences, and the per-node rates, demand mixtures and utilizations.
#include "models/analytic/traffic.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include "relative_approx.hpp"
#include <limits>
#include <string>
#include <vector>

using namespace capsim;
using namespace capsim::analytic;

namespace {

/// Two classes over three nodes, constant demands (in ms) so every moment is hand-computable:
///   a (75%): api 10 { db 2 (p 0.5) { cache 1 (p 0.4) }, db 4 }, cache 1 (p 0.3)
///   b (25%): db 3, api 5 (p 0.2) { db 2 (p 0.5) }
const char *const kTwoClasses = R"({
  "workload": {"arrivals": {"rate": "100/s"}, "classes": {
    "a": {"share": 0.75, "calls": [
      {"node": "api", "demand": {"constant": "10ms"}, "calls": [
        {"node": "db", "demand": {"constant": "2ms"}, "probability": 0.5, "calls": [
          {"node": "cache", "demand": {"constant": "1ms"}, "probability": 0.4}]},
        {"node": "db", "demand": {"constant": "4ms"}}]},
      {"node": "cache", "demand": {"constant": "1ms"}, "probability": 0.3}]},
    "b": {"share": 0.25, "calls": [
      {"node": "db", "demand": {"constant": "3ms"}},
      {"node": "api", "demand": {"constant": "5ms"}, "probability": 0.2, "calls": [
        {"node": "db", "demand": {"constant": "2ms"}, "probability": 0.5}]}]}}},
  "nodes": {"api": {"type": "service", "instances": 2, "concurrency": 4},
            "db": {"type": "service", "concurrency": 4},
            "cache": {"type": "service"}}})";

/// api 10 ms { mailer 100 ms (async) { db 5 ms } }, at 10 requests/s.
const char *const kAsync = R"({
  "workload": {"arrivals": {"rate": "10/s"}, "classes": {"r": {"calls": [
    {"node": "api", "demand": {"constant": "10ms"}, "calls": [
      {"node": "mailer", "demand": {"constant": "100ms"}, "async": true, "calls": [
        {"node": "db", "demand": {"constant": "5ms"}}]}]}]}}},
  "nodes": {"api": {"type": "service"}, "mailer": {"type": "service", "concurrency": 2},
            "db": {"type": "service"}}})";

Scenario scenario_from(const char *json) {
  return parse_scenario(json, "test.json");
}

std::vector<TimeMoments> no_waits(const Scenario &scenario) {
  return std::vector<TimeMoments>(scenario.nodes.size());
}

constexpr double kTight = 1e-12; // only rounding separates these from the hand computation
constexpr double kInfinity = std::numeric_limits<double>::infinity();

} // namespace

TEST_CASE("visit ratios multiply probabilities down the call tree") {
  const Scenario scenario = scenario_from(kTwoClasses);
  const VisitRatios visits = visit_ratios(scenario);
  const int api = scenario.node_index("api");
  const int db = scenario.node_index("db");
  const int cache = scenario.node_index("cache");
  SUBCASE("per class and node") {
    // a: api 1; db 0.5 + 1 = 1.5; cache 0.5 × 0.4 + 0.3 = 0.5.
    CHECK(visits.node_visits(api, 0) == capsim::testing::approx(1.0).epsilon(kTight));
    CHECK(visits.node_visits(db, 0) == capsim::testing::approx(1.5).epsilon(kTight));
    CHECK(visits.node_visits(cache, 0) == capsim::testing::approx(0.5).epsilon(kTight));
    // b: db 1 + 0.2 × 0.5 = 1.1; api 0.2; cache never.
    CHECK(visits.node_visits(db, 1) == capsim::testing::approx(1.1).epsilon(kTight));
    CHECK(visits.node_visits(api, 1) == capsim::testing::approx(0.2).epsilon(kTight));
    CHECK(visits.node_visits(cache, 1) == 0.0);
  }
  SUBCASE("per call: the nested cache call is made in 0.5 × 0.4 of the requests") {
    const CallProgram &program = visits.program;
    const std::uint32_t api_call = program.class_calls[0].begin;
    const std::uint32_t first_db = program.calls[api_call].first_child;
    const std::uint32_t nested_cache = program.calls[first_db].first_child;
    CHECK(visits.call_visits(nested_cache, 0) == capsim::testing::approx(0.2).epsilon(kTight));
    CHECK(visits.call_visits(nested_cache, 1) == 0.0);
  }
  SUBCASE("rates, offered loads and demand mixtures at 100 requests/s") {
    const std::vector<NodeTraffic> traffic = node_traffic(
        scenario, visits, 100.0, call_holding_times(visits.program, no_waits(scenario)));
    // 75 requests/s of a and 25 of b.
    CHECK(traffic[api].arrival_rate_per_s == capsim::testing::approx(80.0).epsilon(kTight));
    CHECK(traffic[db].arrival_rate_per_s == capsim::testing::approx(140.0).epsilon(kTight));
    CHECK(traffic[cache].arrival_rate_per_s == capsim::testing::approx(37.5).epsilon(kTight));
    // db calls per second: 37.5 × 2 ms, 75 × 4 ms, 25 × 3 ms, 2.5 × 2 ms = 455 ms/s.
    CHECK(traffic[db].offered_load_erlangs == capsim::testing::approx(0.455).epsilon(kTight));
    CHECK(traffic[db].demand.mean_s == capsim::testing::approx(0.455 / 140.0).epsilon(kTight));
    // E[S²] = (37.5 × 4 + 75 × 16 + 25 × 9 + 2.5 × 4) / 140 ms² = 1585 / 140 ms².
    const double mean_ms = 455.0 / 140.0;
    CHECK(traffic[db].demand.scv() ==
          capsim::testing::approx(1585.0 / 140.0 / (mean_ms * mean_ms) - 1.0).epsilon(1e-9));
    // Constant demands at a leaf: scv 0, holding = demand.
    CHECK(traffic[cache].demand.scv() == capsim::testing::approx(0.0).epsilon(kTight));
    CHECK(traffic[cache].holding.mean_s == capsim::testing::approx(0.001).epsilon(kTight));
  }
}

TEST_CASE("slot holding times add the residence of nested synchronous calls") {
  const Scenario scenario = scenario_from(kTwoClasses);
  const VisitRatios visits = visit_ratios(scenario);
  const int api = scenario.node_index("api");
  const int db = scenario.node_index("db");
  const int cache = scenario.node_index("cache");
  std::vector<TimeMoments> waits = no_waits(scenario);
  waits[static_cast<std::size_t>(db)] = {0.002, 8e-6};    // mean 2 ms, E[W²] 8 ms²
  waits[static_cast<std::size_t>(cache)] = {0.001, 2e-6}; // mean 1 ms, E[W²] 2 ms²
  const std::vector<TimeMoments> holding = call_holding_times(visits.program, waits);
  const std::uint32_t api_a = visits.program.class_calls[0].begin;
  SUBCASE("mean: own demand plus probability × (wait + holding) of each nested call") {
    // Inner db call: 2 + 0.4 × (1 + 1) = 2.8 ms. api: 10 + 0.5 × (2 + 2.8) + (2 + 4) = 18.4 ms.
    CHECK(holding[api_a].mean_s == capsim::testing::approx(0.0184).epsilon(kTight));
  }
  SUBCASE("second moment of independent parts") {
    // b's api call: 5 ms + B × X, B ~ Bernoulli(0.5), X = W_db + 2 ms:
    // E[X] = 4 ms, E[X²] = 8 + 2 × 2 × 2 + 4 = 20 ms²; E[BX] = 2 ms, E[(BX)²] = 10 ms²;
    // E[H²] = 25 + 2 × 5 × 2 + 10 = 55 ms².
    const std::uint32_t api_b = visits.program.class_calls[1].begin + 1;
    CHECK(holding[api_b].mean_s == capsim::testing::approx(0.007).epsilon(kTight));
    CHECK(holding[api_b].second_moment_s2 == capsim::testing::approx(55e-6).epsilon(kTight));
  }
  SUBCASE("utilization counts the held slots, not only the own demand") {
    const std::vector<NodeTraffic> traffic = node_traffic(scenario, visits, 100.0, holding);
    // 75/s hold 18.4 ms and 5/s hold 7 ms, on 2 × 4 slots.
    const double busy_slots = 75.0 * 0.0184 + 5.0 * 0.007;
    CHECK(traffic[api].holding_load_erlangs == capsim::testing::approx(busy_slots).epsilon(kTight));
    CHECK(traffic[api].utilization == capsim::testing::approx(busy_slots / 8.0).epsilon(kTight));
    CHECK(traffic[api].offered_load_erlangs == capsim::testing::approx(75 * 0.010 + 5 * 0.005));
  }
  SUBCASE("a saturated nested node makes its callers' holding unbounded") {
    waits[static_cast<std::size_t>(cache)] = {kInfinity, kInfinity};
    const std::vector<TimeMoments> unbounded = call_holding_times(visits.program, waits);
    CHECK(unbounded[api_a].mean_s == kInfinity);
    const std::uint32_t api_b = visits.program.class_calls[1].begin + 1;
    CHECK(unbounded[api_b].mean_s == capsim::testing::approx(0.007)); // b never calls the cache
  }
}

TEST_CASE("async calls load their node but do not hold the caller") {
  const Scenario scenario = scenario_from(kAsync);
  const VisitRatios visits = visit_ratios(scenario);
  std::vector<TimeMoments> waits = no_waits(scenario);
  waits[static_cast<std::size_t>(scenario.node_index("db"))] = {0.003, 2e-5};
  const std::vector<NodeTraffic> traffic =
      node_traffic(scenario, visits, 10.0, call_holding_times(visits.program, waits));
  const auto &api = traffic[static_cast<std::size_t>(scenario.node_index("api"))];
  const auto &mailer = traffic[static_cast<std::size_t>(scenario.node_index("mailer"))];
  const auto &db = traffic[static_cast<std::size_t>(scenario.node_index("db"))];
  CHECK(visits.node_visits(scenario.node_index("mailer"), 0) == capsim::testing::approx(1.0));
  CHECK(visits.node_visits(scenario.node_index("db"), 0) == capsim::testing::approx(1.0));
  CHECK(api.holding.mean_s ==
        capsim::testing::approx(0.010).epsilon(kTight)); // async not waited for
  CHECK(db.arrival_rate_per_s == capsim::testing::approx(10.0).epsilon(kTight));
  // The mailer's slot is held through its own synchronous db call: 100 + 3 + 5 ms.
  CHECK(mailer.holding.mean_s == capsim::testing::approx(0.108).epsilon(kTight));
  CHECK(mailer.utilization == capsim::testing::approx(10.0 * 0.108 / 2.0).epsilon(kTight));
}
