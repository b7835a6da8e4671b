#pragma once
// Shared machinery of the validation tests: load a case from scenarios/validation, run it
// with its fixed seed, and compare a simulated estimate with the exact value. The exact
// value must lie within the estimate's own 95% confidence interval widened by at most 25%
// (kCiWidening), and the interval must be tight enough to mean something (kMaxRelativeHalfWidth),
// so a test cannot pass on a vague estimate.
#include "models/run_scenario.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>

namespace capsim::validation {

inline constexpr double kCiWidening = 1.25;
inline constexpr double kMaxRelativeHalfWidth = 0.05;

inline Scenario load_case(const std::string &name) {
  return load_scenario(std::filesystem::path(CAPSIM_SOURCE_DIR) / "scenarios" / "validation" /
                       (name + ".json"));
}

inline RunResult run_case(const Scenario &scenario) {
  RunOptions options;
  options.threads = 2;
  return run_scenario(scenario, options);
}

/// The exact value is inside the (widened) 95% CI, and the CI is informative.
inline void check_covers(const Estimate &simulated, double exact, const std::string &what) {
  INFO(what << ": simulated " << simulated.estimate << " 95% CI [" << simulated.ci_low << ", "
            << simulated.ci_high << "], exact " << exact);
  CHECK(std::fabs(simulated.estimate - exact) <= kCiWidening * simulated.half_width());
  CHECK(simulated.half_width() <= kMaxRelativeHalfWidth * std::fabs(exact));
}

/// Little's law L = X·R on every node: the two sides agree within the combined 95% CIs
/// (half-widths propagated to first order through the product X·R).
inline void check_littles_law(const RunResult &result) {
  for (const NodeSummary &node : result.nodes) {
    const double number = node.in_system_mean.estimate;
    const double product = node.throughput_per_s.estimate * node.residence_mean_s.estimate;
    const double tolerance = node.in_system_mean.half_width() +
                             node.throughput_per_s.estimate * node.residence_mean_s.half_width() +
                             node.residence_mean_s.estimate * node.throughput_per_s.half_width();
    INFO("Little's law at node " << node.name << ": L = " << number << ", X·R = " << product
                                 << ", tolerance " << tolerance);
    CHECK(std::fabs(number - product) <= kCiWidening * tolerance);
  }
}

inline double arrival_rate_per_s(const Scenario &scenario) {
  return scenario.workload.arrival_rate_per_s;
}
inline double first_mean_service_s(const Scenario &scenario) {
  return scenario.workload.classes.front().calls.front().demand.mean();
}

} // namespace capsim::validation
