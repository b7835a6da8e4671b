// Sizing against the exact answer: an M/M/c station under a p95 SLO. The response time of
// M/M/c is an Erlang C wait plus the service, whose p95 has a closed form; the cheapest
// passing server count is the least c whose exact p95 is within the target. The search must
// choose it, reject every smaller c (by the analytic bound or by simulation) and confirm the
// runners-up above it.
#include "models/analytic/queueing_formulas.hpp"
#include "models/size.hpp"
#include "validation_support.hpp"

using namespace capsim;
using namespace capsim::validation;

TEST_CASE("size finds the least server count whose exact p95 meets the SLO") {
  const Scenario scenario = load_case("size_mmc_p95");
  const double lambda = arrival_rate_per_s(scenario);
  const double mu = 1.0 / first_mean_service_s(scenario);
  const double target_s = scenario.slos.front().target_s;
  int optimal = 0;
  for (int c = 1; optimal == 0; ++c) {
    if (lambda < c * mu && analytic::mmc_sojourn_quantile_s(lambda, mu, c, 0.95) <= target_s) {
      optimal = c;
    }
  }
  REQUIRE(scenario.size_space.has_value());
  SizeOptions options;
  options.run.threads = 2;
  const SizeResult result = find_size(scenario.source_file, {}, *scenario.size_space, options);
  REQUIRE(result.chosen.has_value());
  const SizeCandidate &chosen = result.candidates[*result.chosen];
  INFO(chosen.reason);
  CHECK(chosen.labels.front() == std::to_string(optimal));
  CHECK(chosen.cost == doctest::Approx(optimal)); // unpriced: slots
  int runners_up = 0;
  for (const SizeCandidate &candidate : result.candidates) {
    const int c = std::stoi(candidate.labels.front());
    INFO("c = " << c << ": " << candidate_status_name(candidate.status) << ", "
                << candidate.reason);
    if (c * mu <= lambda) {
      CHECK(candidate.status == CandidateStatus::too_little_headroom);
    } else if (c < optimal) {
      CHECK(candidate.status == CandidateStatus::slo_broken);
    } else if (c > optimal && c <= optimal + 2) {
      CHECK(candidate.status == CandidateStatus::runner_up);
      ++runners_up;
    } else if (c > optimal) {
      CHECK(candidate.status == CandidateStatus::not_simulated);
    }
  }
  CHECK(runners_up == 2);
}
