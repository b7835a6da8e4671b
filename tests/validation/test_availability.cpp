// The failure simulation against theory (scenarios/validation/availability_*.json): one unit is
// up MTBF / (MTBF + MTTR) of the time whatever the shape of its times; an N+1 tier with one
// repair crew and an active-passive pair with a 5-minute failover match their Markov chains;
// two zones match the conditioned product; the results do not depend on the thread count; and
// the requests an instance failure loses (L / N, Little's law) match the request-level DES with
// kill drills. The rule is validation_support's, applied to the unavailability (the small
// figure): exact within the widened 95% interval, the interval within ±5% of it.
#include "models/availability/analytic_availability.hpp"
#include "models/availability/availability_study.hpp"
#include "models/availability/redundancy_chains.hpp"
#include "validation_support.hpp"

using namespace capsim;
using namespace capsim::availability;
using namespace capsim::validation;

namespace {

Estimate unavailability(const Estimate &availability) {
  return {1.0 - availability.estimate, 1.0 - availability.ci_high, 1.0 - availability.ci_low};
}

struct Case {
  Scenario scenario;
  AvailabilityModel model;
  SimulatedFigures simulated;
};

Case simulate_case(const std::string &name, int threads = 2) {
  Case result{load_case(name), {}, {}};
  result.model = build_availability_model(result.scenario);
  result.simulated = simulate_availability(result.model, result.scenario, threads);
  return result;
}

} // namespace

TEST_CASE("one unit is up MTBF / (MTBF + MTTR) of the time") {
  SUBCASE("exponential times") {
    const Case single = simulate_case("availability_single");
    check_covers(unavailability(single.simulated.classes[0].availability), 6.0 / 246.0,
                 "unavailability");
    // Outages: one per failure, about 35.6 a year (8,760 h / 246 h).
    check_covers(single.simulated.classes[0].outages_per_year, 8760.0 / 246.0, "outages per year");
    check_covers(single.simulated.classes[0].downtime_s_per_year, 8760.0 * 3600.0 * 6.0 / 246.0,
                 "downtime per year");
  }
  SUBCASE("Weibull failures and lognormal repairs: only the means matter") {
    Scenario scenario = load_case("availability_single");
    ReliabilitySpec &reliability = *scenario.nodes[0].reliability;
    reliability.process.time_to_failure = Distribution::weibull_mean_cv(10 * kSecondsPerDay, 0.5);
    reliability.process.time_to_repair = Distribution::lognormal_mean_cv(6 * 3600.0, 1.5);
    const SimulatedFigures simulated =
        simulate_availability(build_availability_model(scenario), scenario, 2);
    check_covers(unavailability(simulated.classes[0].availability), 6.0 / 246.0, "unavailability");
  }
}

TEST_CASE("an N+1 tier with one repair crew matches its Markov chain") {
  const Case tier = simulate_case("availability_n_plus_1");
  const double rho = 0.1; // MTTR / MTBF
  const double two_or_more_failed =
      (6 * rho * rho + 6 * rho * rho * rho) / (1 + 3 * rho + 6 * rho * rho + 6 * rho * rho * rho);
  const AnalyticAvailability analytic = analyze_availability(tier.model);
  CHECK(1.0 - analytic.classes[0].capacity_availability ==
        doctest::Approx(two_or_more_failed).epsilon(1e-9));
  check_covers(unavailability(tier.simulated.classes[0].capacity_availability), two_or_more_failed,
               "below 2 of 3");
}

TEST_CASE("an active-passive pair with a failover time matches the analytic downtime") {
  const Case pair = simulate_case("availability_active_passive");
  const AnalyticAvailability analytic = analyze_availability(pair.model);
  const double downtime_s_per_year = (1.0 - analytic.classes[0].availability) * kSecondsPerYear;
  INFO("analytic downtime " << downtime_s_per_year / 60.0 << " min a year, failovers "
                            << analytic.groups[0].failovers_per_year << " a year");
  check_covers(pair.simulated.classes[0].downtime_s_per_year, downtime_s_per_year,
               "downtime per year");
  CHECK(pair.simulated.groups[0].failovers_per_year ==
        doctest::Approx(analytic.groups[0].failovers_per_year).epsilon(0.05));
  // Nearly all of it is switch-overs: 5 minutes each, about 18 a year.
  CHECK(downtime_s_per_year ==
        doctest::Approx(analytic.groups[0].failovers_per_year * 300.0).epsilon(0.15));
}

TEST_CASE("instances in two zones match the product conditioned on the zones") {
  const Case zones = simulate_case("availability_zones");
  const double instance = 240.0 / 246.0;
  const double zone = 1440.0 / 1452.0;
  const double exact = std::pow(1.0 - instance * zone, 2);
  CHECK(1.0 - analyze_availability(zones.model).classes[0].availability ==
        doctest::Approx(exact).epsilon(1e-9));
  check_covers(unavailability(zones.simulated.classes[0].availability), exact, "unavailability");
}

TEST_CASE("the failure simulation does not depend on the thread count") {
  const Case one = simulate_case("availability_active_passive", 1);
  const Case two = simulate_case("availability_active_passive", 2);
  CHECK(one.simulated.classes[0].availability.estimate ==
        two.simulated.classes[0].availability.estimate);
  CHECK(one.simulated.classes[0].outages.p99_s == two.simulated.classes[0].outages.p99_s);
  CHECK(one.simulated.groups[0].failovers == two.simulated.groups[0].failovers);
}

TEST_CASE("an instance failure loses the calls it holds: L / N, as the request DES finds") {
  const Scenario scenario = load_case("availability_in_flight");
  const AvailabilityModel model = build_availability_model(scenario);
  const double per_failure = model.classes[0].loads[0].calls_in_system / model.groups[0].units;
  RunOptions options;
  options.threads = 2;
  std::vector<double> lost_per_kill;
  for (const ReplicationResult &replication : simulate_replications(scenario, options)) {
    lost_per_kill.push_back(double(replication.nodes[0].failed) / double(scenario.failures.size()));
  }
  check_covers(mean_ci95(lost_per_kill), per_failure, "calls lost per killed instance");
}
