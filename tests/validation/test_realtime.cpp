// Long-lived connections and memory against theory. Connections without a cap are an M/G/∞
// population (Poisson: variance = mean = λ·E[session]); with a cap of c they are M/G/c/c
// (Erlang B). Memory back-pressure that leaves room for k calls turns the node into M/M/k;
// OOM kills at k + 1 busy slots come at the rate of the birth–death chain that resets there.
// A fan-out delivers to its subscribers at publish rate × subscribers.
#include "models/analytic/network_estimate.hpp"
#include "models/analytic/queueing_formulas.hpp"
#include "models/call_program.hpp"
#include "models/network_simulation.hpp"
#include "validation_support.hpp"

#include <Eigen/Dense>

using namespace capsim;
using namespace capsim::validation;

TEST_CASE("connections without a cap are Poisson with mean λ·E[session] (M/G/∞)") {
  const Scenario scenario = load_case("connections_mginf");
  const double offered = arrival_rate_per_s(scenario) *
                         scenario.workload.classes.front().calls.front().session->mean();
  const RunResult result = run_case(scenario);
  const NodeSummary &broker = result.node("broker");
  check_covers(broker.connections_mean, offered, "mean connections");
  check_covers(broker.connections_variance, offered, "variance of the connection count");
  CHECK(broker.connections_refused == 0);
  const analytic::NetworkEstimate estimate = analytic::estimate_network(scenario);
  CHECK(estimate.node("broker")->mean_connections == doctest::Approx(offered));
}

TEST_CASE("connections with a cap are refused as Erlang B says (M/M/c/c)") {
  const Scenario scenario = load_case("connections_erlang_b");
  const NodeSpec &broker_spec = scenario.nodes.front();
  const int capacity =
      static_cast<int>(*broker_spec.max_connections_per_instance) * broker_spec.instances;
  const double offered = arrival_rate_per_s(scenario) *
                         scenario.workload.classes.front().calls.front().session->mean();
  const double blocking = analytic::erlang_b(capacity, offered);
  const RunResult result = run_case(scenario);
  const NodeSummary &broker = result.node("broker");
  check_covers(broker.connection_blocking, blocking, "refused share");
  check_covers(broker.connections_mean, offered * (1.0 - blocking), "mean connections");
  CHECK(broker.connections_peak == capacity);
  // A refused connect is an error of its class.
  CHECK(result.classes.front().errors == broker.connections_refused);
  const analytic::NetworkEstimate estimate = analytic::estimate_network(scenario);
  CHECK(estimate.node("broker")->connection_blocking == doctest::Approx(blocking));
}

TEST_CASE("memory back-pressure with room for k calls is an M/M/k queue") {
  const Scenario scenario = load_case("memory_backpressure");
  const MemoryUseSpec &use = *scenario.nodes.front().memory_use;
  const int room = static_cast<int>((*use.limit_bytes - use.base_bytes) / use.per_request_bytes);
  REQUIRE(room == 3);
  const double lambda = arrival_rate_per_s(scenario);
  const double mu = 1.0 / first_mean_service_s(scenario);
  const analytic::StationResult exact = analytic::mmc(lambda, mu, room);
  const RunResult result = run_case(scenario);
  const NodeSummary &app = result.node("app");
  check_covers(app.wait_mean_s, exact.mean_wait_s, "mean wait");
  check_covers(app.prob_wait, exact.prob_wait, "P(wait)");
  CHECK(app.memory_peak_bytes == doctest::Approx(*use.limit_bytes));
  CHECK(app.oom_kills == 0);
  // Mean memory: the base plus λ/μ calls in service at 50 MB each.
  check_covers(app.memory_mean_bytes, use.base_bytes + lambda / mu * use.per_request_bytes,
               "mean memory");
  check_littles_law(result);
  const analytic::NetworkEstimate estimate = analytic::estimate_network(scenario);
  CHECK(estimate.node("app")->mean_wait_s == doctest::Approx(exact.mean_wait_s));
}

namespace {

/// OOM kills per second of an instance whose busy slots follow births λ and deaths i·μ on
/// 0..k and reset to 0 on a birth at k: λ·π(k), π the chain's stationary distribution.
double oom_rate_per_s(double lambda, double mu, int k) {
  const int states = k + 1;
  Eigen::MatrixXd generator = Eigen::MatrixXd::Zero(states, states);
  for (int i = 0; i < states; ++i) {
    generator(i, i < k ? i + 1 : 0) += lambda;
    if (i > 0) {
      generator(i, i - 1) += i * mu;
    }
  }
  for (int i = 0; i < states; ++i) {
    generator(i, i) -= generator.row(i).sum();
  }
  // πQ = 0 with Σπ = 1: replace one balance equation by the normalization.
  Eigen::MatrixXd system = generator.transpose();
  system.row(0).setOnes();
  Eigen::VectorXd right = Eigen::VectorXd::Zero(states);
  right(0) = 1.0;
  const Eigen::VectorXd pi = system.fullPivLu().solve(right);
  return lambda * pi(k);
}

} // namespace

TEST_CASE("OOM kills come at the rate of the chain that resets at the memory limit") {
  const Scenario scenario = load_case("memory_oom");
  const MemoryUseSpec &use = *scenario.nodes.front().memory_use;
  const int room = static_cast<int>(*use.limit_bytes / use.per_request_bytes);
  const double lambda = arrival_rate_per_s(scenario);
  const double mu = 1.0 / first_mean_service_s(scenario);
  const double exact = oom_rate_per_s(lambda, mu, room);
  const CallProgram program = compile_call_program(scenario);
  std::vector<double> rates;
  for (int r = 0; r < scenario.run.replications; ++r) {
    const ReplicationResult replication = simulate_replication(scenario, program, r);
    rates.push_back(static_cast<double>(replication.nodes.front().oom_kills) /
                    replication.measured_s);
  }
  check_covers(mean_ci95(rates), exact, "OOM kills per second");

  SUBCASE("a limit that holds every slot's call never kills") {
    Scenario roomy = scenario;
    roomy.nodes.front().memory_use->limit_bytes =
        use.per_request_bytes * scenario.nodes.front().concurrency;
    const ReplicationResult replication = simulate_replication(roomy, program, 0);
    CHECK(replication.nodes.front().oom_kills == 0);
  }
}

TEST_CASE("a fan-out delivers to its subscribers' instances at publish rate × subscribers") {
  const Scenario scenario = load_case("fanout");
  const RunResult result = run_case(scenario);
  const double publish_rate = arrival_rate_per_s(scenario) * scenario.workload.classes[1].share;
  const double subscribers = scenario.workload.classes[1].calls.front().fanout->subscribers.mean();
  // With 60 connections open on average, fewer than 4 are open a negligible share of the time.
  check_covers(result.classes[2].throughput_per_s, publish_rate * subscribers,
               "deliveries per second");
  check_littles_law(result);
  const analytic::NetworkEstimate estimate = analytic::estimate_network(scenario);
  CHECK(estimate.classes[2].throughput_per_s == doctest::Approx(publish_rate * subscribers));
}
