// M/M/c/K: the blocking probability p_K and the throughput λ(1 - p_K) of a station with
// c servers and K - c waiting places; K = c is Erlang B (M/M/c/c).
#include "../relative_approx.hpp"
#include "models/analytic/queueing_formulas.hpp"
#include "validation_support.hpp"

using namespace capsim;
using namespace capsim::validation;

namespace {

void check_mmck_case(const std::string &name) {
  const Scenario scenario = load_case(name);
  const NodeSpec &node = scenario.nodes.front();
  const int capacity = node.concurrency + static_cast<int>(node.queue_limit.value());
  const double lambda = arrival_rate_per_s(scenario);
  const double mu = 1.0 / first_mean_service_s(scenario);
  const analytic::StationResult exact = analytic::mmck(lambda, mu, node.concurrency, capacity);
  const RunResult result = run_case(scenario);
  const NodeSummary &station = result.nodes.front();

  check_covers(station.drop_probability, exact.blocking_probability, "blocking probability");
  check_covers(station.throughput_per_s, exact.throughput_per_s, "throughput");
  check_covers(station.utilization, exact.utilization, "utilization");
  if (capacity > node.concurrency) {
    check_covers(station.wait_mean_s, exact.mean_wait_s, "mean wait of admitted jobs");
  }
  check_littles_law(result);
}

} // namespace

TEST_CASE("M/M/c/K matches its closed form") {
  SUBCASE("M/M/2/6") {
    check_mmck_case("mmck_c2_k6");
  }
  SUBCASE("M/M/5/5 is Erlang B") {
    const Scenario scenario = load_case("mmcc_c5");
    REQUIRE(analytic::mmck(4.0, 1.0, 5, 5).blocking_probability ==
            capsim::testing::approx(analytic::erlang_b(5, 4.0)));
    check_mmck_case("mmcc_c5");
  }
}
