#pragma once
// What one replication measured after its warm-up: per request class and per node.
// Plain values; the aggregation across replications turns them into estimates with CIs.
#include "models/run_limits.hpp"
#include "sim/latency_histogram.hpp"
#include "sim/window_histogram.hpp"

#include <optional>

#include <cstdint>
#include <vector>

namespace capsim {

struct ClassMeasurement {
  std::int64_t completed = 0;
  std::int64_t dropped = 0; // rejected by a full queue (after any retries)
  std::int64_t errors = 0;  // timed out, rate limited, refused or failed (after any retries)
  std::int64_t retries = 0; // attempts repeated after a timeout or a rejection
  double throughput_per_s = 0.0;
  LatencyHistogram latency; // end-to-end response times of completed requests
};

/// One call site of a class's call tree (an entry of CallProgram::calls): how long its
/// executions waited for a slot and how long their own demand took.
struct CallSiteMeasurement {
  LatencyHistogram wait;
  LatencyHistogram service;
};

/// When a node was saturated window by window (models/saturation_watch.hpp), and how fast its
/// queue grew then; empty when no window was.
struct WindowSaturation {
  std::optional<double> from_s;  ///< start of the first saturated window (simulated time)
  std::optional<double> until_s; ///< end of the last one
  double max_queue_growth_per_s = 0.0;
};

struct NodeMeasurement {
  std::int64_t arrivals = 0;
  std::int64_t completed = 0; // calls that released their slot
  std::int64_t dropped = 0;
  double throughput_per_s = 0.0;
  double utilization = 0.0;       // busy slot-time / available slot-time
  double mean_wait_s = 0.0;       // queued before a slot
  double mean_residence_s = 0.0;  // arrival at the node until the slot is released
  double mean_queue_length = 0.0; // time-average number waiting
  double mean_in_system = 0.0;    // time-average number waiting or holding a slot
  double max_queue_length = 0.0;
  double prob_wait = 0.0;               // share of admitted calls that had to queue
  double drop_probability = 0.0;        // share of arriving calls turned away by a full queue
  double hit_ratio = 0.0;               // cache nodes: share of lookups that hit
  std::int64_t overflow = 0;            // calls shed because the node hit the memory guard
  double queue_growth_per_s = 0.0;      // (waiting at the end - waiting at the start) / window
  LatencyHistogram residence;           // arrival until the slot is released (a job's latency)
  double bytes_served_per_s = 0.0;      // cdn nodes: to clients
  double origin_bytes_per_s = 0.0;      // cdn nodes: fetched from the origin on misses
  std::int64_t rate_limited = 0;        // refused by the rate limit (HTTP 429)
  std::int64_t failed = 0;              // failed by the node's error rate
  std::int64_t failovers = 0;           // calls sent on to the failover node
  std::int64_t refused_connections = 0; // database primaries: refused at max_connections
  std::int64_t stale_reads = 0;         // read replicas: reads behind the request's own write
  std::int64_t peak_connections = 0;    // database primaries: most connections open at once
  double instances_mean = 0.0;          // time-average live instances (autoscaling)
  int instances_min = 0;
  int instances_max = 0;
  // realtime nodes: long-lived connections
  double connections_mean = 0.0;     // time-average open connections, all instances
  double connections_variance = 0.0; // time-average variance of that count
  std::int64_t connections_peak = 0;
  std::int64_t connections_opened = 0;
  std::int64_t connections_refused = 0;  // every instance able to take it was full
  std::int64_t connections_dropped = 0;  // lost with a killed or scaled-in instance
  std::int64_t connections_migrated = 0; // moved off an instance removed by scale-in
  // nodes with memory_use: an instance's memory in bytes
  double memory_mean_bytes = 0.0;                 // time-average over live instances
  double memory_peak_bytes = 0.0;                 // the most any instance held
  std::optional<LatencyHistogram> memory_samples; // every live instance, once a second
  std::int64_t oom_kills = 0;
  WindowSaturation saturated_windows; // after the warm-up
};

/// An instance killed for going beyond its memory limit.
struct OomEvent {
  double time_s = 0.0;
  std::uint32_t node = 0;
  std::uint32_t instance = 0;
  double memory_bytes = 0.0; // what it would have held
};

/// One decision of an autoscaler: at `time_s`, node `node` goes from `from` to `to`
/// instances (counting those being provisioned) because its metric read `metric_value`
/// against `threshold` (the target, or a step rule's bound).
struct ScalingEvent {
  double time_s = 0.0;
  std::uint32_t node = 0;
  int from = 0;
  int to = 0;
  double metric_value = 0.0;
  double threshold = 0.0;
};

/// Figures per window of time (warm-up included) of one replication, for plots over time.
struct ClassSeries {
  std::vector<std::int64_t> arrivals;
  std::vector<std::int64_t> completions;
  std::vector<std::int64_t> errors; // failed or dropped
  std::vector<WindowHistogram> latency;
};

struct NodeSeries {
  std::vector<double> utilization; // busy slot-time / slot-time in the window
  std::vector<double> instances;   // time-average live instances
  std::vector<double> queue_depth; // time-average requests waiting
};

struct TimeSeries {
  double window_s = 60.0;
  std::size_t windows = 0;
  std::vector<ClassSeries> classes;
  std::vector<NodeSeries> nodes;
};

struct ReplicationResult {
  std::vector<ClassMeasurement> classes;
  std::vector<NodeMeasurement> nodes;
  std::vector<CallSiteMeasurement> call_sites; // indexed like CallProgram::calls
  std::vector<ScalingEvent> scaling_events;    // warm-up included, in time order
  std::vector<OomEvent> oom_events;            // warm-up included, in time order
  std::optional<TimeSeries> timeseries;        // the first replication only
  double measured_s = 0.0; // length of the measurement window (duration - warm-up)
  StopReason stop_reason = StopReason::completed;
  std::uint64_t events = 0; // events processed, warm-up included
  std::uint64_t requests_started = 0;
};

} // namespace capsim
