// Saturation under load profiles and autoscaling: a node overloaded only at a profile's peak is
// reported saturated window by window (with when, and how fast its queue grew), a busy but
// stable node never is, and the pre-run warning looks at the profile's peak and at each
// autoscaled tier's reach (its max), not at the base load and the initial count.
#include "models/run_scenario.hpp"
#include "models/saturation_forecast.hpp"
#include "models/scenario_loader.hpp"
#include "reports/json_report.hpp"
#include "reports/run_report.hpp"

#include <doctest/doctest.h>

using namespace capsim;

namespace {

constexpr double kHourS = 3600.0;

// 1 request/s at the base load, 0.5 s of work each: 25% busy most of the day (multiplier
// 0.5), 150% from 12:00 to 13:00 (multiplier 3), when the queue grows by about 1 a second.
Scenario peak_only() {
  return parse_scenario(R"({
    "run": {"duration": "24h", "replications": 2},
    "workload": {"arrivals": {"rate": "1/s"}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"exponential": "500ms"}}]}}},
    "profiles": {"noon": {"daily": [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
                                    3.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]}},
    "slos": [{"class": "r", "percentile": "p95", "target": "10s"}],
    "nodes": {"app": {"type": "service"}}})",
                        "peak.json");
}

/// 5 requests/s of 0.5 s: 2.5 busy slots, on an autoscaled tier starting at one instance.
Scenario autoscaled_up_to(int max_instances) {
  return parse_scenario(R"({
    "run": {"duration": "1h"},
    "workload": {"arrivals": {"rate": "5/s"}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"exponential": "500ms"}}]}}},
    "nodes": {"app": {"type": "service", "instances": {"min": 1, "max": )" +
                            std::to_string(max_instances) + R"(},
                      "autoscaling": {"target": 0.7}}}})",
                        "autoscaled.json");
}

} // namespace

TEST_CASE("a node overloaded only at a profile's peak is reported saturated, with when") {
  const RunResult result = run_scenario(peak_only());
  const NodeSummary &app = result.nodes[0];
  CHECK(app.utilization.estimate < 0.5); // over the day it looks comfortable
  CHECK(app.saturated);
  REQUIRE(app.saturated_windows.from_s.has_value());
  CHECK(*app.saturated_windows.from_s >= 11.5 * kHourS);
  CHECK(*app.saturated_windows.from_s <= 12.5 * kHourS);
  CHECK(*app.saturated_windows.until_s <= 14.0 * kHourS);
  CHECK(app.saturated_windows.max_queue_growth_per_s > 0.5);
  CHECK(result.classes[0].saturated);
  CHECK(result.slos[0].status == SloStatus::broken);
  const auto json = run_result_to_json(result);
  CHECK(json["nodes"]["app"]["saturated_windows"]["from_s"].get<double>() ==
        *app.saturated_windows.from_s);
  const std::vector<std::string> warnings = run_warnings(result);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].starts_with("node app is saturated from 1"));
  CHECK(warnings[0].find("busy over the whole run") != std::string::npos);
}

TEST_CASE("a busy but stable node is never saturated window by window") {
  for (const char *demand :
       {R"({"exponential": "950ms"})", R"({"hyperexponential": {"mean": "900ms", "cv": 3}})"}) {
    CAPTURE(demand);
    const RunResult result = run_scenario(parse_scenario(std::string(R"({
      "run": {"duration": "200000s", "warmup": "1000s", "replications": 3},
      "workload": {"arrivals": {"rate": "1/s"}, "classes": {"r": {"calls": [
        {"node": "app", "demand": )") + demand + R"(}]}}},
      "nodes": {"app": {"type": "service"}}})",
                                                         "busy.json"));
    CHECK_FALSE(result.nodes[0].saturated);
    CHECK_FALSE(result.nodes[0].saturated_windows.from_s.has_value());
  }
}

TEST_CASE("the pre-run warning checks the profile's peak and autoscaled tiers at their max") {
  const std::vector<std::string> peak = saturation_forecast(peak_only());
  REQUIRE(peak.size() == 1);
  CHECK(peak[0] == "the analytic estimate puts node app at utilization >= 1 at the profile's "
                   "peak (x3.00 the base load): expect it to be reported saturated");
  Scenario steady = peak_only();
  steady.active_profile.reset();
  CHECK(saturation_forecast(steady).empty());
  // 2.5 busy slots: one instance (the initial count) would saturate, four do not.
  CHECK(saturation_forecast(autoscaled_up_to(4)).empty());
  const std::vector<std::string> capped = saturation_forecast(autoscaled_up_to(2));
  REQUIRE(capped.size() == 1);
  CHECK(capped[0] == "the analytic estimate puts node app at utilization >= 1, even at its max "
                     "of 2 instances: expect it to be reported saturated");
}
