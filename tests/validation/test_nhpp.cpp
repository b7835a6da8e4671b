// Non-homogeneous Poisson arrivals by thinning: over one simulated day with an hourly
// profile, each hour's arrival count must lie in the central band of its Poisson law. The
// 24 bands are Bonferroni-corrected so that the whole family holds with probability 99%:
// each is the two-sided 1 - 0.01/24 interval of Poisson(λ · m_h · 3600).
#include "models/run_scenario.hpp"
#include "models/scenario_loader.hpp"

#include <boost/math/distributions/poisson.hpp>
#include <doctest/doctest.h>

#include <string>

using namespace capsim;

TEST_CASE("NHPP thinning reproduces a daily profile's hourly counts") {
  const std::vector<double> day{0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 1.0, 1.4, 1.6, 1.7, 1.8,
                                1.9, 1.8,  1.7, 1.6, 1.5,  1.4, 1.2, 1.0, 0.8, 0.6, 0.4, 0.3};
  std::string daily;
  for (const double m : day) {
    daily += (daily.empty() ? "" : ", ") + std::to_string(m);
  }
  const Scenario scenario = parse_scenario(
      R"({"seed": 77, "run": {"duration": "24h", "replications": 1, "window": "1h"},
          "workload": {"arrivals": {"rate": "2/s"}, "classes": {"r": {"calls": [
            {"node": "app", "demand": {"constant": "1ms"}}]}}},
          "nodes": {"app": {"type": "service", "concurrency": "unlimited"}},
          "profiles": {"day": {"daily": [)" +
          daily + "]}}}",
      "nhpp.json");
  const RunResult result = run_scenario(scenario);
  REQUIRE(result.timeseries.has_value());
  REQUIRE(result.timeseries->windows == 24);
  const double tail = 0.01 / 24.0 / 2.0;
  for (std::size_t hour = 0; hour < 24; ++hour) {
    const boost::math::poisson_distribution<double> law(2.0 * day[hour] * 3600.0);
    const auto count = static_cast<double>(result.timeseries->classes[0].arrivals[hour]);
    CAPTURE(hour);
    CAPTURE(count);
    CHECK(count >= boost::math::quantile(law, tail));
    CHECK(count <= boost::math::quantile(boost::math::complement(law, tail)));
  }
}
