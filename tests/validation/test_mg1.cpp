// M/G/1 (and M/D/1): the Pollaczek–Khinchine mean wait W_q = λ E[S²] / (2 (1 - ρ)),
// with E[S²] = (1 + scv) E[S]²; the service distribution's scv comes from the scenario.
#include "../relative_approx.hpp"
#include "models/analytic/queueing_formulas.hpp"
#include "validation_support.hpp"

using namespace capsim;
using namespace capsim::validation;

namespace {

void check_mg1_case(const std::string &name, double expected_scv) {
  const Scenario scenario = load_case(name);
  const Distribution &service = scenario.workload.classes.front().calls.front().demand;
  REQUIRE(service.scv() == capsim::testing::approx(expected_scv));
  const analytic::StationResult exact =
      analytic::mg1(arrival_rate_per_s(scenario), service.mean(), service.scv());
  const RunResult result = run_case(scenario);

  check_covers(result.nodes.front().utilization, exact.utilization, "utilization");
  check_covers(result.nodes.front().wait_mean_s, exact.mean_wait_s, "mean wait");
  check_covers(result.classes.front().latency_mean_s, exact.mean_sojourn_s, "mean sojourn");
  check_littles_law(result);
}

} // namespace

TEST_CASE("M/G/1 matches Pollaczek-Khinchine") {
  SUBCASE("M/D/1 (constant service)") {
    check_mg1_case("md1_rho070", 0.0);
  }
  SUBCASE("lognormal service, cv 2") {
    check_mg1_case("mg1_lognormal", 4.0);
  }
  SUBCASE("hyperexponential service, cv 2") {
    check_mg1_case("mg1_hyperexponential", 4.0);
  }
}
