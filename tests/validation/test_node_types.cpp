// The node types against queueing theory: a job queue's shared FIFO over its workers is
// M/M/c, a connection pool in front of a fast database is M/M/p, a load balancer that
// rejects beyond max_connections is the Erlang loss system, and a one-token bucket admits
// calls at 1/(1/r + 1/λ).
#include "models/analytic/queueing_formulas.hpp"
#include "validation_support.hpp"

using namespace capsim;
using namespace capsim::validation;

TEST_CASE("a job queue with 3 workers x 2 slots is M/M/6") {
  const Scenario scenario = load_case("queue_workers_mmc");
  const analytic::StationResult exact = analytic::mmc(4.8, 1.0, 6);
  const RunResult result = run_case(scenario);
  const NodeSummary &jobs = result.node("jobs");
  check_covers(jobs.wait_mean_s, exact.mean_wait_s, "mean wait in the queue");
  check_covers(jobs.prob_wait, exact.prob_wait, "probability of waiting (Erlang C)");
  check_covers(jobs.residence_mean_s, exact.mean_sojourn_s, "mean job latency");
  check_covers(result.classes.front().latency_mean_s, exact.mean_sojourn_s, "class latency");
  check_littles_law(result);
}

TEST_CASE("a connection pool of 3 before a database that never queues is M/M/3") {
  const Scenario scenario = load_case("pool_mmp");
  const analytic::StationResult exact = analytic::mmc(2.4, 1.0, 3);
  const RunResult result = run_case(scenario);
  const NodeSummary &pool = result.node("db.pool@app");
  check_covers(pool.wait_mean_s, exact.mean_wait_s, "mean wait for a connection");
  check_covers(pool.utilization, exact.utilization, "pool utilization");
  check_covers(result.classes.front().latency_mean_s, exact.mean_sojourn_s, "request latency");
  check_littles_law(result);
}

TEST_CASE("a load balancer rejecting beyond 5 connections loses Erlang B(5, 4) of requests") {
  const Scenario scenario = load_case("lb_erlang_b");
  const double blocking = analytic::erlang_b(5, 4.0);
  const RunResult result = run_case(scenario);
  const NodeSummary &lb = result.node("lb");
  check_covers(lb.drop_probability, blocking, "rejected share");
  check_covers(lb.throughput_per_s, 4.0 * (1.0 - blocking), "admitted throughput");
}

TEST_CASE("a one-token bucket at 2/s under Poisson calls at 4/s admits 4/3 per second") {
  const Scenario scenario = load_case("token_bucket");
  const RunResult result = run_case(scenario);
  const ClassSummary &calls = result.classes.front();
  check_covers(calls.throughput_per_s, 1.0 / (1.0 / 2.0 + 1.0 / 4.0), "admitted calls per second");
  const NodeSummary &api = result.node("api");
  CHECK(api.rate_limited == calls.errors); // every refused call is an error of its class
  CHECK(api.rate_limited > 0);
}
