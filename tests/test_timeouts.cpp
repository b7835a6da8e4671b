// Per-call timeouts and retries: the caller gives up and retries after a backoff while the
// abandoned attempt keeps the callee busy (as a real server would); exhausted retries make
// the request an error, and rejections by a full queue are retried the same way.
#include "models/run_scenario.hpp"
#include "models/scenario_loader.hpp"

#include "relative_approx.hpp"
#include <doctest/doctest.h>

using namespace capsim;

namespace {

Scenario with_db_call(const std::string &db_call, const std::string &db_node,
                      const std::string &workload = R"("arrivals": {"rate": "0.1/s"})") {
  return parse_scenario(R"({
    "run": {"duration": "20000s", "warmup": "100s", "replications": 2},
    "workload": {)" + workload +
                            R"(, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"constant": "1ms"}, "calls": [)" +
                            db_call + R"(]}]}}},
    "nodes": {"app": {"type": "service", "concurrency": 100}, "db": )" +
                            db_node + "}}",
                        "timeouts.json");
}

} // namespace

TEST_CASE("a call that outlives its timeout fails the request, and the callee keeps working") {
  const RunResult result =
      run_scenario(with_db_call(R"({"node": "db", "demand": {"constant": "2s"}, "timeout": "1s"})",
                                R"({"type": "service", "concurrency": 100})"));
  const ClassSummary &r = result.classes.front();
  CHECK(r.completed == 0);
  CHECK(r.errors > 0);
  // 0.1 requests/s for 19,900 s in 2 replications: about 3,980 requests, all errors.
  CHECK(static_cast<double>(r.errors) == capsim::testing::approx(3980).epsilon(0.1));
  // The abandoned attempts still occupy db for their full 2 s: utilization 0.1·2/100.
  CHECK(result.nodes[1].utilization.estimate == capsim::testing::approx(0.002).epsilon(0.1));
}

TEST_CASE("retries repeat a timed-out call after a doubling backoff") {
  const RunResult result = run_scenario(with_db_call(
      R"({"node": "db", "demand": {"constant": "2s"}, "timeout": "1s", "retries": 2,
          "retry_backoff": "100ms"})",
      R"({"type": "service", "concurrency": 100})"));
  const ClassSummary &r = result.classes.front();
  CHECK(r.completed == 0);
  CHECK(r.retries == 2 * r.errors); // two retries before every error
  // Three attempts of 2 s each per request: db utilization triples.
  CHECK(result.nodes[1].utilization.estimate == capsim::testing::approx(0.006).epsilon(0.1));
  // The caller's slot at app is held 1 + 0.1 + 1 + 0.2 + 1 = 3.3 s (plus 1 ms of own work).
  CHECK(result.nodes[0].residence_mean_s.estimate == capsim::testing::approx(3.301).epsilon(1e-6));
}

TEST_CASE("a timeout that never fires changes nothing") {
  const std::string node = R"({"type": "service", "concurrency": 1})";
  const RunResult without =
      run_scenario(with_db_call(R"({"node": "db", "demand": {"exponential": "100ms"}})", node,
                                R"("arrivals": {"rate": "5/s"})"));
  const RunResult with = run_scenario(
      with_db_call(R"({"node": "db", "demand": {"exponential": "100ms"}, "timeout": "1h"})", node,
                   R"("arrivals": {"rate": "5/s"})"));
  CHECK(with.classes[0].errors == 0);
  CHECK(with.classes[0].completed == without.classes[0].completed);
  CHECK(with.classes[0].latency_mean_s.estimate == without.classes[0].latency_mean_s.estimate);
}

TEST_CASE("rejected calls are retried") {
  // db has one slot and no waiting room; at 0.5 requests/s with 1 s demand, half the calls
  // find it busy. Retrying after a backoff turns most rejections into completions.
  const std::string db = R"({"type": "service", "concurrency": 1, "queue_limit": 0})";
  const std::string workload = R"("arrivals": {"rate": "0.5/s"})";
  const RunResult once = run_scenario(
      with_db_call(R"({"node": "db", "demand": {"exponential": "1s"}})", db, workload));
  const RunResult retried = run_scenario(with_db_call(
      R"({"node": "db", "demand": {"exponential": "1s"}, "retries": 5, "retry_backoff": "1s"})", db,
      workload));
  CHECK(once.classes[0].dropped > 0);
  CHECK(retried.classes[0].retries > 0);
  CHECK(retried.classes[0].dropped * 5 < once.classes[0].dropped);
  CHECK(retried.classes[0].completed > once.classes[0].completed);
}

TEST_CASE("closed users whose requests time out go on cycling") {
  // db at 25-40% utilization: an exponential 0.5 s call outlives 1 s in 13.5% of cases
  // before any queueing, and abandoned attempts add load, so a minority of requests fail.
  const RunResult result = run_scenario(with_db_call(
      R"({"node": "db", "demand": {"exponential": "500ms"}, "timeout": "1s", "retries": 1})",
      R"({"type": "service", "concurrency": 1})",
      R"("users": 5, "think_time": {"exponential": "10s"})"));
  const ClassSummary &r = result.classes.front();
  CHECK(r.errors > 0);
  CHECK(r.retries > r.errors);
  CHECK(r.completed > 3 * r.errors); // most requests still complete
  CHECK(result.nodes[1].utilization.estimate > 0.2);
}

TEST_CASE("abandoned attempts can overload a node: a retry storm") {
  // The same five users with a slower db: every timed-out attempt leaves 2 s of work
  // behind, attempts arrive faster than db can serve them, and nothing completes.
  const RunResult result = run_scenario(with_db_call(
      R"({"node": "db", "demand": {"exponential": "2s"}, "timeout": "1s", "retries": 1})",
      R"({"type": "service", "concurrency": 1})",
      R"("users": 5, "think_time": {"exponential": "1s"})"));
  CHECK(result.nodes[1].saturated);
  CHECK(result.classes[0].errors > 100 * result.classes[0].completed);
}
