// run_scenario(): compile the call trees once, replicate on a thread pool, summarise; with
// a precision target, keep doubling the replications until the target or the cap.
#include "models/run_scenario.hpp"

#include "models/call_program.hpp"
#include "models/network_simulation.hpp"
#include "sim/replication_runner.hpp"

#include <algorithm>
#include <cmath>

namespace capsim {
namespace {

double relative_half_width(const Estimate &estimate) {
  return estimate.estimate == 0.0 ? 0.0 : estimate.half_width() / std::fabs(estimate.estimate);
}

void run_more(const Scenario &scenario, const CallProgram &program, const RunOptions &options,
              int count, std::vector<ReplicationResult> &replications) {
  const int first = static_cast<int>(replications.size());
  std::vector<ReplicationResult> added = run_replications<ReplicationResult>(
      count, options.threads,
      [&](int index) {
        return simulate_replication(scenario, program, static_cast<std::uint64_t>(first + index),
                                    options.limits);
      },
      options.on_replication_done);
  std::move(added.begin(), added.end(), std::back_inserter(replications));
}

} // namespace

std::vector<ReplicationResult> simulate_replications(const Scenario &scenario,
                                                     const RunOptions &options) {
  std::vector<ReplicationResult> replications;
  run_more(scenario, compile_call_program(scenario), options, scenario.run.replications,
           replications);
  return replications;
}

double worst_relative_half_width(const RunResult &result) {
  double worst = 0.0;
  for (const ClassSummary &summary : result.classes) {
    worst = std::max({worst, relative_half_width(summary.throughput_per_s),
                      relative_half_width(summary.latency_mean_s)});
    for (std::size_t p = 0; p < kReportedPercentiles.size(); ++p) {
      if (kReportedPercentiles[p].probability <= 0.99) {
        worst = std::max(worst, relative_half_width(summary.latency_percentile_s[p]));
      }
    }
  }
  for (const NodeSummary &summary : result.nodes) {
    worst = std::max(worst, relative_half_width(summary.utilization));
  }
  return worst;
}

RunResult run_scenario(const Scenario &scenario, const RunOptions &options) {
  const CallProgram program = compile_call_program(scenario);
  std::vector<ReplicationResult> replications;
  run_more(scenario, program, options, scenario.run.replications, replications);
  RunResult result = summarize_replications(scenario, replications);
  const int cap = std::max(options.max_replications, scenario.run.replications);
  while (options.precision > 0.0 && result.stop_reason == StopReason::completed &&
         static_cast<int>(replications.size()) < cap &&
         (replications.size() < 2 || worst_relative_half_width(result) > options.precision)) {
    const int more = std::min(static_cast<int>(replications.size()),
                              cap - static_cast<int>(replications.size()));
    run_more(scenario, program, options, more, replications);
    result = summarize_replications(scenario, replications);
  }
  return result;
}

} // namespace capsim
