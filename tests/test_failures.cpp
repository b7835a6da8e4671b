// Failure drills: killed instances take their work with them (failed or retried, never
// silently lost) and the autoscaler restores the capacity; a slowed node's service times
// are multiplied for the drill's duration; a node that is down refuses calls, which fail
// over or fail.
#include "models/run_scenario.hpp"
#include "models/scenario_error.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace capsim;

namespace {

Scenario scenario_of(const std::string &classes, const std::string &nodes,
                     const std::string &failures, const std::string &run,
                     const std::string &rate = "10/s") {
  return parse_scenario(R"({"seed": 9, "run": )" + run +
                            R"(, "workload": {"arrivals": {"rate": ")" + rate +
                            R"("}, "classes": )" + classes + R"(}, "nodes": )" + nodes +
                            R"(, "failures": )" + failures + "}",
                        "f.json");
}

const std::string kOneCall =
    R"({"r": {"calls": [{"node": "app", "demand": {"exponential": "1s"}}]}})";

// A tier of 4 instances x 4 slots at 10 erlangs; two of them die at 10 minutes.
std::string kill_two(const std::string &extra) {
  return R"([{"at": "10m", "node": "app", "kill": 2)" + extra + "}]";
}

} // namespace

TEST_CASE("work on killed instances fails, or is retried on the survivors") {
  const std::string nodes = R"({"app": {"type": "service", "instances": 4, "concurrency": 4,
                                        "balancer": "least_connections"}})";
  const std::string run = R"({"duration": "20m", "replications": 2})";
  SUBCASE("failed") {
    const RunResult result = run_scenario(scenario_of(kOneCall, nodes, kill_two(""), run));
    const NodeSummary &app = result.nodes[0];
    // About 8 requests in service on the two dead instances, plus whatever queued there.
    CHECK(app.failed >= 2 * 4);
    CHECK(result.classes[0].errors == app.failed);
    CHECK(app.instances_min == 2);
  }
  SUBCASE("retried") {
    const RunResult result =
        run_scenario(scenario_of(kOneCall, nodes, kill_two(R"(, "in_flight": "retry")"), run));
    CHECK(result.nodes[0].failed >= 2 * 4);
    CHECK(result.classes[0].errors == 0);
  }
}

TEST_CASE("killing half the workers drops capacity and the autoscaler restores it") {
  // A job queue of 4 workers x 2 at 5 erlangs (62.5%); half die at 20 minutes and never
  // restart. Target tracking at 70% with a 1-minute provisioning delay brings the count back.
  const Scenario scenario = scenario_of(
      R"({"job": {"calls": [{"node": "jobs", "demand": {"exponential": "1s"}}]}})",
      R"({"jobs": {"type": "queue", "workers": {"min": 2, "max": 8, "initial": 4}, "concurrency": 2,
                   "autoscaling": {"target": 0.7, "window": "2m",
                                   "provisioning": {"constant": "1m"}}}})",
      R"([{"at": "20m", "node": "jobs", "kill_fraction": 0.5, "in_flight": "retry"}])",
      R"({"duration": "40m", "replications": 1})", "5/s");
  const RunResult result = run_scenario(scenario);
  const NodeSummary &jobs = result.nodes[0];
  CHECK(jobs.instances_min == 2);
  CHECK(result.classes[0].errors == 0);
  // Scale-outs after the kill (the first evaluation at 21 minutes sees the overload).
  const ScalingEvent *first_after_kill = nullptr;
  for (const ScalingEvent &event : result.scaling_events) {
    if (event.time_s > 1200.0 && event.to > event.from) {
      first_after_kill = &event;
      break;
    }
  }
  REQUIRE(first_after_kill != nullptr);
  CHECK(first_after_kill->time_s <= 1200.0 + 60.0 + 1e-9);
  CHECK(first_after_kill->from == 2);
  // By the end the tier is back to the size the load needs: ceil(5 / (2 x 0.7)) = 4.
  const ScalingEvent &last = result.scaling_events.back();
  CHECK(last.to >= 4);
}

TEST_CASE("a slowed node multiplies its service times for the drill's duration") {
  const Scenario scenario =
      scenario_of(R"({"r": {"calls": [{"node": "app", "demand": {"constant": "10ms"}}]}})",
                  R"({"app": {"type": "service", "concurrency": "unlimited"}})",
                  R"([{"at": 0, "node": "app", "slow": 3, "for": "1h"}])",
                  R"({"duration": "10m", "replications": 2})");
  const RunResult result = run_scenario(scenario);
  CHECK(result.classes[0].latency_mean_s.estimate == doctest::Approx(0.030).epsilon(1e-6));
}

TEST_CASE("a node that is down refuses calls: they fail over, or fail") {
  const std::string classes = R"({"r": {"calls": [{"node": "api"}]}})";
  const std::string down = R"([{"at": "5m", "node": "api", "down_for": "5m"}])";
  const std::string run = R"({"duration": "20m", "replications": 2})";
  SUBCASE("to a backup") {
    const RunResult result = run_scenario(scenario_of(
        classes,
        R"({"api": {"type": "external", "latency": {"constant": "10ms"}, "failover": "backup"},
                     "backup": {"type": "external", "latency": {"constant": "50ms"}}})",
        down, run));
    CHECK(result.classes[0].errors == 0);
    // A quarter of the time everything goes to the backup.
    CHECK(result.nodes[0].failovers > 0);
    CHECK(result.nodes[1].throughput_per_s.estimate == doctest::Approx(2.5).epsilon(0.1));
  }
  SUBCASE("or fail") {
    const RunResult result = run_scenario(scenario_of(
        classes, R"({"api": {"type": "external", "latency": {"constant": "10ms"}}})", down, run));
    const double calls =
        static_cast<double>(result.classes[0].errors + result.classes[0].completed);
    CHECK(static_cast<double>(result.classes[0].errors) / calls ==
          doctest::Approx(0.25).epsilon(0.1));
  }
}

TEST_CASE("failure drills are checked") {
  const std::string nodes = R"({"app": {"type": "service"}})";
  const std::string run = R"({"duration": "1m"})";
  auto error_of = [&](const std::string &failures) {
    try {
      scenario_of(kOneCall, nodes, failures, run);
    } catch (const ScenarioError &error) {
      return std::string(error.what());
    }
    return std::string("(no error)");
  };
  CHECK(error_of(R"([{"at": 1, "node": "app"}])") ==
        "f.json: /failures/0: expected exactly one of \"kill\", \"kill_fraction\", \"slow\" or "
        "\"down_for\", found an object");
  CHECK(error_of(R"([{"at": 1, "node": "ap", "kill": 1}])") ==
        "f.json: /failures/0/node: expected the name of a node (one of: app), found \"ap\"; did "
        "you mean \"app\"?");
  CHECK(error_of(R"([{"at": 1, "node": "app", "slow": 2}])") ==
        "f.json: /failures/0: expected a \"for\" key, found an object without one");
  CHECK(error_of(R"([{"at": 1, "node": "app", "down_for": "1m", "in_flight": "retry"}])") ==
        "f.json: /failures/0/in_flight: expected in_flight only with kill or kill_fraction, found "
        "\"retry\"");
}

TEST_CASE("the time series shows the outage and the recovery time is measured") {
  // A 10 ms node slowed x20 from 10 to 15 minutes breaks "p95 <= 50 ms" in exactly those
  // five 1-minute windows, so the SLO is back 300 s after the fault.
  Scenario scenario =
      scenario_of(R"({"r": {"calls": [{"node": "app", "demand": {"constant": "10ms"}}]}})",
                  R"({"app": {"type": "service", "concurrency": "unlimited"}})",
                  R"([{"at": "10m", "node": "app", "slow": 20, "for": "5m"}])",
                  R"({"duration": "30m", "replications": 1, "window": "1m"})");
  scenario.slos.push_back(SloSpec{"r", 0, 2, 0.05}); // p95 <= 50 ms
  const RunResult result = run_scenario(scenario);
  REQUIRE(result.timeseries.has_value());
  const TimeSeries &series = *result.timeseries;
  CHECK(series.windows == 30);
  CHECK(series.window_s == 60.0);
  const ClassSeries &r = series.classes[0];
  std::int64_t arrivals = 0;
  for (std::size_t w = 0; w < series.windows; ++w) {
    arrivals += r.arrivals[w];
    const bool slowed = w >= 10 && w < 15;
    CAPTURE(w);
    CHECK((r.latency[w].quantile_s(0.95) > 0.05) == slowed);
  }
  CHECK(arrivals == doctest::Approx(10.0 * 1800).epsilon(0.03));
  REQUIRE(result.recoveries.size() == 1);
  CHECK(result.recoveries[0].breached);
  REQUIRE(result.recoveries[0].recovery_s.has_value());
  CHECK(*result.recoveries[0].recovery_s == doctest::Approx(300.0)); // windows 10..14
}
