// M/M/1: mean wait W_q = ρ/(μ-λ), mean sojourn 1/(μ-λ), and the sojourn is exponential
// with rate μ-λ, so its p-quantile is -ln(1-p)/(μ-λ).
#include "../relative_approx.hpp"
#include "models/analytic/queueing_formulas.hpp"
#include "validation_support.hpp"

using namespace capsim;
using namespace capsim::validation;

namespace {

void check_mm1_case(const std::string &name, double expected_utilization) {
  const Scenario scenario = load_case(name);
  const double lambda = arrival_rate_per_s(scenario);
  const double mu = 1.0 / first_mean_service_s(scenario);
  REQUIRE(lambda / mu == capsim::testing::approx(expected_utilization));
  const analytic::StationResult exact = analytic::mmc(lambda, mu, 1);
  const RunResult result = run_case(scenario);
  const NodeSummary &station = result.nodes.front();
  const ClassSummary &job = result.classes.front();

  check_covers(station.utilization, exact.utilization, "utilization");
  check_covers(station.wait_mean_s, exact.mean_wait_s, "mean wait");
  check_covers(job.latency_mean_s, exact.mean_sojourn_s, "mean sojourn");
  for (std::size_t p = 0; p < kReportedPercentiles.size(); ++p) {
    const double probability = kReportedPercentiles[p].probability;
    if (probability > 0.99) {
      continue; // p99.9 needs far longer runs for a tight CI; p50-p99 are asked for
    }
    check_covers(job.latency_percentile_s[p],
                 analytic::mm1_sojourn_quantile_s(lambda, mu, probability),
                 std::string("sojourn ") + kReportedPercentiles[p].key);
  }
  check_littles_law(result);
}

} // namespace

TEST_CASE("M/M/1 matches its closed form") {
  SUBCASE("utilization 0.5") {
    check_mm1_case("mm1_rho050", 0.5);
  }
  SUBCASE("utilization 0.9") {
    check_mm1_case("mm1_rho090", 0.9);
  }
}
