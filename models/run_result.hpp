#pragma once
// The result of a run: every figure as an estimate with its 95% confidence interval
// across independent replications (DESIGN §4, §5). Plain values for the report writers.
#include "models/analytic/network_estimate.hpp"
#include "models/percentiles.hpp"
#include "models/replication_result.hpp"
#include "models/scenario.hpp"
#include "sim/confidence_interval.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capsim {

/// Where a class's time goes at one call site of its tree, pooled over replications:
/// the wait for a slot and the call's own service time, per execution.
struct CallSiteSummary {
  std::string node;
  std::string path; // the chain of calls leading here, e.g. "api > db"
  bool async = false;
  double calls_per_request = 0.0; // executions per completed request (probability, repeats)
  double wait_mean_s = 0.0;
  double wait_p95_s = 0.0;
  double service_mean_s = 0.0;
  double service_p95_s = 0.0;
  /// calls_per_request x (wait + service): this site's share of the mean latency (0 if async)
  double mean_latency_share_s = 0.0;
};

struct ClassSummary {
  std::string name;
  std::int64_t completed = 0; // summed over replications, after warm-up
  std::int64_t dropped = 0;
  std::int64_t errors = 0;
  std::int64_t retries = 0;
  Estimate throughput_per_s;
  Estimate latency_mean_s;
  std::array<Estimate, kReportedPercentiles.size()> latency_percentile_s;
  LatencyHistogram pooled_latency; // all replications merged: for CDF plots
  /// The class calls a saturated node: its latency figures are lower bounds.
  bool saturated = false;
  std::vector<CallSiteSummary> breakdown; // in call order, depth first
};

struct NodeSummary {
  std::string name;
  std::int64_t dropped = 0;
  Estimate utilization;
  Estimate wait_mean_s;
  Estimate residence_mean_s;
  Estimate queue_length_mean;
  Estimate in_system_mean;
  Estimate throughput_per_s;
  Estimate prob_wait;
  Estimate drop_probability;
  Estimate queue_growth_per_s;
  NodeKind kind = NodeKind::service;
  bool unlimited = false;   // no slot limit (a pure delay): utilization means nothing
  Estimate residence_p50_s; // arrival until the slot is released: a queue's job latency
  Estimate residence_p95_s;
  Estimate residence_p99_s;
  bool cache = false;          // a cache or a cdn
  Estimate hit_ratio;          // cache and cdn nodes only
  Estimate bytes_served_per_s; // cdn nodes only
  Estimate origin_bytes_per_s;
  // Summed over replications (peak_connections: the largest of them).
  std::int64_t rate_limited = 0;
  std::int64_t failed = 0;
  std::int64_t failovers = 0;
  std::int64_t refused_connections = 0;
  std::int64_t stale_reads = 0;
  std::int64_t peak_connections = 0;
  bool autoscaled = false;
  std::string scaling_metric; // autoscaled nodes: what the policy watches
  Estimate instances_mean;    // time-average live instances
  int instances_min = 0;      // over all replications
  int instances_max = 0;
  int scaling_actions = 0;   // decisions, summed over replications
  std::int64_t overflow = 0; // calls shed by the memory guard (RunLimits), all replications
  // realtime nodes: long-lived connections (counts summed over replications, peak the most)
  bool realtime = false;
  Estimate connections_mean;     // time-average open connections, all instances
  Estimate connections_variance; // of that count over time (M/G/∞: equal to the mean)
  std::int64_t connections_peak = 0;
  std::int64_t connections_opened = 0;
  std::int64_t connections_refused = 0;
  std::int64_t connections_dropped = 0;
  std::int64_t connections_migrated = 0;
  Estimate connection_blocking; // refused / (opened + refused)
  // nodes with memory_use: an instance's memory, in bytes
  bool memory_tracked = false;
  std::optional<double> memory_limit_bytes;
  Estimate memory_mean_bytes; // time-average per live instance
  Estimate memory_p95_bytes;  // of every live instance, sampled once a second
  double memory_peak_bytes = 0.0;
  std::int64_t oom_kills = 0;
  /// Past capacity: the memory guard shed calls, or the node is busy >= 99% of the time
  /// while its queue grows, over the run or in some of its windows (saturated_windows).
  bool saturated = false;
  /// The windows in which the node was saturated, over all replications: the earliest
  /// start, the latest end, the fastest queue growth (empty when none was).
  WindowSaturation saturated_windows;
};

/// An SLO against a run's figure with its 95% CI: met when the whole interval is at or
/// below the target, broken when wholly above, too close to call otherwise; not judged when
/// the run was cut short (--max-events, --timeout): its figures back no verdict.
enum class SloStatus { met, broken, too_close, not_judged };

struct SloVerdict {
  SloSpec spec;
  Estimate value_s;
  SloStatus status = SloStatus::too_close;
  /// The class calls a saturated node: its figures are lower bounds, so it counts as broken.
  bool saturated = false;
};

struct Recovery {
  std::size_t failure = 0; // index in the scenario's failures
  std::size_t slo = 0;     // index in the scenario's SLOs
  bool breached = false;   // some window after the fault broke the SLO
  /// From the fault's start to the end of the last breaching window of the first run of
  /// them; none if the run ended still in breach.
  std::optional<double> recovery_s;
};

struct RunResult {
  std::string scenario;
  std::uint64_t seed = 0;
  int replications = 0;
  double duration_s = 0.0;
  double warmup_s = 0.0;
  std::vector<ClassSummary> classes;
  std::vector<NodeSummary> nodes;
  std::vector<SloVerdict> slos; // the scenario's SLOs, in order
  /// The autoscalers' decisions in the first replication (warm-up included), for the log.
  std::vector<ScalingEvent> scaling_events;
  /// Instances killed for going beyond their memory limit, first replication (warm-up
  /// included).
  std::vector<OomEvent> oom_events;
  /// Per-window figures of the first replication (none when run.window is 0).
  std::optional<TimeSeries> timeseries;
  /// For each failure drill and each percentile SLO: how long after the fault the class's
  /// windowed percentile was back within target.
  std::vector<Recovery> recoveries;
  std::uint64_t events = 0;           // over all replications
  std::uint64_t requests_started = 0; // over all replications
  /// completed, or why the first replication that ended early did so (figures then cover
  /// only the simulated time reached).
  StopReason stop_reason = StopReason::completed;
  /// The analytic twin's estimate, shown beside the simulation; filled by the caller (the
  /// engine never computes it).
  std::optional<analytic::NetworkEstimate> analytic;

  /// The node of that name; throws std::out_of_range if there is none.
  const NodeSummary &node(std::string_view name) const;
};

/// Utilization at or above which a node whose queue grows is called saturated.
inline constexpr double kSaturationUtilization = 0.99;

/// Combines the replications of `scenario` (in replication order) into estimates.
RunResult summarize_replications(const Scenario &scenario,
                                 const std::vector<ReplicationResult> &replications);

} // namespace capsim
