#pragma once
// The scenario as plain structs: what the loader produces from JSON and every layer
// (DES, analytic, planner) consumes. Units are in the names; times are seconds.
#include "models/availability/reliability_spec.hpp"
#include "models/plan/claim.hpp"
#include "models/plan/growth.hpp"
#include "models/plan/pricing.hpp"
#include "models/size_space.hpp"
#include "sim/distribution.hpp"
#include "sim/load_profile.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace capsim {

/// What a call to a database does: reads go to the read replicas (if any), writes to the
/// primary.
enum class DatabaseOp { none, read, write };

/// A publish call's fan-out at a realtime node: after the call's own demand, `subscribers`
/// deliveries (requests of class `class_name`, share 0) start, each pinned to the instance
/// holding one of the node's open connections, drawn at random without replacement.
struct FanoutSpec {
  std::string class_name;
  std::size_t class_index = 0;
  Distribution subscribers; ///< a count per message (rounded, at least 0)
};

/// One step of a request's call tree (DESIGN §3). Nested `calls` run after this call's
/// own demand while the caller keeps its slot; `async` calls do not hold the caller.
struct CallSpec {
  std::string node;
  Distribution demand;
  /// The call gave no demand: it takes the node's `latency` (a failover node's own, there).
  bool demand_from_node = false;
  DatabaseOp op = DatabaseOp::none;
  double probability = 1.0;
  bool async = false;
  std::vector<CallSpec> calls;
  /// Calls to a `cache` node only: run after a miss (the lookup's slot already released),
  /// e.g. the database read and the write-back that fills the cache.
  std::vector<CallSpec> on_miss;
  /// The caller gives up on an attempt after this long (none: waits forever). The abandoned
  /// attempt runs on at the callee, as a server that never learns its client left.
  std::optional<double> timeout_s;
  int retries = 0;              // new attempts after a timeout or a rejection
  double retry_backoff_s = 0.0; // wait before retry k: backoff x 2^(k-1)
  /// Calls to a `realtime` node only: the call opens a connection there that stays open for
  /// this long (an SSE / WebSocket session); refused when every instance is full.
  std::optional<Distribution> session;
  std::optional<FanoutSpec> fanout; // calls to a `realtime` node only: a publish
};

/// A synchronous call of `node` with every optional setting at its default.
inline CallSpec make_call(std::string node, Distribution demand) {
  return CallSpec{.node = std::move(node),
                  .demand = std::move(demand),
                  .demand_from_node = false,
                  .op = DatabaseOp::none,
                  .probability = 1.0,
                  .async = false,
                  .calls = {},
                  .on_miss = {},
                  .timeout_s = std::nullopt,
                  .retries = 0,
                  .retry_backoff_s = 0.0,
                  .session = std::nullopt,
                  .fanout = std::nullopt};
}

struct RequestClassSpec {
  std::string name;
  double share = 1.0;
  std::vector<CallSpec> calls;
};

enum class WorkloadKind { open, closed };

struct WorkloadSpec {
  WorkloadKind kind = WorkloadKind::open;
  double arrival_rate_per_s = 0.0;        // open: Poisson arrival rate
  std::int64_t users = 0;                 // closed: population size
  std::optional<Distribution> think_time; // closed: think time between requests
  std::vector<RequestClassSpec> classes;
};

enum class Balancer { round_robin, random, least_connections, power_of_two, caller_affinity };

enum class NodeKind {
  service,
  cache,
  load_balancer,
  cdn,
  database,        // a database's primary, or its set of read replicas
  queue,           // a job queue and its worker pool: one FIFO shared by every worker
  external,        // a third-party API: latency, rate limit, errors, failover
  connection_pool, // a database connection pool on each instance of a calling node
  realtime,        // an SSE / WebSocket broker: long-lived connections, message fan-out
};

/// The type's name as scenarios spell it ("connection_pool" nodes are made by the loader).
inline const char *node_kind_name(NodeKind kind) {
  switch (kind) {
  case NodeKind::service:
    return "service";
  case NodeKind::cache:
    return "cache";
  case NodeKind::load_balancer:
    return "load_balancer";
  case NodeKind::cdn:
    return "cdn";
  case NodeKind::database:
    return "database";
  case NodeKind::queue:
    return "queue";
  case NodeKind::external:
    return "external";
  case NodeKind::connection_pool:
    return "connection_pool";
  case NodeKind::realtime:
    return "realtime";
  }
  return "?";
}

/// The concurrency of a node without a slot limit (a CDN edge, an external API): every call
/// is served at once, so the node is a pure delay (M/G/∞).
inline constexpr int kUnlimitedConcurrency = 1 << 30;

/// A token bucket: `rate_per_s` tokens a second, at most `burst` kept; a call takes one.
struct TokenBucketSpec {
  double rate_per_s = 0.0;
  double burst = 1.0;
};

/// An external API that streams its answer (an LLM): after `latency` (time to first
/// token) it sends `output_tokens` tokens at `tokens_per_s`.
struct StreamingSpec {
  Distribution output_tokens;
  double tokens_per_s = 0.0;
};

/// A cache's key popularity: Zipf over `keys` keys, an LRU holding `capacity_keys` of them,
/// entries expiring `ttl_s` after insertion when given.
struct CachePopularitySpec {
  std::int64_t keys = 1;
  double zipf_exponent = 0.0;
  std::int64_t capacity_keys = 0;
  std::optional<double> ttl_s;
};

/// What an autoscaler watches, averaged over its window: the busy share of the slots, the
/// requests waiting per instance, the mean wait of calls that got a slot, the arrivals per
/// second per instance, the open connections per instance (realtime nodes), or the memory in
/// use as a share of the instance's limit (nodes with memory_use).
enum class ScalingMetric {
  utilization,
  queue_depth,
  queue_wait,
  requests_per_instance,
  connections,
  memory
};

inline const char *scaling_metric_name(ScalingMetric metric) {
  switch (metric) {
  case ScalingMetric::utilization:
    return "utilization";
  case ScalingMetric::queue_depth:
    return "queue_depth";
  case ScalingMetric::queue_wait:
    return "queue_wait";
  case ScalingMetric::requests_per_instance:
    return "requests_per_instance";
  case ScalingMetric::connections:
    return "connections";
  case ScalingMetric::memory:
    return "memory";
  }
  return "?";
}

/// "Metric above `threshold` over the last `hold_s`: add (or remove) `step` instances."
struct StepRule {
  double threshold = 0.0;
  double hold_s = 0.0;
  int step = 1;
};

/// A relative change of an instance count: `count × factor + added`, rounded up ("+50%":
/// factor 1.5; "x2": factor 2; "+3": added 3; "-25%": factor 0.75).
struct CountChange {
  double factor = 1.0;
  int added = 0;
  int applied_to(int count) const {
    return static_cast<int>(std::ceil(count * factor - 1e-9)) + added;
  }
};

/// Scheduled scaling: at `at_s` (repeating every `every_s` when given, e.g. daily) the
/// policy's bounds become min/max (each where given), then `change` moves the current count
/// (serving and provisioning) relatively, within the bounds; the count moves at once, and the
/// policy may move it again at its next decisions (e.g. scale a pre-warmed tier back in
/// after its cooldown).
struct ScheduledAction {
  double at_s = 0.0;
  std::optional<double> every_s;
  std::optional<int> min_instances;
  std::optional<int> max_instances;
  std::optional<CountChange> change;
};

/// How a tier's instance count follows its load (the DES applies it with real timing).
/// Target tracking (target > 0) sizes to ceil(current × metric / target); step scaling uses
/// the two rules. Decisions are taken every `interval_s`; a scale-out (scale-in) is not
/// followed by another within its cooldown; new instances serve after a provisioning delay;
/// removed instances stop taking work and leave once idle (draining).
struct AutoscalingSpec {
  int min_instances = 1;
  int max_instances = 1;
  ScalingMetric metric = ScalingMetric::utilization;
  double target = 0.0; // target tracking; 0: step scaling
  std::optional<StepRule> scale_out;
  std::optional<StepRule> scale_in;
  double interval_s = 60.0;
  double window_s = 60.0; // target tracking: the metric's averaging window
  double scale_out_cooldown_s = 0.0;
  double scale_in_cooldown_s = 300.0;
  Distribution provisioning = Distribution::constant(0.0);
  std::vector<ScheduledAction> schedule;
};

/// Memory as a resource of each instance: `base_bytes` plus `per_request_bytes` for every
/// call holding a slot (a job on a worker) and `per_connection_bytes` for every open
/// connection (realtime nodes). At `limit_bytes` a call that would go beyond it waits for
/// memory (back-pressure: it stays queued though a slot is free; a connection is refused),
/// or, with `oom_kill`, the instance is killed — everything it holds fails — and restarts
/// after `restart_after_s`. Without a limit, memory is only measured.
struct MemoryUseSpec {
  double base_bytes = 0.0;
  double per_request_bytes = 0.0;
  double per_connection_bytes = 0.0;
  std::optional<double> limit_bytes;
  bool oom_kill = false;
  double restart_after_s = 0.0;
};

/// What a realtime node does with the connections of an instance that scale-in removes:
/// move them to the other instances (where there is room; the rest are dropped), or drop them.
enum class ScaleInConnections { migrate, drop };

/// A database's routing of reads and writes, and what its connections cost it.
struct DatabaseSpec {
  int replica_node = -1; // index of the read-replica set (-1: no replicas)
  int primary_node = -1; // index of the primary (on the replica set's spec)
  std::optional<std::int64_t> max_connections;
  int pool_size = 0; // per calling instance; 0: no pool (direct connections)
  int pool_max_overflow = 0;
  std::optional<Distribution> replication_lag;
  bool read_your_writes = false; // a request's reads after its own write go to the primary
};

/// A node: `instances` machines, each with `concurrency` slots and its own FIFO queue
/// holding at most `queue_limit` waiting requests (none: unbounded) — or, with
/// `shared_queue`, one FIFO for all instances limited to `queue_limit` in total.
/// The type-specific parts are meaningful only for their kind.
struct NodeSpec {
  std::string name;
  int instances = 1;
  int concurrency = 1;
  std::optional<std::int64_t> queue_limit;
  Balancer balancer = Balancer::round_robin;
  NodeKind kind = NodeKind::service;
  bool shared_queue = false;
  /// The demand of calls that give none (a load balancer's added latency, a CDN edge's
  /// response time, an external API's latency).
  std::optional<Distribution> latency;
  /// Multiplies every demand sampled here: a hook for slowed dependencies and for
  /// instance types faster or slower than the one the demands were measured on.
  double service_time_factor = 1.0;
  std::optional<AutoscalingSpec> autoscaling; // `instances` is then the initial count
  double cpu_vcpus = 0.0;                     // per instance, metadata for pricing (0: not given)
  double memory_gb = 0.0;
  /// cache and cdn: the share of lookups that hit; cdn: per class where given.
  double cache_hit_ratio = 1.0;
  std::vector<std::pair<std::string, double>> class_hit_ratios;
  std::optional<CachePopularitySpec> popularity; // cache: where the hit ratio comes from
  double response_bytes = 0.0; // cdn: bytes served per request (default for every class)
  std::vector<std::pair<std::string, double>> class_response_bytes;
  // external
  std::optional<TokenBucketSpec> rate_limit;
  double error_rate = 0.0;
  int failover_node = -1; // index of the node that takes calls refused or failed here
  std::optional<StreamingSpec> streaming;
  // database (primary and replicas) and connection_pool (the database it connects to)
  DatabaseSpec database;
  int pool_database = -1; // connection_pool: index of the primary it connects to
  int pool_caller = -1;   // connection_pool: index of the node whose instances it lives on
  std::optional<plan::NodeCost> cost; // what the node is charged for (plan)
  // realtime: open connections per instance at most (none: unlimited), and at scale-in
  std::optional<std::int64_t> max_connections_per_instance;
  ScaleInConnections scale_in_connections = ScaleInConnections::migrate;
  std::optional<MemoryUseSpec> memory_use;    // service, realtime and queue nodes
  std::optional<ReliabilitySpec> reliability; // how its instances fail (availability)

  bool unlimited() const { return concurrency == kUnlimitedConcurrency; }
  /// Hit ratio of a lookup made by `class_name` (cache and cdn nodes).
  double hit_ratio_for(const std::string &class_name) const {
    for (const auto &[listed_class, ratio] : class_hit_ratios) {
      if (listed_class == class_name) {
        return ratio;
      }
    }
    return cache_hit_ratio;
  }
  /// Bytes a cdn node serves per request of `class_name`.
  double bytes_for(const std::string &class_name) const {
    for (const auto &[listed_class, bytes] : class_response_bytes) {
      if (listed_class == class_name) {
        return bytes;
      }
    }
    return response_bytes;
  }
};

/// A service-level objective: a latency figure of a request class that must stay at or
/// below a target. `percentile` is an index into kReportedPercentiles (run_result.hpp), or
/// -1 for the mean.
struct SloSpec {
  std::string class_name;
  std::size_t class_index = 0;
  int percentile = -1;
  double target_s = 0.0;
};

/// A scheduled failure drill. `kill`: `kill_count` (or the `kill_fraction` of the serving)
/// instances die at `at_s` — everything they hold fails, or is retried at once on the
/// survivors — and come back after `restart_after_s` if given (re-provisioned). `slow`: the
/// node's service times are multiplied by `slow_factor` for `duration_s`. `down`: the node
/// refuses every call for `duration_s` (calls fail over, are retried, or fail); work already
/// in flight finishes.
enum class FaultKind { kill, slow, down };

struct FaultSpec {
  double at_s = 0.0;
  int node = 0;
  FaultKind kind = FaultKind::kill;
  int kill_count = 0;
  double kill_fraction = 0.0;
  std::optional<double> restart_after_s;
  bool retry_in_flight = false;
  double slow_factor = 1.0;
  double duration_s = 0.0;
};

/// `jobs` requests of one class submitted at uniformly random times in [at_s, at_s + within_s)
/// (a batch upload), on top of the workload's own arrivals.
struct BurstSpec {
  double at_s = 0.0;
  double within_s = 0.0;
  std::int64_t jobs = 0;
  std::size_t class_index = 0;
};

/// A named load profile: how the open arrival rate varies over time, and batch bursts.
struct ProfileSpec {
  std::string name;
  LoadProfile load;
  std::vector<BurstSpec> bursts;
};

struct RunSpec {
  double duration_s = 3600.0;
  double warmup_s = 0.0;
  int replications = 10;
  double window_s = 60.0; // time-series window (first replication); 0: no time series
};

struct Scenario {
  std::string name;
  std::uint64_t seed = 1;
  RunSpec run;
  WorkloadSpec workload;
  std::vector<NodeSpec> nodes;
  std::vector<SloSpec> slos;
  std::vector<FaultSpec> failures;
  std::vector<ProfileSpec> profiles;
  std::optional<std::size_t> active_profile; // index into profiles; none: steady load
  std::optional<plan::GrowthSpec> growth;    // how the load grows over months (plan)
  std::optional<plan::PricingSpec> pricing;  // prices of the nodes' usage (plan)
  std::vector<ClaimSpec> claims;             // the spec's claims, checked by audit
  std::optional<SizeSpace> size_space;       // the decisions `capsim size` searches
  AvailabilitySpec availability;             // target, zones and failure-simulation length
  std::filesystem::path source_file;

  /// Months a plan covers: the growth horizon, or 12 without growth.
  int horizon_months() const { return growth ? growth->horizon_months : 12; }

  /// Some node says how it fails: the scenario can be studied for availability.
  bool has_reliability() const {
    for (const NodeSpec &node : nodes) {
      if (node.reliability) {
        return true;
      }
    }
    return false;
  }

  /// Index of the node called `node_name` in `nodes`, or -1.
  int node_index(const std::string &node_name) const {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (nodes[i].name == node_name) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }
};

} // namespace capsim
