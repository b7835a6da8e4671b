// Availability, analytically: the reliability format loads (and fails with one exact line);
// the Markov models of a single unit, a k-of-n group with repair crews and an active-passive
// pair against their closed forms; the composition of groups through call trees, failover
// chains, zones and regions; the instances the peak needs; and the redundancy advice.
#include "models/availability/analytic_availability.hpp"
#include "models/availability/capacity_need.hpp"
#include "models/availability/redundancy_advisor.hpp"
#include "models/availability/redundancy_chains.hpp"
#include "models/scenario_error.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include "relative_approx.hpp"

#include <cmath>
#include <string>

using namespace capsim;
using namespace capsim::availability;
using capsim::testing::approx;

namespace {

constexpr std::string_view kOneCall =
    R"({"req": {"calls": [{"node": "app", "demand": {"exponential": "100ms"}}]}})";

Scenario scenario_of(const std::string &nodes, std::string_view classes = kOneCall,
                     const std::string &availability = "{}", const std::string &rate = "10/s") {
  return parse_scenario(R"({"workload": {"arrivals": {"rate": ")" + rate + R"("}, "classes": )" +
                            std::string(classes) + R"(}, "nodes": )" + nodes +
                            R"(, "availability": )" + availability + "}",
                        "a.json");
}

std::string load_error(const std::string &nodes, const std::string &availability = "{}") {
  try {
    scenario_of(nodes, kOneCall, availability);
  } catch (const ScenarioError &error) {
    return error.what();
  }
  return "loaded";
}

double unit_of(double mtbf_s, double mttr_s) {
  return mtbf_s / (mtbf_s + mttr_s);
}

FailureProcess process(double mtbf_s, double mttr_s) {
  return {Distribution::exponential(mtbf_s), Distribution::exponential(mttr_s)};
}

double binomial_at_least(int n, int k, double p) {
  double sum = 0.0;
  for (int i = k; i <= n; ++i) {
    sum += std::tgamma(n + 1.0) / (std::tgamma(i + 1.0) * std::tgamma(n - i + 1.0)) *
           std::pow(p, i) * std::pow(1.0 - p, n - i);
  }
  return sum;
}

AnalyticAvailability analytic(const Scenario &scenario) {
  return analyze_availability(build_availability_model(scenario));
}

const std::string kApp30d10m = R"("reliability": {"mtbf": "30d", "mttr": "10m")";

} // namespace

TEST_CASE("reliability and the availability section load") {
  const Scenario scenario = scenario_of(
      R"({"app": {"type": "service", "instances": 3, "reliability": {
            "time_to_failure": {"weibull": {"mean": "30d", "cv": 0.5}}, "mttr": "10m",
            "zones": ["b", "a"], "repair_crews": 1, "min_up": 2, "detection": "15s",
            "in_flight": "retry"}},
          "db": {"type": "database", "replication_lag": {"exponential": "1s"},
                 "replicas": {"count": 1}, "primary": {"reliability": {"mtbf": "90d", "mttr": "1h",
                   "standby": {"switchover": "1m", "replication": "async"}}}}})",
      kOneCall,
      R"({"target": "99.95%", "rto": "15m", "rpo": "5m", "duration": "1000d", "replications": 5,
          "regions": {"east": {"mtbf": "3650d", "mttr": "12h"}},
          "zones": {"a": {"mtbf": "365d", "mttr": "4h", "region": "east"}, "b": {"region": "east"}}})");
  const ReliabilitySpec &app = *scenario.nodes[0].reliability;
  CHECK(app.process.time_to_failure.mean() == approx(30 * kSecondsPerDay).epsilon(1e-9));
  CHECK(app.process.time_to_repair.mean() == approx(600.0));
  CHECK(app.zones == std::vector<int>{1, 0});
  CHECK(app.repair_crews == 1);
  CHECK(app.min_up == 2);
  CHECK(app.detection_s == 15.0);
  CHECK(app.retry_in_flight);
  const ReliabilitySpec &db = *scenario.nodes[1].reliability;
  REQUIRE(db.standby);
  CHECK(db.standby->switchover_s == 60.0);
  CHECK(db.standby->async_replication);
  CHECK(db.standby->replication_lag->mean() == approx(1.0)); // the database's replication_lag
  const AvailabilitySpec &spec = scenario.availability;
  CHECK(spec.target == 0.9995); // correctly rounded from "99.95%"
  CHECK(spec.rto_target_s == 900.0);
  CHECK(spec.rpo_target_s == 300.0);
  CHECK(spec.duration_s == 1000 * kSecondsPerDay);
  CHECK(spec.replications == 5);
  CHECK(spec.zones[0].region == 0);
  CHECK_FALSE(spec.zones[1].process);
  CHECK(scenario.has_reliability());
}

TEST_CASE("malformed reliability fails with one exact line") {
  struct Case {
    std::string nodes;
    std::string availability;
    std::string message;
  };
  const std::string app = R"({"app": {"type": "service", )";
  const Case cases[] = {
      {app + R"("reliability": {"mttr": "10m"}}})", "{}",
       R"(a.json: /nodes/app/reliability: expected exactly one of "mtbf" or "time_to_failure", found neither)"},
      {app +
           R"("reliability": {"mtbf": "1d", "time_to_failure": {"exponential": "1d"}, "mttr": 1}}})",
       "{}",
       R"(a.json: /nodes/app/reliability: expected exactly one of "mtbf" or "time_to_failure", found both)"},
      {app + R"("reliability": {"mtbf": "1d", "mttr": "-1m"}}})", "{}",
       R"(a.json: /nodes/app/reliability/mttr: expected a duration such as "250ms" or "1.5s" (units ns us ms s m h d), found "-1m")"},
      {app + R"("reliability": {"mtbf": "1d", "mttr": "1m", "zones": ["a"]}}})", "{}",
       R"(a.json: /nodes/app/reliability/zones: expected zones given in /availability/zones (there are none), found an array)"},
      {app + R"("reliability": {"mtbf": "1d", "mttr": "1m", "zones": ["c"]}}})",
       R"({"zones": {"a": {}}})",
       R"(a.json: /nodes/app/reliability/zones/0: expected a zone (one of: a), found "c"; did you mean "a"?)"},
      {app + R"("instances": 2, "reliability": {"mtbf": "1d", "mttr": "1m", "standby": {}}}})",
       "{}",
       R"(a.json: /nodes/app/reliability/standby: expected a standby only on a node with one instance (an active-passive pair), found a node with several instances)"},
      {app +
           R"("reliability": {"mtbf": "1d", "mttr": "1m", "standby": {"replication": "async"}}}})",
       "{}",
       R"(a.json: /nodes/app/reliability/standby: expected a "lag" distribution with asynchronous replication (or the database's "replication_lag"), found neither)"},
      {app + R"("instances": 2, "reliability": {"mtbf": "1d", "mttr": "1m", "min_up": 3}}})", "{}",
       R"(a.json: /nodes/app/reliability/min_up: expected an integer <= 2, found 3)"},
      {app + R"("reliability": {"mtbf": "1d", "mttr": "1m"}}})", R"({"target": 1.5})",
       R"(a.json: /availability/target: expected an availability in (0, 1) such as 0.999, or a percentage such as "99.9%", found 1.5)"},
      {app + R"("reliability": {"mtbf": "1d", "mttr": "1m"}}})", R"({"duration": "1d"})",
       R"(a.json: /availability/duration: expected a simulated time from one month (730h) to 100 years (36500d), found "1d")"},
      {app + R"("reliability": {"mtbf": "1d", "mttr": "1m", "mtbr": 1}}})", "{}",
       R"(a.json: /nodes/app/reliability/mtbr: unknown key; did you mean "mtbf"? (allowed: detection, in_flight, min_up, mtbf, mttr, repair_crews, standby, time_to_failure, time_to_repair, zones))"},
  };
  for (const Case &test : cases) {
    CAPTURE(test.nodes);
    CHECK(load_error(test.nodes, test.availability) == test.message);
  }
}

TEST_CASE("the Markov models match their closed forms") {
  const double mtbf_s = 30 * kSecondsPerDay;
  const double mttr_s = 4 * 3600.0;
  const double unit = mtbf_s / (mtbf_s + mttr_s);
  SUBCASE("one unit is up MTBF / (MTBF + MTTR) of the time") {
    CHECK(KOfNChain(1, 1, process(mtbf_s, mttr_s)).at_least_up(1, 1) ==
          approx(unit).epsilon(1e-12));
  }
  SUBCASE("k of n repaired in parallel is a binomial") {
    const KOfNChain group(3, 3, process(mtbf_s, mttr_s));
    CHECK(group.at_least_up(3, 2) == approx(binomial_at_least(3, 2, unit)).epsilon(1e-12));
    CHECK(group.at_least_up(3, 1) == approx(binomial_at_least(3, 1, unit)).epsilon(1e-12));
    // Two of the three reachable (the third's zone down): 1 of 2 up.
    CHECK(group.at_least_up(2, 1) == approx(binomial_at_least(2, 1, unit)).epsilon(1e-12));
    CHECK(group.outages_per_s(1) ==
          approx(3.0 * std::pow(1.0 - unit, 2) * unit / mtbf_s).epsilon(1e-9));
  }
  SUBCASE("one repair crew: the machine-repairman birth-death chain") {
    // P(j failed) is proportional to n! / (n - j)! (λ/μ)^j.
    const double rho = mttr_s / mtbf_s;
    const double weights[] = {1.0, 3.0 * rho, 6.0 * rho * rho, 6.0 * rho * rho * rho};
    const double total = weights[0] + weights[1] + weights[2] + weights[3];
    const KOfNChain group(3, 1, process(mtbf_s, mttr_s));
    for (int j = 0; j <= 3; ++j) {
      CHECK(group.failed()(j) == approx(weights[j] / total).epsilon(1e-10));
    }
  }
  SUBCASE("an active-passive pair") {
    const double rto_s = 120.0;
    const PairAnalysis instant = analyze_active_passive(process(mtbf_s, mttr_s), 2, 0.0);
    CHECK(instant.availability == approx(binomial_at_least(2, 1, unit)).epsilon(1e-12));
    const PairAnalysis pair = analyze_active_passive(process(mtbf_s, mttr_s), 2, rto_s);
    // To first order the failover adds RTO of downtime per switch-over.
    const double first_order = (1.0 - instant.availability) + pair.failovers_per_s * rto_s;
    CHECK(1.0 - pair.availability == approx(first_order).epsilon(0.01));
    CHECK(pair.failovers_per_s == approx(unit * unit / mtbf_s).epsilon(0.01));
  }
}

TEST_CASE("groups compose through call trees, failover chains and zones") {
  const double unit = unit_of(30 * 1440.0, 10.0); // 30 days, 10 minutes
  SUBCASE("synchronous calls in series, a failover provider in parallel, async calls not at all") {
    const Scenario scenario = scenario_of(
        R"({"app": {"type": "service", )" + kApp30d10m + R"(}},
            "llm": {"type": "external", "latency": {"constant": "1s"}, "failover": "backup", )" +
            kApp30d10m + R"(}},
            "backup": {"type": "external", "latency": {"constant": "1s"}, )" +
            kApp30d10m + R"(}},
            "mail": {"type": "service", )" +
            kApp30d10m + R"(}}})",
        R"({"req": {"calls": [{"node": "app", "demand": {"exponential": "100ms"}, "calls": [
              {"node": "llm"}, {"node": "mail", "demand": {"constant": "1ms"}, "async": true}]}]}})");
    const double parallel = 1.0 - (1.0 - unit) * (1.0 - unit);
    CHECK(analytic(scenario).classes[0].availability == approx(unit * parallel).epsilon(1e-12));
  }
  SUBCASE("instances in two zones") {
    const std::string availability =
        R"({"zones": {"a": {"mtbf": "365d", "mttr": "4h"}, "b": {"mtbf": "365d", "mttr": "4h"}}})";
    const double zone = 365 * 24.0 / (365 * 24.0 + 4.0);
    const auto app_in = [&](const std::string &zones) {
      return scenario_of(R"({"app": {"type": "service", "instances": 2, )" + kApp30d10m +
                             R"(, "zones": )" + zones + "}}}",
                         kOneCall, availability);
    };
    CHECK(analytic(app_in(R"(["a", "b"])")).classes[0].availability ==
          approx(1.0 - std::pow(1.0 - unit * zone, 2)).epsilon(1e-12));
    CHECK(analytic(app_in(R"(["a"])")).classes[0].availability ==
          approx(zone * (1.0 - std::pow(1.0 - unit, 2))).epsilon(1e-12));
  }
  SUBCASE("zones in one region") {
    const Scenario scenario = scenario_of(R"({"app": {"type": "service", "instances": 2, )" +
                                              kApp30d10m + R"(, "zones": ["a", "b"]}}})",
                                          kOneCall,
                                          R"({"regions": {"r": {"mtbf": "3650d", "mttr": "1d"}},
            "zones": {"a": {"region": "r"}, "b": {"region": "r"}}})");
    const double region = 3650.0 / 3651.0;
    CHECK(analytic(scenario).classes[0].availability ==
          approx(region * (1.0 - std::pow(1.0 - unit, 2))).epsilon(1e-12));
  }
}

TEST_CASE("the peak needs enough instances to stay out of saturation") {
  // 10 requests/s of 1 s on instances of 4 slots: 2 instances (8 slots) saturate, 3 do not.
  const Scenario scenario = scenario_of(
      R"({"app": {"type": "service", "instances": 4, "concurrency": 4, )" + kApp30d10m + "}}}",
      R"({"req": {"calls": [{"node": "app", "demand": {"exponential": "1s"}}]}})");
  CHECK(instances_needed(scenario, 1.0, {4}, 0) == 3);
  CHECK(instances_needed(scenario, 2.0, {4}, 0) == 5); // 20 erlangs on 16 slots: never enough
  const AnalyticAvailability figures = analytic(scenario);
  CHECK(figures.classes[0].capacity_availability ==
        approx(binomial_at_least(4, 3, unit_of(30 * 1440.0, 10.0))).epsilon(1e-12));
  CHECK(figures.classes[0].availability ==
        approx(binomial_at_least(4, 1, unit_of(30 * 1440.0, 10.0))).epsilon(1e-12));
}

TEST_CASE("the advice names the weakest component and the redundancy that meets the target") {
  // The app tier runs one instance and the database primary has no standby: 99.85% and 99.91%.
  const Scenario scenario = scenario_of(
      R"({"app": {"type": "service", "reliability": {"mtbf": "7d", "mttr": "15m"}},
          "db": {"type": "database", "primary": {"reliability": {"mtbf": "90d", "mttr": "2h"}}}})",
      R"({"req": {"calls": [{"node": "app", "demand": {"exponential": "10ms"}, "calls": [
            {"node": "db", "op": "write", "demand": {"exponential": "2ms"}}]}]}})",
      R"({"target": 0.9995})");
  const std::vector<ComponentImpact> impacts = component_impacts(scenario, 0);
  REQUIRE(impacts.size() == 2);
  CHECK(impacts[0].component == "app");
  CHECK(impacts[0].downtime_share > 0.6);
  const Advice advice = advise_redundancy(scenario);
  CHECK(advice.meets_target);
  REQUIRE(advice.changes.size() == 2);
  CHECK(advice.changes[0] == "run 2 instances of app instead of 1");
  CHECK(advice.changes[1] ==
        "add a standby to db with automatic failover (assumed 30.0 s detection + 30.0 s "
        "switch-over)");
  CHECK(advice.class_availability[0] >= 0.9995);
}
