// capsim compare: paired differences under common random numbers. A faster server (M/M/1,
// μ = 1.0 vs 1.1 at λ = 0.8) is detected on every latency figure, with the exact difference
// of the means (5 s − 3.33 s) inside the interval; identical scenarios differ by exactly zero.
#include "cli_support.hpp"
#include "models/compare.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace capsim;

namespace {

Scenario mm1(double service_mean_s) {
  return parse_scenario(
      R"({"seed": 5, "run": {"duration": "20000s", "warmup": "1000s", "replications": 10},
          "workload": {"arrivals": {"rate": 0.8}, "classes": {"job": {"calls": [
            {"node": "station", "demand": {"exponential": )" +
          std::to_string(service_mean_s) + R"(}}]}}},
          "nodes": {"station": {"type": "service"}}})",
      "mm1.json");
}

const MetricComparison &metric(const Comparison &comparison, const std::string &name) {
  for (const MetricComparison &candidate : comparison.metrics) {
    if (candidate.metric == name) {
      return candidate;
    }
  }
  FAIL("no metric " << name);
  return comparison.metrics.front();
}

} // namespace

TEST_CASE("a faster server is a significant, correctly sized improvement") {
  const Comparison comparison = compare_scenarios(mm1(1.0), mm1(1.0 / 1.1));
  for (const char *name : {"mean_latency_s", "p50", "p90", "p95", "p99", "utilization"}) {
    CAPTURE(name);
    CHECK(metric(comparison, name).significant);
    CHECK(metric(comparison, name).difference.estimate < 0.0);
  }
  // M/M/1 mean response 1 / (μ − λ): 5 s at μ = 1.0, 3.33 s at μ = 1.1. The exact
  // difference lies in the paired 95% interval (widened by a quarter, as in the validation
  // tests, for the bias of finite runs).
  const Estimate &difference = metric(comparison, "mean_latency_s").difference;
  const double exact_s = 1.0 / (1.1 - 0.8) - 1.0 / (1.0 - 0.8);
  const double slack_s = 0.25 * difference.half_width();
  CHECK(exact_s >= difference.ci_low - slack_s);
  CHECK(exact_s <= difference.ci_high + slack_s);
  // Pairing pays: the interval of the difference is narrower than either side's.
  CHECK(difference.half_width() < metric(comparison, "mean_latency_s").a.half_width());
}

TEST_CASE("identical scenarios differ by exactly zero under common random numbers") {
  const Comparison comparison = compare_scenarios(mm1(1.0), mm1(1.0));
  for (const MetricComparison &metric : comparison.metrics) {
    CAPTURE(metric.metric);
    CHECK(metric.difference.estimate == 0.0);
    CHECK_FALSE(metric.significant);
  }
}

TEST_CASE("compare on the command line") {
  const auto outcome = cli_support::capsim(
      "compare " + std::string(CAPSIM_SOURCE_DIR) +
      "/scenarios/validation/mm1_rho050.json --b nodes.station.service_time_scaling=0.5 "
      "--replications 4 --duration 2000s --warmup 100s");
  REQUIRE(outcome.exit_code == 0);
  CHECK(outcome.out.find("4 paired replications") != std::string::npos);
  CHECK(outcome.out.find("mean_latency_s") != std::string::npos);
  CHECK(cli_support::capsim("compare --help").out.find("--b") != std::string::npos);
}
