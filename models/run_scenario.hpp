#pragma once
// Runs a scenario's independent replications (in parallel) and summarises them. With a
// precision target, replications are added in rounds until every headline interval is
// tight enough (DESIGN §5) or a cap is reached.
#include "models/run_limits.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"

#include <functional>

namespace capsim {

struct RunOptions {
  int threads = 1;
  /// Relative CI half-width to reach on every class's throughput, mean and p50–p99
  /// latency, and every node's utilization (0: run exactly scenario.run.replications).
  double precision = 0.0;
  int max_replications = 1000;
  RunLimits limits;
  /// Called after each finished replication with the number done so far in the current
  /// round (from worker threads: must be thread-safe). Used for progress bars.
  std::function<void(int)> on_replication_done;
};

/// Simulates the scenario's replications and summarises them. Replication i always uses
/// the same random streams, so the result is identical for any number of threads.
RunResult run_scenario(const Scenario &scenario, const RunOptions &options = {});

/// The scenario's replications themselves (scenario.run.replications of them, no precision
/// loop), for analyses that pair them: replication i uses the same random streams in any
/// scenario with the same seed (common random numbers).
std::vector<ReplicationResult> simulate_replications(const Scenario &scenario,
                                                     const RunOptions &options = {});

/// The largest relative half-width among the figures a precision target applies to.
double worst_relative_half_width(const RunResult &result);

} // namespace capsim
