// Cache nodes: lookups hit with the configured (or Che-derived) probability, a miss runs the
// call's on_miss fallback while the caller keeps its slot, and the analytic twin routes the
// fallback with the miss probability.
#include "models/analytic/cache_hit_ratio.hpp"
#include "models/analytic/network_estimate.hpp"
#include "models/run_scenario.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include "relative_approx.hpp"
#include <cmath>

using namespace capsim;

namespace {

Scenario cache_scenario(const std::string &cache_settings) {
  return parse_scenario(R"({
    "run": {"duration": "2000s", "warmup": "100s", "replications": 4},
    "workload": {"arrivals": {"rate": "50/s"}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"exponential": "5ms"}, "calls": [
        {"node": "cache", "demand": {"constant": "1ms"}, "on_miss": [
          {"node": "db", "demand": {"exponential": "10ms"}},
          {"node": "cache", "demand": {"constant": "1ms"}}]}]}]}}},
    "nodes": {"app": {"type": "service", "concurrency": 64},
              "db": {"type": "service", "concurrency": 64},
              "cache": {"type": "cache", "concurrency": 64, )" +
                            cache_settings + "}}}",
                        "cache.json");
}

} // namespace

TEST_CASE("lookups hit with the configured probability and misses run the fallback") {
  const RunResult result = run_scenario(cache_scenario(R"("hit_ratio": 0.8)"));
  const NodeSummary &cache = result.nodes[2];
  REQUIRE(cache.cache);
  // ~380,000 lookups: the hit share's standard deviation is sqrt(0.8·0.2/n) ≈ 0.00065.
  CHECK(std::fabs(cache.hit_ratio.estimate - 0.8) < 4 * 0.00065);
  // db sees only the misses: 20% of 50/s; the cache sees every lookup plus the fills.
  CHECK(result.nodes[1].throughput_per_s.estimate == capsim::testing::approx(10.0).epsilon(0.03));
  CHECK(cache.throughput_per_s.estimate == capsim::testing::approx(60.0).epsilon(0.02));
  // The slots never queue: latency = app 5 ms + lookup 1 ms + 0.2·(db 10 ms + fill 1 ms).
  CHECK(result.classes[0].latency_mean_s.estimate == capsim::testing::approx(0.0082).epsilon(0.02));
  const ClassSummary &r = result.classes[0];
  REQUIRE(r.breakdown.size() == 4);
  CHECK(r.breakdown[2].path == "app > db (on miss)");
  CHECK(r.breakdown[2].calls_per_request == capsim::testing::approx(0.2).epsilon(0.02));
}

TEST_CASE("a hit ratio derived from key popularity is Che's approximation") {
  const Scenario scenario =
      cache_scenario(R"("popularity": {"keys": 10000, "zipf": 0.8, "capacity_keys": 1000})");
  const double expected = analytic::che_lru_hit_ratio({10000, 0.8}, 1000);
  CHECK(scenario.nodes[2].cache_hit_ratio == capsim::testing::approx(expected).epsilon(1e-12));
  CHECK(expected > 0.3);
  CHECK(expected < 0.7);
}

TEST_CASE("the analytic twin routes the fallback with the miss probability") {
  const Scenario scenario = cache_scenario(R"("hit_ratio": 0.7)");
  const analytic::NetworkEstimate estimate = analytic::estimate_network(scenario);
  CHECK(estimate.node("db")->arrival_rate_per_s == capsim::testing::approx(15.0));
  CHECK(estimate.node("cache")->arrival_rate_per_s == capsim::testing::approx(65.0));
  const RunResult result = run_scenario(scenario);
  for (const NodeSummary &node : result.nodes) {
    CAPTURE(node.name);
    CHECK(node.utilization.estimate ==
          capsim::testing::approx(estimate.node(node.name)->utilization).epsilon(0.03));
  }
}

TEST_CASE("cache settings and fallbacks are checked") {
  auto error_of = [](const std::string &json) {
    try {
      parse_scenario(json, "c.json");
    } catch (const ScenarioError &error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  const std::string nodes = R"("nodes": {"app": {"type": "service"},
      "cache": {"type": "cache", "hit_ratio": 0.5}})";
  auto with_call = [&](const std::string &call) {
    return R"({"workload": {"arrivals": {"rate": 1}, "classes": {"r": {"calls": [)" + call +
           "]}}}, " + nodes + "}";
  };
  CHECK(error_of(with_call(R"({"node": "app", "demand": {"constant": 1}, "on_miss": []})")) ==
        "c.json: /workload/classes/r/calls/0/on_miss: expected on_miss only on a call to a cache "
        "or cdn node (\"app\" is neither), found an empty array");
  CHECK(error_of(with_call(R"({"node": "cache", "demand": {"constant": 1},
                               "calls": [{"node": "app", "demand": {"constant": 1}}]})"))
            .find("expected no nested calls on a call to a cache or cdn") != std::string::npos);
  CHECK(error_of(with_call(R"({"node": "cache", "demand": {"constant": 1}, "on_miss": [
          {"node": "cache", "demand": {"constant": 1}, "on_miss": []}]})"))
            .find("expected no on_miss inside an on_miss list") != std::string::npos);
  CHECK(error_of(R"({"workload": {"arrivals": {"rate": 1}, "classes": {"r": {"calls": [
          {"node": "cache", "demand": {"constant": 1}}]}}},
          "nodes": {"cache": {"type": "cache"}}})") ==
        "c.json: /nodes/cache: expected exactly one of hit_ratio or popularity for a cache node, "
        "found an object");
  CHECK(error_of(R"({"workload": {"arrivals": {"rate": 1}, "classes": {"r": {"calls": [
          {"node": "cache", "demand": {"constant": 1}}]}}},
          "nodes": {"cache": {"type": "cache", "hit_ratio": 1.5}}})") ==
        "c.json: /nodes/cache/hit_ratio: expected a hit ratio in [0, 1], found 1.5");
}

TEST_CASE("a TTL cache's hit ratio uses the lookup rate of the traffic equations") {
  // One lookup per request at 50 requests/s: Che with TTL at 50 lookups/s. The fill inside
  // on_miss is a write, not a lookup.
  const Scenario scenario = cache_scenario(
      R"("popularity": {"keys": 10000, "zipf": 0.8, "capacity_keys": 1000, "ttl": "60s"})");
  const double expected = analytic::che_lru_ttl_hit_ratio({10000, 0.8}, 1000, 60.0, 50.0);
  CHECK(scenario.nodes[2].cache_hit_ratio == capsim::testing::approx(expected).epsilon(1e-12));
  // A one-minute TTL at 50 lookups/s expires most entries before the LRU would evict them.
  CHECK(expected < analytic::che_lru_hit_ratio({10000, 0.8}, 1000));
}
