// Load balancing over k identical instances: random splitting of a Poisson stream gives k
// independent M/M/1 queues, each at rate λ/k; balancers that look at the instances' load
// (least connections, power of two choices) must do strictly better on the mean wait.
#include "models/analytic/queueing_formulas.hpp"
#include "validation_support.hpp"

using namespace capsim;
using namespace capsim::validation;

TEST_CASE("random balancing equals k independent M/M/1 queues") {
  const Scenario scenario = load_case("balancing_random");
  const NodeSpec &pool = scenario.nodes.front();
  REQUIRE(pool.balancer == Balancer::random);
  const double per_instance_rate = arrival_rate_per_s(scenario) / pool.instances;
  const double mu = 1.0 / first_mean_service_s(scenario);
  const analytic::StationResult exact = analytic::mmc(per_instance_rate, mu, 1);
  const RunResult result = run_case(scenario);

  check_covers(result.nodes.front().utilization, exact.utilization, "utilization");
  check_covers(result.nodes.front().wait_mean_s, exact.mean_wait_s, "mean wait");
  check_covers(result.classes.front().latency_mean_s, exact.mean_sojourn_s, "mean sojourn");
  check_littles_law(result);
}

TEST_CASE("load-aware balancers beat random on mean wait") {
  const Estimate random = run_case(load_case("balancing_random")).nodes.front().wait_mean_s;
  for (const char *name : {"balancing_least_connections", "balancing_power_of_two"}) {
    CAPTURE(name);
    const Estimate aware = run_case(load_case(name)).nodes.front().wait_mean_s;
    // Strictly better: the two intervals do not overlap.
    CHECK(aware.ci_high < random.ci_low);
    // And no better than a single pooled M/M/4 queue, the best any balancer can do.
    const double pooled_wait_s = analytic::mmc(3.2, 1.0, 4).mean_wait_s;
    CHECK(aware.ci_high > pooled_wait_s);
  }
}
