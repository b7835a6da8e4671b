// Headroom against the exact answer: an M/M/1 station's response time is exponential with
// rate μ - λ, so "p95 <= T" holds while λ <= μ - ln 20 / T. The search must land within 2%
// of that multiplier, and on the safe side of it up to its own bracket and the CI of a probe.
#include "models/headroom.hpp"
#include "validation_support.hpp"

#include <cmath>

using namespace capsim;
using namespace capsim::validation;

TEST_CASE("headroom of an M/M/1 under a p95 SLO is the exact multiplier within 2%") {
  const Scenario scenario = load_case("headroom_mm1");
  const double mu = 1.0 / first_mean_service_s(scenario);
  const double lambda = arrival_rate_per_s(scenario);
  const double target_s = scenario.slos.front().target_s;
  const double exact = (mu - std::log(20.0) / target_s) / lambda;
  RunOptions options;
  options.threads = 2;
  const HeadroomResult result = find_headroom(scenario, options);
  INFO("headroom x" << result.load_multiplier << ", exact x" << exact);
  CHECK(std::fabs(result.load_multiplier - exact) <= 0.02 * exact);
  CHECK(result.load_multiplier < result.broken_multiplier);
  // The bisection stops when its bracket is 1% wide.
  CHECK(result.broken_multiplier - result.load_multiplier <= 0.01 * result.broken_multiplier);
  CHECK(result.bottleneck == "station");
  REQUIRE(result.first_broken.has_value());
  CHECK(result.first_broken->spec.class_name == "job");
  CHECK(result.analytic_saturation_multiplier == doctest::Approx(2.0));
}
