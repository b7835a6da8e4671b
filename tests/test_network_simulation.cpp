// The request life cycle of the network simulation: determinism, synchronous holding of
// the caller's slot, async calls, drops releasing held slots, closed users, balancers.
#include "models/run_scenario.hpp"
#include "models/scenario_loader.hpp"
#include "reports/json_report.hpp"

#include <doctest/doctest.h>

#include "relative_approx.hpp"
#include <cmath>
#include <filesystem>

using namespace capsim;

namespace {

Scenario parse(const std::string &json) {
  return parse_scenario(json, "test.json");
}

std::string json_of(const Scenario &scenario, int threads) {
  RunOptions options;
  options.threads = threads;
  return run_result_to_json(run_scenario(scenario, options)).dump();
}

} // namespace

TEST_CASE("runs are deterministic") {
  const Scenario scenario =
      load_scenario(std::filesystem::path(CAPSIM_SOURCE_DIR) / "scenarios/examples/web_shop.json");
  Scenario short_run = scenario;
  short_run.run = RunSpec{120.0, 10.0, 4};

  SUBCASE("same seed, same bytes, whatever the thread count") {
    const std::string one_thread = json_of(short_run, 1);
    CHECK(one_thread == json_of(short_run, 2));
    CHECK(one_thread == json_of(short_run, 3));
    CHECK(one_thread == json_of(short_run, 1));
  }
  SUBCASE("another seed gives other numbers") {
    Scenario other = short_run;
    other.seed += 1;
    CHECK(json_of(short_run, 2) != json_of(other, 2));
  }
}

TEST_CASE("a synchronous call holds the caller's slot") {
  // app: one slot, 10 ms own work, then a 40 ms call to db while holding the app slot.
  // Arrivals at 10/s: app utilization = λ·(own + db sojourn) = 10 · 0.05 = 0.5 when db never
  // queues (db has plenty of slots), though app's own demand alone would give only 0.1.
  const Scenario scenario = parse(R"({
    "run": {"duration": "2000s", "warmup": "100s", "replications": 4},
    "workload": {"arrivals": {"rate": "10/s"}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"constant": "10ms"}, "calls": [
        {"node": "db", "demand": {"constant": "40ms"}}]}]}}},
    "nodes": {"app": {"type": "service", "concurrency": 1},
              "db": {"type": "service", "concurrency": 64}}})");
  const RunResult result = run_scenario(scenario);
  const NodeSummary &app = result.node("app");
  CHECK(app.utilization.estimate == capsim::testing::approx(0.5).epsilon(0.03));
  CHECK(app.residence_mean_s.estimate > 0.05); // own work + db call + queueing
  CHECK(result.node("db").utilization.estimate ==
        capsim::testing::approx(10 * 0.04 / 64).epsilon(0.03));
  // end-to-end latency includes both nodes
  CHECK(result.classes.front().latency_percentile_s[0].estimate >= 0.0499);
}

TEST_CASE("an async call does not hold the caller or add to its latency") {
  const Scenario scenario = parse(R"({
    "run": {"duration": "1000s", "warmup": "10s", "replications": 2},
    "workload": {"arrivals": {"rate": "5/s"}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"constant": "10ms"}, "calls": [
        {"node": "mail", "demand": {"constant": "2s"}, "async": true}]}]}}},
    "nodes": {"app": {"type": "service", "concurrency": 4},
              "mail": {"type": "service", "concurrency": 100}}})");
  const RunResult result = run_scenario(scenario);
  CHECK(result.classes.front().latency_mean_s.estimate ==
        capsim::testing::approx(0.010).epsilon(1e-6));
  CHECK(result.node("mail").throughput_per_s.estimate ==
        capsim::testing::approx(5.0).epsilon(0.05));
  CHECK(result.node("mail").utilization.estimate ==
        capsim::testing::approx(5.0 * 2.0 / 100).epsilon(0.05));
}

TEST_CASE("a dropped request releases the slots it held") {
  // db admits nothing beyond its single slot; app callers that are dropped at db must free
  // their app slot, or app would jam and its throughput fall to zero.
  const Scenario scenario = parse(R"({
    "run": {"duration": "1000s", "replications": 2},
    "workload": {"arrivals": {"rate": "20/s"}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"exponential": "1ms"}, "calls": [
        {"node": "db", "demand": {"exponential": "100ms"}}]}]}}},
    "nodes": {"app": {"type": "service", "concurrency": 4},
              "db": {"type": "service", "concurrency": 1, "queue_limit": 0}}})");
  const RunResult result = run_scenario(scenario);
  const ClassSummary &r = result.classes.front();
  CHECK(r.dropped > 0);
  CHECK(r.completed > 0);
  // Every arrival either completes or is dropped (up to the requests in flight at the end).
  const double per_replication = static_cast<double>(r.completed + r.dropped) / 2.0;
  CHECK(per_replication == capsim::testing::approx(20.0 * 1000.0).epsilon(0.03));
  CHECK(result.node("app").dropped == 0);
}

TEST_CASE("closed users think, submit and wait") {
  // Interactive response time law: X = N / (R + Z).
  const Scenario scenario = parse(R"({
    "run": {"duration": "5000s", "warmup": "100s", "replications": 4},
    "workload": {"users": 20, "think_time": {"exponential": "2s"}, "classes": {"r": {"calls": [
      {"node": "srv", "demand": {"exponential": "50ms"}}]}}},
    "nodes": {"srv": {"type": "service", "concurrency": 2}}})");
  const RunResult result = run_scenario(scenario);
  const ClassSummary &r = result.classes.front();
  const double response_s = r.latency_mean_s.estimate;
  CHECK(r.throughput_per_s.estimate ==
        capsim::testing::approx(20.0 / (response_s + 2.0)).epsilon(0.02));
}

TEST_CASE("request classes split arrivals by their shares") {
  const Scenario scenario = parse(R"({
    "run": {"duration": "2000s", "replications": 2},
    "workload": {"arrivals": {"rate": "10/s"}, "classes": {
      "a": {"share": 0.25, "calls": [{"node": "srv", "demand": {"constant": "1ms"}}]},
      "b": {"share": 0.75, "calls": [{"node": "srv", "demand": {"constant": "1ms"}}]}}},
    "nodes": {"srv": {"type": "service", "concurrency": 4}}})");
  const RunResult result = run_scenario(scenario);
  // Given the total n, the count of class a is Binomial(n, 0.25): its share has standard
  // deviation sqrt(0.25 * 0.75 / n), about 0.0022 for n = 40,000; allow 4 of them.
  const double total =
      static_cast<double>(result.classes[0].completed + result.classes[1].completed);
  const double share_a = static_cast<double>(result.classes[0].completed) / total;
  CHECK(total == capsim::testing::approx(40000).epsilon(0.02)); // Poisson: sd 200, 4 sd = 2%
  CHECK(std::fabs(share_a - 0.25) <= 4.0 * std::sqrt(0.25 * 0.75 / total));
}

TEST_CASE("balancers spread load over instances") {
  for (const char *balancer : {"round_robin", "random", "least_connections", "power_of_two"}) {
    CAPTURE(balancer);
    const Scenario scenario = parse(std::string(R"({
      "run": {"duration": "2000s", "warmup": "100s", "replications": 4},
      "workload": {"arrivals": {"rate": "6/s"}, "classes": {"r": {"calls": [
        {"node": "srv", "demand": {"exponential": "0.5s"}}]}}},
      "nodes": {"srv": {"type": "service", "instances": 4, "balancer": ")") +
                                    balancer + R"("}}})");
    const RunResult result = run_scenario(scenario);
    CHECK(result.nodes.front().utilization.estimate == capsim::testing::approx(0.75).epsilon(0.03));
  }
}

TEST_CASE("a precision target adds replications until the intervals are tight") {
  const Scenario scenario = parse(R"({
    "run": {"duration": "500s", "warmup": "50s", "replications": 3},
    "workload": {"arrivals": {"rate": "0.7/s"}, "classes": {"r": {"calls": [
      {"node": "srv", "demand": {"exponential": "1s"}}]}}},
    "nodes": {"srv": {"type": "service"}}})");
  RunOptions options;
  options.threads = 2;
  const RunResult fixed = run_scenario(scenario, options);
  CHECK(fixed.replications == 3);
  CHECK(worst_relative_half_width(fixed) > 0.05);
  options.precision = 0.05;
  options.max_replications = 400;
  const RunResult precise = run_scenario(scenario, options);
  CHECK(precise.replications > 3);
  CHECK(precise.replications <= 400);
  CHECK(worst_relative_half_width(precise) <= 0.05);
}

TEST_CASE("the latency breakdown accounts for where the time goes") {
  const Scenario scenario = parse(R"({
    "run": {"duration": "2000s", "warmup": "50s", "replications": 4},
    "workload": {"arrivals": {"rate": "20/s"}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"exponential": "10ms"}, "calls": [
        {"node": "db", "demand": {"exponential": "5ms"}, "probability": 0.3},
        {"node": "mail", "demand": {"constant": "1s"}, "async": true}]}]}}},
    "nodes": {"app": {"type": "service", "concurrency": 2},
              "db": {"type": "service", "concurrency": 1},
              "mail": {"type": "service", "concurrency": 50}}})");
  const RunResult result = run_scenario(scenario);
  const ClassSummary &r = result.classes.front();
  REQUIRE(r.breakdown.size() == 3);
  CHECK(r.breakdown[0].path == "app");
  CHECK(r.breakdown[1].path == "app > db");
  CHECK(r.breakdown[2].path == "app > mail");
  CHECK(r.breakdown[2].async);
  CHECK(r.breakdown[2].mean_latency_share_s == 0.0);
  // About 160,000 requests: the share of db calls is Binomial; 4 sd of 0.3 is 0.005.
  CHECK(r.breakdown[1].calls_per_request == capsim::testing::approx(0.3).epsilon(0.02));
  CHECK(r.breakdown[0].service_mean_s == capsim::testing::approx(0.010).epsilon(0.02));
  CHECK(r.breakdown[2].service_p95_s == capsim::testing::approx(1.0).epsilon(0.01));
  // The synchronous shares add up to the class's mean latency (same requests, pooled).
  double total_s = 0.0;
  for (const CallSiteSummary &site : r.breakdown) {
    total_s += site.mean_latency_share_s;
  }
  CHECK(total_s == capsim::testing::approx(r.latency_mean_s.estimate).epsilon(0.01));
}
