// Load profiles: the multiplier of the base rate by hand (hourly steps, points joined by
// lines with and without a period, spikes), its upper bound for thinning, the loader's
// checks, and bursts that submit exactly their jobs within their interval.
#include "models/run_scenario.hpp"
#include "models/scenario_error.hpp"
#include "models/scenario_loader.hpp"
#include "sim/load_profile.hpp"

#include <doctest/doctest.h>

#include <numeric>
#include <string>

using namespace capsim;

TEST_CASE("a profile's multiplier by hand") {
  SUBCASE("hourly steps repeat every day") {
    std::vector<double> day(24, 1.0);
    day[9] = 2.5;
    const LoadProfile profile = LoadProfile::steps(day, 3600.0);
    CHECK(profile.multiplier_at(9 * 3600.0) == 2.5);
    CHECK(profile.multiplier_at(9 * 3600.0 + 3599.0) == 2.5);
    CHECK(profile.multiplier_at(10 * 3600.0) == 1.0);
    CHECK(profile.multiplier_at(24 * 3600.0 + 9.5 * 3600.0) == 2.5); // the next day
    CHECK(profile.max_multiplier() == 2.5);
  }
  SUBCASE("points are joined by straight lines; with a period the last joins the first") {
    const LoadProfile flat_end = LoadProfile::points({{0.0, 0.2}, {100.0, 1.0}}, std::nullopt);
    CHECK(flat_end.multiplier_at(50.0) == doctest::Approx(0.6));
    CHECK(flat_end.multiplier_at(500.0) == doctest::Approx(1.0));
    const LoadProfile periodic = LoadProfile::points({{0.0, 0.2}, {100.0, 1.0}}, 200.0);
    CHECK(periodic.multiplier_at(150.0) == doctest::Approx(0.6)); // from 1.0 at 100 to 0.2 at 200
    CHECK(periodic.multiplier_at(250.0) == doctest::Approx(0.6)); // the next period
  }
  SUBCASE("spikes multiply the shape while they last") {
    LoadProfile profile = LoadProfile::steps(std::vector<double>(24, 2.0), 3600.0);
    profile.add_spike(Spike{600.0, 300.0, 3.0});
    CHECK(profile.multiplier_at(599.0) == 2.0);
    CHECK(profile.multiplier_at(600.0) == 6.0);
    CHECK(profile.multiplier_at(899.0) == 6.0);
    CHECK(profile.multiplier_at(900.0) == 2.0);
    CHECK(profile.max_multiplier() == 6.0);
  }
  SUBCASE("the bound used for thinning is never below the multiplier") {
    LoadProfile profile = LoadProfile::points({{0.0, 0.5}, {3600.0, 1.5}, {7200.0, 0.1}}, 86400.0);
    profile.add_spike(Spike{1000.0, 60.0, 4.0});
    for (double t = 0.0; t < 86400.0; t += 7.0) {
      CHECK(profile.multiplier_at(t) <= profile.max_multiplier());
    }
  }
}

namespace {

std::string with_profiles(const std::string &profiles) {
  return R"({"run": {"duration": "30m", "replications": 1, "window": "1m"},
    "workload": {"arrivals": {"rate": "1/d"}, "classes": {
      "base": {"share": 1, "calls": [{"node": "app", "demand": {"constant": "1ms"}}]},
      "upload": {"share": 0, "calls": [{"node": "app", "demand": {"constant": "1ms"}}]}}},
    "nodes": {"app": {"type": "service", "concurrency": "unlimited"}}, )" +
         profiles + "}";
}

std::string error_of(const std::string &profiles) {
  try {
    parse_scenario(with_profiles(profiles), "p.json");
  } catch (const ScenarioError &error) {
    return error.what();
  }
  return "(no error)";
}

} // namespace

TEST_CASE("profiles are checked") {
  CHECK(error_of(R"("profiles": {"day": {"daily": [1, 2, 3]}})") ==
        "p.json: /profiles/day/daily: expected 24 hourly multipliers (a day), found an array");
  CHECK(error_of(R"("profiles": {"day": {"points": [["1h", 1], ["30m", 2]]}})") ==
        "p.json: /profiles/day/points/1: expected times increasing from one point to the next, "
        "found an array");
  CHECK(error_of(R"("profiles": {"day": {}}, "profile": "night")") ==
        "p.json: /profile: expected a profile name (one of: day), found \"night\"");
  CHECK(error_of(R"("profiles": {"b": {"bursts": [{"at": 0, "jobs": 5, "within": "1m",
                                                    "class": "uplod"}]}})") ==
        "p.json: /profiles/b/bursts/0/class: expected a request class (one of: base, upload), "
        "found \"uplod\"; did you mean \"upload\"?");
}

TEST_CASE("a burst submits exactly its jobs within its interval") {
  const Scenario scenario =
      parse_scenario(with_profiles(R"("profiles": {"batch": {"bursts": [{"at": "10m", "jobs": 100,
                                                           "within": "5m", "class": "upload"}]}})"),
                     "p.json");
  const RunResult result = run_scenario(scenario);
  REQUIRE(result.timeseries.has_value());
  const std::vector<std::int64_t> &uploads = result.timeseries->classes[1].arrivals;
  CHECK(std::accumulate(uploads.begin() + 10, uploads.begin() + 15, std::int64_t{0}) == 100);
  CHECK(std::accumulate(uploads.begin(), uploads.end(), std::int64_t{0}) == 100);
}

TEST_CASE("a burst against a queue-depth policy scales the workers to their maximum") {
  // 100 jobs of 30 s within 5 minutes on 1 worker: the backlog per worker is far above the
  // target of 2, so the pool grows to its maximum of 10 at the first evaluations after 10 m.
  const Scenario scenario = parse_scenario(
      R"({"run": {"duration": "40m", "replications": 1},
          "workload": {"arrivals": {"rate": "1/d"}, "classes": {
            "job": {"calls": [{"node": "workers", "demand": {"constant": "30s"}}]}}},
          "nodes": {"workers": {"type": "queue", "workers": {"min": 1, "max": 10},
                                "autoscaling": {"metric": "queue_depth", "target": 2,
                                                "interval": "30s",
                                                "provisioning": {"constant": "30s"}}}},
          "profiles": {"batch": {"bursts": [{"at": "10m", "jobs": 100, "within": "5m",
                                             "class": "job"}]}}})",
      "q.json");
  const RunResult result = run_scenario(scenario);
  CHECK(result.nodes[0].instances_max == 10);
  REQUIRE(!result.scaling_events.empty());
  CHECK(result.scaling_events.front().time_s >= 600.0);
  CHECK(result.scaling_events.front().time_s <= 630.0 + 1e-9);
  CHECK(result.classes[0].completed == 100); // every job done by the end
}
