// M/M/c (Erlang C): P(wait > 0) = C(c, a) and W_q = C(c, a) / (cμ - λ).
#include "../relative_approx.hpp"
#include "models/analytic/queueing_formulas.hpp"
#include "validation_support.hpp"

using namespace capsim;
using namespace capsim::validation;

namespace {

void check_mmc_case(const std::string &name, int servers, double expected_utilization) {
  const Scenario scenario = load_case(name);
  const double lambda = arrival_rate_per_s(scenario);
  const double mu = 1.0 / first_mean_service_s(scenario);
  REQUIRE(scenario.nodes.front().concurrency == servers);
  REQUIRE(lambda / (servers * mu) == capsim::testing::approx(expected_utilization));
  const analytic::StationResult exact = analytic::mmc(lambda, mu, servers);
  const RunResult result = run_case(scenario);
  const NodeSummary &station = result.nodes.front();

  check_covers(station.utilization, exact.utilization, "utilization");
  check_covers(station.wait_mean_s, exact.mean_wait_s, "mean wait");
  check_covers(station.prob_wait, exact.prob_wait, "P(wait > 0)");
  check_covers(result.classes.front().latency_mean_s, exact.mean_sojourn_s, "mean sojourn");
  check_littles_law(result);
}

} // namespace

TEST_CASE("M/M/c matches Erlang C") {
  SUBCASE("c = 2, utilization 0.7") {
    check_mmc_case("mmc_c2_rho070", 2, 0.7);
  }
  SUBCASE("c = 2, utilization 0.95") {
    check_mmc_case("mmc_c2_rho095", 2, 0.95);
  }
  SUBCASE("c = 8, utilization 0.7") {
    check_mmc_case("mmc_c8_rho070", 8, 0.7);
  }
  SUBCASE("c = 8, utilization 0.95") {
    check_mmc_case("mmc_c8_rho095", 8, 0.95);
  }
}
