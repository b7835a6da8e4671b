#pragma once
// Paired comparison of two configurations (what-if): both run the same replications with the
// same seed, so replication i of A and of B see the same random numbers (common random
// numbers) and their difference carries little noise. Each metric's difference B − A is
// averaged over replications with its 95% Student-t interval; it is significant when the
// interval excludes zero.
#include "models/run_scenario.hpp"

#include <string>
#include <vector>

namespace capsim {

struct MetricComparison {
  std::string subject; ///< a class or node name
  std::string metric;  ///< "p95_s", "mean_latency_s", "throughput_per_s", "utilization", ...
  Estimate a;
  Estimate b;
  Estimate difference; ///< B − A, paired by replication
  bool significant = false;
};

struct Comparison {
  RunResult a;
  RunResult b;
  std::vector<MetricComparison> metrics; ///< classes (in A's order), then nodes
};

/// Runs A's replications for both (B takes A's seed and replication count) and compares
/// every class and node the two have in common, by name.
Comparison compare_scenarios(const Scenario &a, Scenario b, const RunOptions &options = {});

} // namespace capsim
