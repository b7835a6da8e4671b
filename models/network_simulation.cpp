// The event loop and request life cycle behind simulate_replication().
// Requests live in a slab indexed by id with a fixed-depth frame stack each, so the hot
// loop does no heap allocation once the slab has reached the run's peak population.
#include "models/network_simulation.hpp"

#include "models/autoscaler.hpp"
#include "models/burst_arrivals.hpp"
#include "models/saturation_watch.hpp"
#include "sim/event_calendar.hpp"
#include "sim/fifo_queue.hpp"
#include "sim/rng.hpp"
#include "sim/time_weighted.hpp"
#include "sim/time_weighted_moments.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace capsim {
namespace {

enum EventKind : std::uint32_t {
  kArrival,
  kThinkEnd,
  kServiceDone,
  kWarmupEnd,
  kTimeout,
  kRetry,
  kAutoscale,        // subject: node; the autoscaler evaluates and decides
  kInstanceReady,    // subject: node; a provisioned instance starts serving
  kFault,            // subject: index of the failure drill in the scenario
  kFaultEnd,         // subject: index of the failure drill whose slow-down or outage ends
  kWindowEnd,        // a time-series window closes
  kBurstArrival,     // subject: index into bursts_; that burst's next job
  kScheduledScaling, // subject: index into scheduled_scaling_; new autoscaling bounds
  kConnectionEnd,    // subject: index into connections_; its session ends
  kMemorySample,     // every node with memory_use records each instance's memory
  kOomKill,          // subject: index into oom_kills_; an instance went beyond its memory
  kSaturationWindow, // a window of the saturation watch ends (and the next begins)
};

/// How often instance memory is sampled for its time-weighted distribution (P95).
constexpr SimTimeNs kMemorySampleNs = 1'000'000'000;

/// Time series keep at most this many windows: a longer run gets wider windows.
/// (5,000 windows of a class's latency counts take 6.5 MB.)
constexpr double kMaxWindows = 5000.0;

constexpr std::uint32_t kNoUser = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::int32_t kNoNode = -1;

/// Why a call failed: rejected by a full queue (counted as dropped), or an error: timed out,
/// refused by a rate limit (HTTP 429) or a full connection limit, or failed by the callee.
enum class Failure { rejected, timed_out, rate_limited, refused, failed };

/// A pending timeout: the request and the stack level whose current call it guards.
/// Inactive once that call finishes or fails; freed when its event fires.
struct TimeoutRecord {
  std::uint32_t request = 0;
  std::uint32_t level = 0;
  bool active = false;
};

/// One level of a request's call stack: the sibling list being walked, and the slot its
/// parent call holds while these nested calls run.
struct Frame {
  std::uint32_t pos = 0;
  std::uint32_t end = 0;
  std::int32_t held_node = kNoNode;
  std::uint32_t held_instance = 0;
  SimTimeNs held_since_ns = 0;       // when the parent call arrived at held_node
  std::uint32_t held_epoch = 0;      // of that instance: a kill makes the slot stale
  std::uint32_t timeout = kNone;     // TimeoutRecord guarding the current call
  std::uint32_t failed_attempts = 0; // of the current call
  bool lookup_missed = false;        // the last cache lookup in this list missed
};

struct Request {
  SimTimeNs arrival_ns = 0;
  SimTimeNs last_write_ns = 0;    // of the last database write, into wrote_database
  SimTimeNs call_arrival_ns = 0;  // arrival at the node of the current call
  SimTimeNs service_start_ns = 0; // when the current call got its slot
  std::uint32_t class_index = 0;
  std::uint32_t user = kNoUser;
  std::uint32_t depth = 0;
  std::uint32_t call_instance = 0;
  std::uint32_t call_node = 0;      // serving the current call (its node, or a failover)
  std::int32_t wrote_database = -1; // primary of the last database this request wrote to
  std::uint32_t call_epoch = 0;     // of the instance serving the current call
  bool alive = false;               // in use (not on the free list)
  bool in_service = false;          // its current call holds a slot (a completion is due)
  /// A ghost is an attempt its caller abandoned after a timeout: it runs on at the callee
  /// (using and then releasing the slots above this level) and vanishes when the call at
  /// this level finishes.
  std::uint32_t ghost_level = kNone;
  bool detached = false; // spawned by an async call, or a ghost: no class figures
  /// A delivery of a publish: its first call at node pinned_node goes to this instance
  /// (the one holding the subscriber's connection).
  std::uint32_t pinned_node = kNone;
  std::uint32_t pinned_instance = kNone;
};

/// A long-lived connection at a realtime node (an SSE / WebSocket session). Freed when its
/// session-end event fires; `open` is false once it was dropped before that.
struct Connection {
  std::uint32_t node = 0;
  std::uint32_t instance = 0;
  std::uint32_t position = 0; // in its node's open_connections
  bool open = false;
};

struct InstanceState {
  int busy_slots = 0;
  std::int64_t connections = 0; // realtime nodes: open connections held here
  bool live = true;             // exists (provisioned and not yet retired)
  bool serving = true;          // takes new work (false while draining before retirement)
  std::uint32_t epoch = 0;      // bumped when the instance is killed: its slots become stale
  bool oom_pending = false;     // beyond its memory limit: an OOM kill is due this instant
  FifoQueue<std::uint32_t> waiting;
  /// What the load-aware balancers compare: requests waiting or in service, and connections.
  std::size_t load() const {
    return static_cast<std::size_t>(busy_slots + connections) + waiting.size();
  }
};

struct NodeState {
  const NodeSpec *spec = nullptr;
  NodeDemand demand;
  std::vector<InstanceState> instances;
  std::uint32_t next_instance = 0; // round-robin cursor
  Rng rng{0};
  std::vector<double> class_bytes; // cdn: bytes served per request of each class
  double tokens = 0.0;             // rate-limited nodes: the token bucket
  SimTimeNs tokens_at_ns = 0;
  std::int64_t connections_open = 0;      // database primaries: connections held by clients
  std::vector<std::uint32_t> serving_ids; // instances taking new work, in id order
  std::vector<std::uint32_t> pools;       // connection pools living on this node's instances
  std::optional<Autoscaler> scaler;
  int pending = 0;   // instances being provisioned
  bool down = false; // refuses every call (a failure drill)
  TimeWeighted live_instances;
  TimeWeighted live_slots;
  int min_live_instances = 0; // since the measurement window opened
  // Counts before the warm-up reset, so that the autoscaler's windows span it.
  std::int64_t arrivals_before_reset = 0;
  std::int64_t started_before_reset = 0;
  double wait_sum_before_reset_s = 0.0;
  TimeWeighted busy_slots; // in use; number in system = busy_slots + queued
  TimeWeighted queued;
  double wait_sum_s = 0.0;      // over calls that started service
  double residence_sum_s = 0.0; // over calls that released their slot
  std::int64_t started = 0;
  std::int64_t arrivals = 0;
  std::int64_t queued_arrivals = 0;
  std::int64_t completed = 0;
  std::int64_t dropped = 0;
  std::int64_t overflow = 0;
  std::int64_t lookups = 0; // cache and cdn nodes
  std::int64_t misses = 0;
  double bytes_served = 0.0; // cdn nodes
  double origin_bytes = 0.0;
  std::int64_t rate_limited = 0;
  std::int64_t refused = 0; // database primaries: connections refused at max_connections
  std::int64_t failed = 0;  // calls that failed here (external error rate)
  std::int64_t failovers = 0;
  std::int64_t stale_reads = 0; // read replicas: reads behind the request's own write
  std::int64_t peak_connections = 0;
  LatencyHistogram residence;
  std::int64_t waiting = 0;          // requests waiting at all instances now
  std::int64_t waiting_at_start = 0; // ... when the measurement window opened
  // realtime nodes
  TimeWeightedMoments connections;             // open at all instances
  std::vector<std::uint32_t> open_connections; // their ids in connections_
  std::int64_t connections_opened = 0;
  std::int64_t connections_refused = 0;
  std::int64_t connections_dropped = 0;
  std::int64_t connections_migrated = 0;
  // nodes with memory_use
  double memory_peak_bytes = 0.0;
  std::optional<LatencyHistogram> memory_samples;
  std::int64_t oom_kills = 0;

  void reset_statistics(SimTimeNs now_ns) {
    arrivals_before_reset += arrivals;
    started_before_reset += started;
    wait_sum_before_reset_s += wait_sum_s;
    live_instances.reset(now_ns);
    live_slots.reset(now_ns);
    min_live_instances = static_cast<int>(live_instances.level());
    busy_slots.reset(now_ns);
    queued.reset(now_ns);
    wait_sum_s = residence_sum_s = 0.0;
    started = arrivals = queued_arrivals = completed = dropped = overflow = lookups = misses = 0;
    rate_limited = refused = failed = failovers = stale_reads = 0;
    bytes_served = origin_bytes = 0.0;
    peak_connections = connections_open;
    residence.reset();
    waiting_at_start = waiting;
    connections.reset(now_ns);
    connections_opened = connections_refused = connections_dropped = connections_migrated = 0;
    oom_kills = 0;
    if (memory_samples) {
      memory_samples->reset();
      memory_peak_bytes = 0.0;
      for (const InstanceState &instance : instances) {
        memory_peak_bytes = std::max(memory_peak_bytes, live_memory_bytes(instance));
      }
    }
  }

  /// An instance's memory in use (nodes with memory_use).
  double memory_bytes(const InstanceState &instance) const {
    const MemoryUseSpec &use = *spec->memory_use;
    return use.base_bytes + use.per_request_bytes * instance.busy_slots +
           use.per_connection_bytes * static_cast<double>(instance.connections);
  }
  double live_memory_bytes(const InstanceState &instance) const {
    return instance.live ? memory_bytes(instance) : 0.0;
  }
  /// Whether `extra_bytes` more may be taken now: always, unless the node applies
  /// back-pressure at its memory limit and they do not fit below it.
  bool memory_admits(const InstanceState &instance, double extra_bytes) const {
    const std::optional<MemoryUseSpec> &use = spec->memory_use;
    return !use || !use->limit_bytes || use->oom_kill ||
           memory_bytes(instance) + extra_bytes <= *use->limit_bytes;
  }
  /// A slot of the instance may start a call now: one is free and memory admits the call.
  bool can_start(const InstanceState &instance) const {
    return instance.busy_slots < spec->concurrency &&
           (!spec->memory_use || memory_admits(instance, spec->memory_use->per_request_bytes));
  }
};

struct ClassState {
  LatencyHistogram latency;
  std::int64_t completed = 0;
  std::int64_t dropped = 0;
  std::int64_t errors = 0;
  std::int64_t retries = 0;
};

class NetworkSimulation {
public:
  NetworkSimulation(const Scenario &scenario, const CallProgram &program, std::uint64_t replication,
                    const RunLimits &limits)
      : scenario_(scenario), program_(program), limits_(limits),
        frame_depth_(static_cast<std::size_t>(program.max_depth)),
        workload_rng_(Rng::for_stream(scenario.seed, replication, kWorkloadStream)),
        routing_rng_(Rng::for_stream(scenario.seed, replication, kRoutingStream)),
        burst_rng_(Rng::for_stream(scenario.seed, replication, kBurstStream)),
        classes_(scenario.workload.classes.size()), call_sites_(program.calls.size()) {
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
      NodeState node;
      node.spec = &scenario.nodes[i];
      node.demand = program.node_demand[i];
      node.instances.resize(static_cast<std::size_t>(node.spec->instances));
      for (std::uint32_t id = 0; id < node.instances.size(); ++id) {
        node.serving_ids.push_back(id);
      }
      node.live_instances.set(0, node.spec->instances);
      node.live_slots.set(0, std::int64_t{node.spec->instances} * node.spec->concurrency);
      node.min_live_instances = node.spec->instances;
      if (node.spec->autoscaling) {
        node.scaler.emplace(*node.spec->autoscaling);
      }
      node.rng = Rng::for_stream(scenario.seed, replication, kFirstNodeStream + i);
      if (node.spec->memory_use) {
        node.memory_samples.emplace();
        node.memory_peak_bytes = node.spec->memory_use->base_bytes;
      }
      if (node.spec->rate_limit) {
        node.tokens = node.spec->rate_limit->burst;
      }
      for (const RequestClassSpec &request_class : scenario.workload.classes) {
        node.class_bytes.push_back(node.spec->bytes_for(request_class.name));
      }
      nodes_.push_back(std::move(node));
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (nodes_[i].spec->kind == NodeKind::connection_pool) {
        nodes_[static_cast<std::size_t>(nodes_[i].spec->pool_caller)].pools.push_back(
            static_cast<std::uint32_t>(i));
      }
    }
    open_pool_connections();
    double cumulative = 0.0;
    for (const RequestClassSpec &request_class : scenario.workload.classes) {
      cumulative += request_class.share;
      cumulative_shares_.push_back(cumulative);
    }
    if (replication == 0 && scenario.run.window_s > 0.0) {
      series_.emplace();
      series_->window_s = std::max(scenario.run.window_s, scenario.run.duration_s / kMaxWindows);
      series_->classes.resize(classes_.size());
      series_->nodes.resize(nodes_.size());
      window_ns_ = seconds_to_ns(series_->window_s);
      window_end_ns_ = window_ns_;
    }
  }

  ReplicationResult run() {
    const SimTimeNs end_ns = seconds_to_ns(scenario_.run.duration_s);
    end_ns_ = end_ns;
    const SimTimeNs warmup_ns = seconds_to_ns(scenario_.run.warmup_s);
    start_workload();
    for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
      if (nodes_[i].scaler) {
        schedule_actions(i);
        nodes_[i].scaler->record(sample_of(nodes_[i])); // the totals at time 0
        calendar_.schedule(seconds_to_ns(nodes_[i].spec->autoscaling->interval_s), kAutoscale, i);
      }
    }
    if (series_) {
      for (NodeState &node : nodes_) {
        window_start_.push_back(sample_of(node));
      }
      calendar_.schedule(window_ns_, kWindowEnd, 0);
    }
    for (std::uint32_t i = 0; i < scenario_.failures.size(); ++i) {
      calendar_.schedule(seconds_to_ns(scenario_.failures[i].at_s), kFault, i);
    }
    if (std::any_of(nodes_.begin(), nodes_.end(),
                    [](const NodeState &node) { return node.memory_samples.has_value(); })) {
      calendar_.schedule(kMemorySampleNs, kMemorySample, 0);
    }
    if (warmup_ns > 0) {
      calendar_.schedule(warmup_ns, kWarmupEnd, 0);
    }
    saturation_.emplace(nodes_.size(), warmup_ns, end_ns);
    calendar_.schedule(warmup_ns, kSaturationWindow, 0);
    std::uint64_t events = 0;
    StopReason stop_reason = StopReason::completed;
    while (!calendar_.empty() && calendar_.next_time() <= end_ns) {
      dispatch(calendar_.pop());
      ++events;
      if ((events & kLimitCheckMask) == 0 || events == limits_.max_events) {
        stop_reason = check_limits(events);
        if (stop_reason != StopReason::completed) {
          break;
        }
      }
    }
    const SimTimeNs stop_ns = stop_reason == StopReason::completed ? end_ns : now();
    ReplicationResult result = collect(std::max(stop_ns, warmup_ns), warmup_ns, events);
    result.stop_reason = stop_reason;
    return result;
  }

private:
  static constexpr std::uint64_t kLimitCheckMask = (1U << 16) - 1;

  SimTimeNs now() const { return calendar_.now(); }

  StopReason check_limits(std::uint64_t events) const {
    if (limits_.max_events > 0 && events >= limits_.max_events) {
      return StopReason::max_events;
    }
    if (limits_.stop_requested != nullptr && limits_.stop_requested->load()) {
      return StopReason::interrupted;
    }
    if (limits_.deadline && std::chrono::steady_clock::now() >= *limits_.deadline) {
      return StopReason::deadline;
    }
    return StopReason::completed;
  }

  // ---- workload -------------------------------------------------------------------
  void start_workload() {
    const WorkloadSpec &workload = scenario_.workload;
    if (scenario_.active_profile) {
      profile_ = &scenario_.profiles[*scenario_.active_profile];
      schedule_bursts(*profile_);
    }
    if (workload.kind == WorkloadKind::open) {
      // With a profile, candidates come at the peak rate and are thinned (Lewis–Shedler).
      max_multiplier_ = profile_ ? profile_->load.max_multiplier() : 1.0;
      mean_interarrival_s_ = 1.0 / (workload.arrival_rate_per_s * max_multiplier_);
      schedule_next_arrival();
      return;
    }
    for (std::int64_t user = 0; user < workload.users; ++user) {
      schedule_think(static_cast<std::uint32_t>(user));
    }
  }

  void schedule_next_arrival() {
    SimTimeNs at_ns = now();
    do { // without a profile every candidate is accepted and no acceptance draw is made
      at_ns += seconds_to_ns(-mean_interarrival_s_ * std::log(workload_rng_.uniform_open01()));
    } while (profile_ != nullptr && at_ns <= end_ns_ &&
             workload_rng_.uniform_open01() * max_multiplier_ >
                 profile_->load.multiplier_at(ns_to_seconds(at_ns)));
    calendar_.schedule(at_ns, kArrival, 0);
  }

  /// Each burst's requests at uniformly random times within its interval, generated one at a
  /// time in order: one pending event per burst, whatever its size.
  void schedule_bursts(const ProfileSpec &profile) {
    for (const BurstSpec &burst : profile.bursts) {
      bursts_.emplace_back(burst);
    }
    for (std::uint32_t burst = 0; burst < bursts_.size(); ++burst) {
      schedule_burst_job(burst);
    }
  }

  void schedule_burst_job(std::uint32_t burst) {
    if (const std::optional<double> at_s = bursts_[burst].next_s(burst_rng_)) {
      calendar_.schedule(seconds_to_ns(*at_s), kBurstArrival, burst);
    }
  }

  void schedule_think(std::uint32_t user) {
    const SimTimeNs think_ns = scenario_.workload.think_time->sample_ns(workload_rng_);
    calendar_.schedule(now() + think_ns, kThinkEnd, user);
  }

  std::uint32_t pick_class() {
    if (cumulative_shares_.size() == 1) {
      return 0;
    }
    const double u = workload_rng_.uniform_open01() * cumulative_shares_.back();
    std::uint32_t index = 0;
    while (index + 1 < cumulative_shares_.size() && u >= cumulative_shares_[index]) {
      ++index;
    }
    return index;
  }

  // ---- event dispatch -------------------------------------------------------------
  void dispatch(const Event &event) {
    switch (event.kind) {
    case kArrival:
      schedule_next_arrival();
      start_request(kNoUser);
      break;
    case kThinkEnd:
      start_request(event.subject);
      break;
    case kServiceDone:
      finish_service(event.subject);
      break;
    case kWarmupEnd:
      reset_statistics();
      break;
    case kTimeout:
      fire_timeout(event.subject);
      break;
    case kRetry:
      issue_call(event.subject);
      break;
    case kAutoscale:
      autoscale(event.subject);
      break;
    case kInstanceReady:
      add_instance(event.subject);
      break;
    case kFault:
      start_fault(event.subject);
      break;
    case kFaultEnd:
      end_fault(event.subject);
      break;
    case kWindowEnd:
      close_window();
      break;
    case kBurstArrival:
      schedule_burst_job(event.subject);
      start_request_of_class(static_cast<std::uint32_t>(bursts_[event.subject].spec().class_index),
                             kNoUser);
      break;
    case kScheduledScaling:
      apply_schedule(event.subject);
      break;
    case kConnectionEnd:
      end_session(event.subject);
      break;
    case kMemorySample:
      sample_memory();
      break;
    case kOomKill:
      oom_kill(event.subject);
      break;
    case kSaturationWindow:
      close_saturation_window();
      break;
    default:
      assert(false && "unknown event kind");
    }
  }

  void reset_statistics() {
    for (NodeState &node : nodes_) {
      node.reset_statistics(now());
    }
    for (ClassState &state : classes_) {
      state = ClassState{};
    }
    for (CallSiteMeasurement &site : call_sites_) {
      site.wait.reset();
      site.service.reset();
    }
  }

  // ---- request slab ---------------------------------------------------------------
  std::uint32_t allocate_request() {
    if (free_ids_.empty()) {
      const auto id = static_cast<std::uint32_t>(requests_.size());
      requests_.emplace_back();
      frames_.resize(frames_.size() + frame_depth_);
      return id;
    }
    const std::uint32_t id = free_ids_.back();
    free_ids_.pop_back();
    return id;
  }

  Frame &frame(std::uint32_t id, std::uint32_t level) {
    return frames_[static_cast<std::size_t>(id) * frame_depth_ + level];
  }
  Frame &top_frame(std::uint32_t id) { return frame(id, requests_[id].depth - 1); }

  void push_frame(std::uint32_t id, const Frame &new_frame) {
    Request &request = requests_[id];
    assert(request.depth < frame_depth_);
    frame(id, request.depth) = new_frame;
    ++request.depth;
  }

  std::uint32_t new_request(std::uint32_t class_index, std::uint32_t user, bool detached,
                            CallRange calls) {
    const std::uint32_t id = allocate_request();
    Request &request = requests_[id];
    request = Request{};
    request.alive = true;
    request.arrival_ns = now();
    request.class_index = class_index;
    request.user = user;
    request.detached = detached;
    push_frame(id, Frame{calls.begin, calls.end, kNoNode, 0, 0});
    ++requests_started_;
    return id;
  }

  void start_request(std::uint32_t user) { start_request_of_class(pick_class(), user); }

  void start_request_of_class(std::uint32_t class_index, std::uint32_t user) {
    if (series_) {
      ++class_window(class_index).arrivals.back();
    }
    advance(new_request(class_index, user, false, program_.class_calls[class_index]));
  }

  // ---- walking the call tree ------------------------------------------------------
  /// Moves a request forward until it waits at a node, is dropped, or completes.
  void advance(std::uint32_t id) {
    for (;;) {
      Frame &current = top_frame(id);
      if (current.pos == current.end) {
        if (!return_from_frame(id)) {
          return;
        }
        continue;
      }
      const CompiledCall &call = program_.calls[current.pos];
      if (call.on_miss && !current.lookup_missed) {
        ++current.pos;
        continue;
      }
      if (call.probability < 1.0 && !routing_rng_.bernoulli(call.probability)) {
        current.lookup_missed = call.on_miss && current.lookup_missed;
        ++current.pos;
        continue;
      }
      if (call.async) {
        current.lookup_missed = call.on_miss && current.lookup_missed;
        const std::uint32_t call_index = current.pos++;
        spawn_async(id, call_index); // may grow the slab: `current` is not used after this
        continue;
      }
      issue_call(id);
      return;
    }
  }

  /// Sends the current call to its node (guarded by its timeout, if any).
  void issue_call(std::uint32_t id) {
    const std::uint32_t site = top_frame(id).pos;
    const CompiledCall &call = program_.calls[site];
    if (call.timeout_ns > 0) {
      start_timeout(id, call.timeout_ns);
    }
    route(id, target_node(id, call));
  }

  /// Sends the current call of `id` to `node_index`; a refused or rate-limited call goes on
  /// to the node's failover, if it has one, and otherwise fails.
  void route(std::uint32_t id, std::uint32_t node_index) {
    const std::optional<Failure> failure = arrive(id, node_index);
    if (failure) {
      fail_or_fail_over(id, node_index, *failure);
    }
  }

  void fail_or_fail_over(std::uint32_t id, std::uint32_t node_index, Failure failure) {
    NodeState &node = nodes_[node_index];
    if (failure != Failure::rejected && node.spec->failover_node >= 0) {
      ++node.failovers;
      route(id, static_cast<std::uint32_t>(node.spec->failover_node));
      return;
    }
    fail_call(id, failure);
  }

  /// The node a call goes to: its own, except a read that must see the request's own
  /// write (read_your_writes), which goes to the primary. Reads that a replica may answer
  /// from before that write (within a sampled replication lag) are counted as stale.
  std::uint32_t target_node(std::uint32_t id, const CompiledCall &call) {
    NodeState &node = nodes_[call.node];
    const int primary = node.spec->database.primary_node; // set on a replica set only
    const Request &request = requests_[id];
    if (call.op != DatabaseOp::read || primary < 0 || request.wrote_database != primary) {
      return call.node;
    }
    const DatabaseSpec &database = nodes_[static_cast<std::size_t>(primary)].spec->database;
    if (database.read_your_writes) {
      return static_cast<std::uint32_t>(primary);
    }
    if (database.replication_lag &&
        now() - request.last_write_ns < database.replication_lag->sample_ns(node.rng)) {
      ++node.stale_reads;
    }
    return call.node;
  }

  /// The current call of `id` failed: retry it after the backoff if attempts remain,
  /// otherwise the whole request fails.
  void fail_call(std::uint32_t id, Failure failure) {
    Frame &current = top_frame(id);
    const CompiledCall &call = program_.calls[current.pos];
    clear_timeout(current);
    if (current.failed_attempts < call.retries) {
      ++current.failed_attempts;
      const SimTimeNs backoff_ns = call.retry_backoff_ns << (current.failed_attempts - 1);
      if (!requests_[id].detached) {
        ++classes_[requests_[id].class_index].retries;
      }
      calendar_.schedule(now() + backoff_ns, kRetry, id);
      return;
    }
    fail_request(id, failure);
  }

  // ---- timeouts -------------------------------------------------------------------
  void start_timeout(std::uint32_t id, SimTimeNs timeout_ns) {
    std::uint32_t record;
    if (free_timeouts_.empty()) {
      record = static_cast<std::uint32_t>(timeouts_.size());
      timeouts_.emplace_back();
    } else {
      record = free_timeouts_.back();
      free_timeouts_.pop_back();
    }
    timeouts_[record] = TimeoutRecord{id, requests_[id].depth - 1, true};
    top_frame(id).timeout = record;
    calendar_.schedule(now() + timeout_ns, kTimeout, record);
  }

  void clear_timeout(Frame &frame) {
    if (frame.timeout != kNone) {
      timeouts_[frame.timeout].active = false;
      frame.timeout = kNone;
    }
  }

  void fire_timeout(std::uint32_t record) {
    const TimeoutRecord timeout = timeouts_[record];
    if (timeout.active) {
      fail_call(abandon_attempt(timeout.request, timeout.level), Failure::timed_out);
    }
    timeouts_[record].active = false;
    free_timeouts_.push_back(record);
  }

  /// The caller of the call at `level` gives up on it. The caller's part of the stack
  /// (levels 0..level) moves to a new request id, which is returned; the attempt keeps the
  /// old id — its queue entry or service event refers to it — and becomes a ghost.
  std::uint32_t abandon_attempt(std::uint32_t attempt, std::uint32_t level) {
    const std::uint32_t caller = allocate_request();
    requests_[caller] = requests_[attempt];
    requests_[caller].depth = level + 1;
    for (std::uint32_t i = 0; i <= level; ++i) {
      frame(caller, i) = frame(attempt, i);
      if (frame(caller, i).timeout != kNone) {
        timeouts_[frame(caller, i).timeout].request = caller;
      }
    }
    frame(attempt, level).timeout = kNone;
    Request &ghost = requests_[attempt];
    ghost.ghost_level = level;
    ghost.user = kNoUser;
    ghost.detached = true;
    return caller;
  }

  /// Pops the finished top frame, releasing the slot its parent call held. Returns false
  /// when the request has completed.
  bool return_from_frame(std::uint32_t id) {
    const Frame finished = top_frame(id);
    --requests_[id].depth;
    if (finished.held_node != kNoNode) {
      release_slot(static_cast<std::uint32_t>(finished.held_node), finished.held_instance,
                   finished.held_since_ns, finished.held_epoch);
    }
    if (requests_[id].depth == 0) {
      complete(id);
      return false;
    }
    return next_call(id);
  }

  /// The current call at the top frame finished: move to its next sibling. Returns false
  /// when that ends a ghost (whose caller went on without it).
  bool next_call(std::uint32_t id) {
    Frame &current = top_frame(id);
    clear_timeout(current);
    current.failed_attempts = 0;
    if (requests_[id].depth - 1 == requests_[id].ghost_level) {
      finish_request(id);
      return false;
    }
    ++current.pos;
    return true;
  }

  void spawn_async(std::uint32_t parent, std::uint32_t call_index) {
    const std::uint32_t class_index = requests_[parent].class_index;
    const std::uint32_t id =
        new_request(class_index, kNoUser, true, CallRange{call_index, call_index + 1});
    issue_call(id);
  }

  /// The current call's own demand is done: run its nested calls while holding the slot,
  /// or, for a leaf call, release the slot and move on to the next sibling.
  void finish_service(std::uint32_t id) {
    const CompiledCall &call = program_.calls[top_frame(id).pos];
    const std::uint32_t node_index = requests_[id].call_node;
    NodeState &node = nodes_[node_index];
    requests_[id].in_service = false;
    if (requests_[id].call_epoch != node.instances[requests_[id].call_instance].epoch) {
      fail_request(id, Failure::failed); // a ghost whose instance was killed under it
      return;
    }
    call_sites_[top_frame(id).pos].service.record_ns(now() - requests_[id].service_start_ns);
    if (node.spec->error_rate > 0.0 && node.rng.bernoulli(node.spec->error_rate)) {
      ++node.failed;
      const Request &request = requests_[id];
      release_slot(node_index, request.call_instance, request.call_arrival_ns, request.call_epoch);
      fail_or_fail_over(id, node_index, Failure::failed);
      return;
    }
    if (call.subscribers) {
      publish(node_index, call); // may grow the slab: references are taken after it
    }
    Request &request = requests_[id];
    Frame &current = top_frame(id);
    if (call.op == DatabaseOp::write) {
      request.wrote_database = static_cast<std::int32_t>(node_index);
      request.last_write_ns = now();
    }
    if (call.first_child == call.child_end) {
      if (!call.on_miss) {
        current.lookup_missed = look_up(node, call.miss_probability, request.class_index);
      }
      release_slot(node_index, request.call_instance, request.call_arrival_ns, request.call_epoch);
      if (!next_call(id)) {
        return;
      }
    } else {
      push_frame(id, Frame{call.first_child, call.child_end, static_cast<std::int32_t>(node_index),
                           request.call_instance, request.call_arrival_ns, request.call_epoch});
    }
    advance(id);
  }

  void complete(std::uint32_t id) {
    const Request &request = requests_[id];
    if (!request.detached) {
      ClassState &state = classes_[request.class_index];
      state.latency.record_ns(now() - request.arrival_ns);
      ++state.completed;
      if (series_) {
        ClassSeries &series = class_window(request.class_index);
        ++series.completions.back();
        series.latency.back().record_ns(now() - request.arrival_ns);
      }
    }
    finish_request(id);
  }

  /// The request fails: it gives back the slots it holds (a ghost only those of its own
  /// attempt) and counts as dropped (rejected by a full queue) or as an error (timed out).
  void fail_request(std::uint32_t id, Failure failure) {
    const std::uint32_t ghost_level = requests_[id].ghost_level;
    const std::uint32_t floor = ghost_level == kNone ? 0 : ghost_level + 1;
    while (requests_[id].depth > floor) {
      Frame &top = top_frame(id);
      clear_timeout(top);
      const Frame held = top;
      --requests_[id].depth;
      if (held.held_node != kNoNode) {
        release_slot(static_cast<std::uint32_t>(held.held_node), held.held_instance,
                     held.held_since_ns, held.held_epoch);
      }
    }
    if (!requests_[id].detached) {
      ClassState &state = classes_[requests_[id].class_index];
      ++(failure == Failure::rejected ? state.dropped : state.errors);
      if (series_) {
        ++class_window(requests_[id].class_index).errors.back();
      }
    }
    finish_request(id);
  }

  void finish_request(std::uint32_t id) {
    const std::uint32_t user = requests_[id].user;
    requests_[id].alive = false;
    free_ids_.push_back(id);
    if (user != kNoUser) {
      schedule_think(user);
    }
  }

  // ---- realtime sessions and fan-out -----------------------------------------------------
  // A connection (SSE / WebSocket session) opens when its connect call arrives, on a serving
  // instance with room, and holds its place there until its session ends; a publish fans out
  // to random open connections, one delivery request each, pinned to their instances.

  /// A serving instance with room for one more connection (under max_connections, and in
  /// memory when the node applies back-pressure), chosen by the balancer among those; kNone
  /// when every instance is full.
  std::uint32_t choose_session_instance(NodeState &node) {
    const auto count = static_cast<std::uint32_t>(node.serving_ids.size());
    const double per_connection =
        node.spec->memory_use ? node.spec->memory_use->per_connection_bytes : 0.0;
    auto has_room = [&](std::uint32_t position) {
      const InstanceState &instance = node.instances[node.serving_ids[position]];
      return (!node.spec->max_connections_per_instance ||
              instance.connections < *node.spec->max_connections_per_instance) &&
             node.memory_admits(instance, per_connection);
    };
    const std::uint32_t start = count == 0 ? 0 : choose_position(node, count);
    std::uint32_t best = kNone;
    for (std::uint32_t step = 0; step < count; ++step) {
      const std::uint32_t position = (start + step) % count;
      if (!has_room(position)) {
        continue;
      }
      if (node.spec->balancer != Balancer::least_connections) {
        return node.serving_ids[position]; // the balancer's pick, or the next one with room
      }
      if (best == kNone || node.instances[node.serving_ids[position]].connections <
                               node.instances[node.serving_ids[best]].connections) {
        best = position;
      }
    }
    return best == kNone ? kNone : node.serving_ids[best];
  }

  void open_session(std::uint32_t node_index, std::uint32_t instance_index,
                    const CompiledCall &call) {
    NodeState &node = nodes_[node_index];
    std::uint32_t id;
    if (free_connections_.empty()) {
      id = static_cast<std::uint32_t>(connections_.size());
      connections_.emplace_back();
    } else {
      id = free_connections_.back();
      free_connections_.pop_back();
    }
    connections_[id] = Connection{node_index, instance_index,
                                  static_cast<std::uint32_t>(node.open_connections.size()), true};
    node.open_connections.push_back(id);
    ++node.connections_opened;
    place_session(node, instance_index, 1);
    calendar_.schedule(now() + call.session->sample_ns(node.rng), kConnectionEnd, id);
  }

  /// One more (or fewer) connection held at the instance.
  void place_session(NodeState &node, std::uint32_t instance_index, int delta) {
    node.instances[instance_index].connections += delta;
    node.connections.change(now(), delta);
    if (delta > 0 && node.memory_samples) {
      note_memory(node, instance_index);
    }
  }

  /// The session's end event: its connection closes, unless it was dropped before; the
  /// memory it held may let waiting calls start.
  void end_session(std::uint32_t id) {
    if (connections_[id].open) {
      const Connection connection = connections_[id];
      close_session(id);
      if (nodes_[connection.node].instances[connection.instance].live) {
        serve_waiting(nodes_[connection.node], connection.instance);
      }
    }
    free_connections_.push_back(id);
  }

  /// Takes the connection off its instance and its node's open list.
  void close_session(std::uint32_t id) {
    Connection &connection = connections_[id];
    NodeState &node = nodes_[connection.node];
    const std::uint32_t last = node.open_connections.back();
    node.open_connections[connection.position] = last;
    connections_[last].position = connection.position;
    node.open_connections.pop_back();
    connection.open = false;
    place_session(node, connection.instance, -1);
  }

  /// The connections held at an instance that is killed, or removed by scale-in: moved to
  /// the other serving instances where there is room (`migrate`), otherwise dropped.
  void evict_sessions(NodeState &node, std::uint32_t instance_index, bool migrate) {
    if (node.instances[instance_index].connections == 0) {
      return;
    }
    std::vector<std::uint32_t> held;
    for (const std::uint32_t id : node.open_connections) {
      if (connections_[id].instance == instance_index) {
        held.push_back(id);
      }
    }
    for (const std::uint32_t id : held) {
      const std::uint32_t target = migrate ? choose_session_instance(node) : kNone;
      if (target == kNone) {
        ++node.connections_dropped;
        close_session(id);
        continue;
      }
      ++node.connections_migrated;
      place_session(node, instance_index, -1);
      connections_[id].instance = target;
      place_session(node, target, 1);
    }
    serve_waiting(node, instance_index); // what waited for the memory they held
  }

  /// The publish's deliveries: `subscribers` of the node's open connections (all of them if
  /// fewer are open), drawn without replacement, each a request of the fan-out class whose
  /// first call here goes to that connection's instance.
  void publish(std::uint32_t node_index, const CompiledCall &call) {
    NodeState &node = nodes_[node_index];
    const double drawn = call.subscribers->sample(node.rng);
    const auto open = node.open_connections.size();
    const auto wanted = static_cast<std::size_t>(std::max(0.0, std::round(drawn)));
    const std::size_t count = std::min(wanted, open);
    std::vector<std::uint32_t> instances;
    for (std::size_t i = 0; i < count; ++i) { // a partial Fisher–Yates shuffle
      const std::size_t j = i + node.rng.below(open - i);
      std::swap(node.open_connections[i], node.open_connections[j]);
      connections_[node.open_connections[i]].position = static_cast<std::uint32_t>(i);
      connections_[node.open_connections[j]].position = static_cast<std::uint32_t>(j);
      instances.push_back(connections_[node.open_connections[i]].instance);
    }
    for (const std::uint32_t instance : instances) {
      const std::uint32_t id =
          new_request(call.fanout_class, kNoUser, false, program_.class_calls[call.fanout_class]);
      requests_[id].pinned_node = node_index;
      requests_[id].pinned_instance = instance;
      if (series_) {
        ++class_window(call.fanout_class).arrivals.back();
      }
      advance(id);
    }
  }

  // ---- memory ---------------------------------------------------------------------------
  // An instance's memory is its base footprint plus its calls holding slots and its
  // connections. Back-pressure (the default at a limit) is applied where calls start and
  // connections are placed; with oom_kill, going beyond the limit kills the instance at the
  // same instant (after the event that did it), and it restarts after restart_after.

  void note_memory(NodeState &node, std::uint32_t instance_index) {
    InstanceState &instance = node.instances[instance_index];
    const double bytes = node.memory_bytes(instance);
    node.memory_peak_bytes = std::max(node.memory_peak_bytes, bytes);
    const MemoryUseSpec &use = *node.spec->memory_use;
    if (use.oom_kill && bytes > *use.limit_bytes && !instance.oom_pending) {
      instance.oom_pending = true;
      oom_kills_.push_back(OomEvent{ns_to_seconds(now()),
                                    static_cast<std::uint32_t>(node_index(node)), instance_index,
                                    bytes});
      calendar_.schedule(now(), kOomKill, static_cast<std::uint32_t>(oom_kills_.size() - 1));
    }
  }

  void oom_kill(std::uint32_t index) {
    const OomEvent &event = oom_kills_[index];
    NodeState &node = nodes_[event.node];
    InstanceState &instance = node.instances[event.instance];
    instance.oom_pending = false;
    if (!instance.live) {
      return;
    }
    ++node.oom_kills;
    oom_events_.push_back(event);
    kill_instance(event.node, event.instance, false);
    ++node.pending; // restarted like a failure drill's instance
    calendar_.schedule(now() + seconds_to_ns(node.spec->memory_use->restart_after_s),
                       kInstanceReady, event.node);
  }

  /// Every live instance's memory, once a second, for its time-weighted distribution.
  void sample_memory() {
    for (NodeState &node : nodes_) {
      if (node.memory_samples) {
        for (const InstanceState &instance : node.instances) {
          if (instance.live) {
            node.memory_samples->record_ns(std::llround(node.memory_bytes(instance)));
          }
        }
      }
    }
    calendar_.schedule(now() + kMemorySampleNs, kMemorySample, 0);
  }

  // ---- service nodes --------------------------------------------------------------
  /// A finished call at a cache or CDN node decides hit or miss; other nodes never miss.
  /// A CDN serves the class's response bytes either way, fetching them from the origin on
  /// a miss.
  static bool look_up(NodeState &node, double miss_probability, std::uint32_t class_index) {
    const NodeKind kind = node.spec->kind;
    if (kind != NodeKind::cache && kind != NodeKind::cdn) {
      return false;
    }
    ++node.lookups;
    const bool missed = node.rng.bernoulli(miss_probability);
    node.misses += missed ? 1 : 0;
    if (kind == NodeKind::cdn) {
      node.bytes_served += node.class_bytes[class_index];
      node.origin_bytes += missed ? node.class_bytes[class_index] : 0.0;
    }
    return missed;
  }

  /// An instance taking new work, picked by the node's balancer; kNone if none is serving.
  /// A connection pool uses the instance of its caller (pools mirror their callers).
  std::uint32_t choose_instance(NodeState &node, std::uint32_t id) {
    if (node.spec->balancer == Balancer::caller_affinity) {
      return caller_instance(id);
    }
    if (Request &request = requests_[id]; request.pinned_node == node_index(node)) {
      const std::uint32_t pinned = std::exchange(request.pinned_instance, kNone);
      request.pinned_node = kNone;
      if (node.instances[pinned].live && node.instances[pinned].serving) {
        return pinned;
      }
    }
    const auto count = static_cast<std::uint32_t>(node.serving_ids.size());
    if (count <= 1) {
      return count == 0 ? kNone : node.serving_ids[0];
    }
    return node.serving_ids[choose_position(node, count)];
  }

  /// A position in serving_ids, by the balancer.
  static std::uint32_t choose_position(NodeState &node, std::uint32_t count) {
    switch (node.spec->balancer) {
    case Balancer::round_robin:
    case Balancer::caller_affinity:
      return next_round_robin(node, count);
    case Balancer::random:
      return static_cast<std::uint32_t>(node.rng.below(count));
    case Balancer::least_connections:
      return least_loaded(node, count);
    case Balancer::power_of_two:
      return better_of_two(node, count);
    }
    return 0;
  }

  /// The instance of the node whose slot the request holds while making its current call.
  std::uint32_t caller_instance(std::uint32_t id) { return top_frame(id).held_instance; }

  /// A job queue's worker with a free slot (rotating start), or kNone if all are busy.
  static std::uint32_t free_worker(NodeState &node) {
    const auto count = static_cast<std::uint32_t>(node.serving_ids.size());
    for (std::uint32_t step = 0; step < count; ++step) {
      const std::uint32_t candidate = node.serving_ids[next_round_robin(node, count)];
      if (node.can_start(node.instances[candidate])) {
        return candidate;
      }
    }
    return kNone;
  }

  static std::uint32_t next_round_robin(NodeState &node, std::uint32_t count) {
    const std::uint32_t chosen = node.next_instance < count ? node.next_instance : 0;
    node.next_instance = chosen + 1 == count ? 0 : chosen + 1;
    return chosen;
  }

  static std::size_t load_at(const NodeState &node, std::uint32_t position) {
    return node.instances[node.serving_ids[position]].load();
  }

  /// Fewest requests waiting or in service; ties go to the first after a rotating start.
  static std::uint32_t least_loaded(NodeState &node, std::uint32_t count) {
    std::uint32_t best = next_round_robin(node, count);
    for (std::uint32_t step = 1; step < count; ++step) {
      const std::uint32_t candidate = (best + step) % count;
      if (load_at(node, candidate) < load_at(node, best)) {
        best = candidate;
      }
    }
    return best;
  }

  static std::uint32_t better_of_two(NodeState &node, std::uint32_t count) {
    const auto first = static_cast<std::uint32_t>(node.rng.below(count));
    auto second = static_cast<std::uint32_t>(node.rng.below(count - 1));
    second += second >= first ? 1 : 0;
    return load_at(node, second) < load_at(node, first) ? second : first;
  }

  /// The request arrives at `node_index`: starts service or queues, unless the node turns
  /// it away (a full queue, its rate limit, or no database connection to be had).
  std::optional<Failure> arrive(std::uint32_t id, std::uint32_t node_index) {
    NodeState &node = nodes_[node_index];
    Request &request = requests_[id];
    request.call_node = node_index;
    request.call_arrival_ns = now();
    ++node.arrivals;
    if (node.spec->rate_limit && !take_token(node)) {
      ++node.rate_limited;
      return Failure::rate_limited;
    }
    const bool opens_session =
        node.spec->kind == NodeKind::realtime && program_.calls[top_frame(id).pos].session;
    const std::uint32_t instance_index = node.spec->shared_queue ? free_worker(node)
                                         : opens_session         ? choose_session_instance(node)
                                                                 : choose_instance(node, id);
    if (opens_session && instance_index == kNone && !node.down && !node.serving_ids.empty()) {
      ++node.connections_refused; // every instance is full
      return Failure::refused;
    }
    if (node.down || (instance_index == kNone && !node.spec->shared_queue)) { // nothing up
      ++node.failed;
      return Failure::failed;
    }
    if (opens_session) {
      open_session(node_index, instance_index, program_.calls[top_frame(id).pos]);
    }
    const bool slot_free =
        instance_index != kNone && node.can_start(node.instances[instance_index]);
    if (!connection_available(node, instance_index, slot_free)) {
      ++database_primary(node)->refused;
      return Failure::refused;
    }
    if (slot_free) {
      open_direct_connection(node);
      start_service(node, instance_index, id);
      return std::nullopt;
    }
    InstanceState &queue = node.instances[node.spec->shared_queue ? 0 : instance_index];
    if (node.spec->queue_limit &&
        static_cast<std::int64_t>(queue.waiting.size()) >= *node.spec->queue_limit) {
      ++node.dropped;
      return Failure::rejected;
    }
    if (node.waiting >= limits_.max_waiting_per_node) {
      ++node.overflow;
      return Failure::rejected;
    }
    open_direct_connection(node);
    ++node.waiting;
    node.queued.change(now(), 1);
    ++node.queued_arrivals;
    queue.waiting.push(id);
    return std::nullopt;
  }

  /// Refills the node's token bucket up to now and takes a token if there is one.
  bool take_token(NodeState &node) {
    const TokenBucketSpec &bucket = *node.spec->rate_limit;
    node.tokens = std::min(bucket.burst, node.tokens + ns_to_seconds(now() - node.tokens_at_ns) *
                                                           bucket.rate_per_s);
    node.tokens_at_ns = now();
    if (node.tokens < 1.0) {
      return false;
    }
    node.tokens -= 1.0;
    return true;
  }

  // ---- database connections ---------------------------------------------------------
  // A database primary counts the connections its clients hold: every connection of the
  // pools in front of it (pool_size per calling instance, opened at start) plus the
  // overflow connections those pools open beyond pool_size; or, for a database without a
  // pool, one connection per call present at the primary or a replica.

  /// The primary whose connections a call at `node` uses, or nullptr.
  NodeState *database_primary(const NodeState &node) {
    if (node.spec->kind == NodeKind::connection_pool) {
      return &nodes_[static_cast<std::size_t>(node.spec->pool_database)];
    }
    if (node.spec->kind != NodeKind::database) {
      return nullptr;
    }
    const int primary = node.spec->database.primary_node;
    return primary >= 0 ? &nodes_[static_cast<std::size_t>(primary)] : &nodes_[node_index(node)];
  }

  std::size_t node_index(const NodeState &node) const {
    return static_cast<std::size_t>(&node - nodes_.data());
  }

  /// True if the call can get the connection it needs: a pool's overflow connection (when
  /// it would start beyond pool_size) or a direct connection, within max_connections.
  bool connection_available(NodeState &node, std::uint32_t instance_index, bool slot_free) {
    NodeState *primary = database_primary(node);
    if (primary == nullptr || !primary->spec->database.max_connections) {
      return true;
    }
    const bool needs_connection = node.spec->kind == NodeKind::connection_pool
                                      ? slot_free && node.instances[instance_index].busy_slots >=
                                                         primary->spec->database.pool_size
                                      : primary->spec->database.pool_size == 0;
    return !needs_connection ||
           primary->connections_open < *primary->spec->database.max_connections;
  }

  void change_connections(NodeState &primary, std::int64_t delta) {
    primary.connections_open += delta;
    primary.peak_connections = std::max(primary.peak_connections, primary.connections_open);
  }

  /// A call admitted at a database without a pool holds a connection until it leaves.
  void open_direct_connection(NodeState &node) {
    if (node.spec->kind == NodeKind::database) {
      NodeState &primary = *database_primary(node);
      if (primary.spec->database.pool_size == 0) {
        change_connections(primary, 1);
      }
    }
  }

  /// Direct connections close when their call leaves; a pool's overflow connection closes
  /// when its slot is released while the instance is above pool_size.
  void close_connection(NodeState &node, const InstanceState &instance) {
    NodeState *primary = database_primary(node);
    if (primary == nullptr) {
      return;
    }
    const int pool_size = primary->spec->database.pool_size;
    if (node.spec->kind == NodeKind::connection_pool ? instance.busy_slots > pool_size
                                                     : pool_size == 0) {
      change_connections(*primary, -1);
    }
  }

  /// Every pool opens pool_size connections per instance when the run starts.
  void open_pool_connections() {
    for (NodeState &node : nodes_) {
      if (node.spec->kind == NodeKind::connection_pool) {
        NodeState &primary = *database_primary(node);
        change_connections(primary,
                           std::int64_t{node.spec->instances} * primary.spec->database.pool_size);
      }
    }
  }

  void start_service(NodeState &node, std::uint32_t instance_index, std::uint32_t id) {
    InstanceState &instance = node.instances[instance_index];
    ++instance.busy_slots;
    node.busy_slots.change(now(), 1);
    if (node.memory_samples) {
      note_memory(node, instance_index);
    }
    if (node.spec->kind == NodeKind::connection_pool &&
        instance.busy_slots > database_primary(node)->spec->database.pool_size) {
      change_connections(*database_primary(node), 1); // an overflow connection
    }
    Request &request = requests_[id];
    request.call_instance = instance_index;
    request.call_epoch = instance.epoch;
    request.in_service = true;
    const std::uint32_t site = top_frame(id).pos;
    call_sites_[site].wait.record_ns(now() - request.call_arrival_ns);
    request.service_start_ns = now();
    node.wait_sum_s += ns_to_seconds(now() - request.call_arrival_ns);
    ++node.started;
    const CompiledCall &call = program_.calls[site];
    calendar_.schedule(now() + sample_demand_ns(call, node.demand, node.rng), kServiceDone, id);
  }

  /// Gives back a slot taken at `epoch` of the instance; nothing if the instance has been
  /// killed since (its slots went with it).
  void release_slot(std::uint32_t node_index, std::uint32_t instance_index, SimTimeNs arrived_ns,
                    std::uint32_t epoch) {
    NodeState &node = nodes_[node_index];
    InstanceState &instance = node.instances[instance_index];
    if (instance.epoch != epoch) {
      return;
    }
    close_connection(node, instance);
    --instance.busy_slots;
    node.busy_slots.change(now(), -1);
    node.residence_sum_s += ns_to_seconds(now() - arrived_ns);
    node.residence.record_ns(now() - arrived_ns);
    ++node.completed;
    serve_waiting(node, instance_index);
    if (instance.live && !instance.serving && instance.busy_slots == 0 &&
        (node.spec->shared_queue || instance.waiting.empty())) {
      retire(node, instance_index);
    }
  }

  /// Starts what waits for the instance while it can take it: its own queue, or the shared
  /// one (a draining worker takes nothing more from a shared queue; a draining instance still
  /// serves its own).
  void serve_waiting(NodeState &node, std::uint32_t instance_index) {
    InstanceState &instance = node.instances[instance_index];
    InstanceState &queue = node.spec->shared_queue ? node.instances[0] : instance;
    while (!queue.waiting.empty() && (instance.serving || !node.spec->shared_queue) &&
           instance.live && node.can_start(instance)) {
      --node.waiting;
      node.queued.change(now(), -1);
      start_service(node, instance_index, queue.waiting.pop());
    }
  }

  // ---- autoscaling ----------------------------------------------------------------------
  // The Autoscaler decides from metric totals sampled every interval; here its decisions
  // take effect: new instances serve after a sampled provisioning delay, removed ones stop
  // taking work at once and retire when idle. Connection pools on a scaled node's instances
  // follow them (their pooled connections open and close with the instance).

  MetricSample sample_of(const NodeState &node) const {
    MetricSample sample;
    sample.at_ns = now();
    sample.busy_slot_seconds = node.busy_slots.lifetime_area_s(now());
    sample.slot_seconds = node.live_slots.lifetime_area_s(now());
    sample.waiting_seconds = node.queued.lifetime_area_s(now());
    sample.instance_seconds = node.live_instances.lifetime_area_s(now());
    sample.arrivals = node.arrivals_before_reset + node.arrivals;
    sample.started = node.started_before_reset + node.started;
    sample.wait_sum_s = node.wait_sum_before_reset_s + node.wait_sum_s;
    sample.connection_seconds = node.connections.lifetime_area_s(now());
    if (const auto &use = node.spec->memory_use; use && use->limit_bytes) {
      sample.memory_share_seconds = (use->base_bytes * sample.instance_seconds +
                                     use->per_request_bytes * sample.busy_slot_seconds +
                                     use->per_connection_bytes * sample.connection_seconds) /
                                    *use->limit_bytes;
    }
    return sample;
  }

  void autoscale(std::uint32_t node_index) {
    NodeState &node = nodes_[node_index];
    node.scaler->record(sample_of(node));
    const int serving = static_cast<int>(node.serving_ids.size());
    if (const auto decision = node.scaler->decide(serving, node.pending)) {
      apply_scaling(node_index, *decision);
    }
    calendar_.schedule(now() + seconds_to_ns(node.spec->autoscaling->interval_s), kAutoscale,
                       node_index);
  }

  void schedule_actions(std::uint32_t node_index) {
    const std::vector<ScheduledAction> &schedule = nodes_[node_index].spec->autoscaling->schedule;
    for (std::uint32_t entry = 0; entry < schedule.size(); ++entry) {
      calendar_.schedule(seconds_to_ns(schedule[entry].at_s), kScheduledScaling,
                         static_cast<std::uint32_t>(scheduled_scaling_.size()));
      scheduled_scaling_.emplace_back(node_index, entry);
    }
  }

  /// A schedule entry's new bounds and change take effect (and repeat if the entry does).
  void apply_schedule(std::uint32_t index) {
    const auto [node_index, entry] = scheduled_scaling_[index];
    NodeState &node = nodes_[node_index];
    const ScheduledAction &bounds = node.spec->autoscaling->schedule[entry];
    const int serving = static_cast<int>(node.serving_ids.size());
    if (const auto decision = node.scaler->apply_scheduled(bounds, serving, node.pending)) {
      apply_scaling(node_index, *decision);
    }
    if (bounds.every_s) {
      calendar_.schedule(now() + seconds_to_ns(*bounds.every_s), kScheduledScaling, index);
    }
  }

  /// Logs a decision and carries it out: instances to provision, or serving ones to drain.
  void apply_scaling(std::uint32_t node_index, const ScalingDecision &decision) {
    NodeState &node = nodes_[node_index];
    const int current = static_cast<int>(node.serving_ids.size()) + node.pending;
    scaling_events_.push_back(ScalingEvent{ns_to_seconds(now()), node_index, current,
                                           current + decision.change, decision.metric_value,
                                           decision.threshold});
    for (int added = 0; added < decision.change; ++added) {
      ++node.pending;
      calendar_.schedule(now() + node.spec->autoscaling->provisioning.sample_ns(node.rng),
                         kInstanceReady, node_index);
    }
    for (int removed = 0; removed < -decision.change; ++removed) {
      stop_serving(node, node.serving_ids.back());
    }
  }

  /// A provisioned instance starts serving: a retired one is reused, or a new one added.
  void add_instance(std::uint32_t node_index) {
    NodeState &node = nodes_[node_index];
    --node.pending;
    std::uint32_t id = 0;
    while (id < node.instances.size() && node.instances[id].live) {
      ++id;
    }
    if (id == node.instances.size()) {
      node.instances.emplace_back();
    }
    InstanceState &instance = node.instances[id];
    instance.live = true;
    instance.serving = true;
    node.serving_ids.insert(std::lower_bound(node.serving_ids.begin(), node.serving_ids.end(), id),
                            id);
    change_live_instances(node, 1);
    for (const std::uint32_t pool : node.pools) {
      mirror_pool_instance(nodes_[pool], id, true);
    }
    if (node.spec->shared_queue) { // a new worker takes waiting jobs at once
      serve_waiting(node, id);
    }
  }

  void stop_serving(NodeState &node, std::uint32_t id) {
    InstanceState &instance = node.instances[id];
    instance.serving = false;
    node.serving_ids.erase(std::find(node.serving_ids.begin(), node.serving_ids.end(), id));
    evict_sessions(node, id, node.spec->scale_in_connections == ScaleInConnections::migrate);
    if (instance.busy_slots == 0 && (node.spec->shared_queue || instance.waiting.empty())) {
      retire(node, id);
    }
  }

  void retire(NodeState &node, std::uint32_t id) {
    node.instances[id].live = false;
    change_live_instances(node, -1);
    for (const std::uint32_t pool : node.pools) {
      mirror_pool_instance(nodes_[pool], id, false);
    }
  }

  void change_live_instances(NodeState &node, int delta) {
    node.live_instances.change(now(), delta);
    node.live_slots.change(now(), std::int64_t{delta} * node.spec->concurrency);
    node.min_live_instances =
        std::min(node.min_live_instances, static_cast<int>(node.live_instances.level()));
  }

  /// A pool's instance `id` comes or goes with its caller's instance `id`, opening or
  /// closing its pool_size connections.
  void mirror_pool_instance(NodeState &pool, std::uint32_t id, bool live) {
    if (pool.instances.size() <= id) {
      pool.instances.resize(id + 1);
    }
    InstanceState &instance = pool.instances[id];
    instance.live = live;
    instance.serving = live;
    change_live_instances(pool, live ? 1 : -1);
    NodeState &primary = *database_primary(pool);
    change_connections(primary, (live ? 1 : -1) * std::int64_t{primary.spec->database.pool_size});
  }

  // ---- failure drills ------------------------------------------------------------------
  // A killed instance takes its slots and queue with it. Each request that held one of them
  // (in service there, or waiting there on nested calls) loses that call: the caller's part
  // of the request moves on as with a timeout (retried at once on the survivors, or failed),
  // and the abandoned attempt runs on as a ghost whose release of the dead slot is ignored
  // (the instance's epoch has moved on).

  void start_fault(std::uint32_t index) {
    const FaultSpec &fault = scenario_.failures[index];
    NodeState &node = nodes_[static_cast<std::size_t>(fault.node)];
    switch (fault.kind) {
    case FaultKind::slow:
      node.demand.service_time_factor *= fault.slow_factor;
      break;
    case FaultKind::down:
      node.down = true;
      break;
    case FaultKind::kill:
      kill_instances(fault);
      return;
    }
    calendar_.schedule(now() + seconds_to_ns(fault.duration_s), kFaultEnd, index);
  }

  void end_fault(std::uint32_t index) {
    const FaultSpec &fault = scenario_.failures[index];
    NodeState &node = nodes_[static_cast<std::size_t>(fault.node)];
    if (fault.kind == FaultKind::slow) {
      node.demand.service_time_factor /= fault.slow_factor;
    } else {
      node.down = false;
    }
  }

  void kill_instances(const FaultSpec &fault) {
    const auto node_index = static_cast<std::uint32_t>(fault.node);
    NodeState &node = nodes_[node_index];
    const auto serving = static_cast<double>(node.serving_ids.size());
    const auto count =
        static_cast<std::size_t>(fault.kill_count > 0 ? std::min<double>(fault.kill_count, serving)
                                                      : std::round(fault.kill_fraction * serving));
    for (std::size_t killed = 0; killed < count; ++killed) {
      kill_instance(node_index, node.serving_ids.back(), fault.retry_in_flight);
      if (fault.restart_after_s) { // re-provisioned: counts as pending for the autoscaler
        ++node.pending;
        calendar_.schedule(now() + seconds_to_ns(*fault.restart_after_s), kInstanceReady,
                           node_index);
      }
    }
  }

  /// The outermost level of `id`'s stack whose call holds a slot of the instance (in
  /// service, or waiting on its nested calls), or kNone.
  std::uint32_t level_on_instance(std::uint32_t id, std::uint32_t node_index,
                                  std::uint32_t instance_index, std::uint32_t epoch) {
    const Request &request = requests_[id];
    for (std::uint32_t level = 1; level < request.depth; ++level) {
      const Frame &held = frame(id, level);
      if (held.held_node == static_cast<std::int32_t>(node_index) &&
          held.held_instance == instance_index && held.held_epoch == epoch) {
        return level - 1;
      }
    }
    const bool here = request.in_service && request.call_node == node_index &&
                      request.call_instance == instance_index && request.call_epoch == epoch;
    return here ? request.depth - 1 : kNone;
  }

  void kill_instance(std::uint32_t node_index, std::uint32_t instance_index, bool retry) {
    NodeState &node = nodes_[node_index];
    const std::uint32_t epoch = node.instances[instance_index].epoch;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> holders; // request, level
    for (std::uint32_t id = 0; id < requests_.size(); ++id) {
      if (requests_[id].alive && requests_[id].ghost_level == kNone) {
        if (const std::uint32_t level = level_on_instance(id, node_index, instance_index, epoch);
            level != kNone) {
          holders.emplace_back(id, level);
        }
      }
    }
    std::vector<std::uint32_t> queued;
    InstanceState &instance = node.instances[instance_index];
    while (!node.spec->shared_queue && !instance.waiting.empty()) {
      queued.push_back(instance.waiting.pop());
    }
    remove_instance(node, instance_index, queued.size());
    node.failed += static_cast<std::int64_t>(holders.size() + queued.size());
    for (const auto &[id, level] : holders) {
      lose_call(abandon_attempt(id, level), node_index, retry);
    }
    for (const std::uint32_t id : queued) {
      if (requests_[id].ghost_level != kNone) {
        fail_request(id, Failure::failed);
      } else {
        lose_call(id, node_index, retry);
      }
    }
  }

  /// The current call of `id` was lost with its instance: send it again, or fail it.
  void lose_call(std::uint32_t id, std::uint32_t node_index, bool retry) {
    if (retry) {
      route(id, node_index);
    } else {
      fail_call(id, Failure::failed);
    }
  }

  /// The killed instance's slots, queue and connections are gone; it is no longer live.
  void remove_instance(NodeState &node, std::uint32_t instance_index, std::size_t queued) {
    InstanceState &instance = node.instances[instance_index];
    const int busy = instance.busy_slots;
    node.busy_slots.change(now(), -busy);
    node.waiting -= static_cast<std::int64_t>(queued);
    node.queued.change(now(), -static_cast<std::int64_t>(queued));
    if (node.spec->kind == NodeKind::database &&
        database_primary(node)->spec->database.pool_size == 0) {
      change_connections(*database_primary(node),
                         -(busy + static_cast<std::int64_t>(queued))); // direct connections
    }
    instance.busy_slots = 0;
    ++instance.epoch;
    if (instance.serving) {
      instance.serving = false;
      node.serving_ids.erase(
          std::find(node.serving_ids.begin(), node.serving_ids.end(), instance_index));
    }
    evict_sessions(node, instance_index, false); // a dead broker's clients lose their stream
    retire(node, instance_index);
  }

  // ---- time series (first replication) ----------------------------------------------
  /// The class's series with its current window open (windows are added as time passes).
  ClassSeries &class_window(std::uint32_t class_index) {
    ClassSeries &series = series_->classes[class_index];
    const std::size_t window = current_window();
    if (series.arrivals.size() <= window) {
      open_windows(series, window + 1);
    }
    return series;
  }

  /// Gives the series empty windows up to `windows` of them: a cold path (once per window),
  /// kept out of line so that the per-event path above stays small.
  [[gnu::noinline]] static void open_windows(ClassSeries &series, std::size_t windows) {
    while (series.arrivals.size() < windows) {
      series.arrivals.push_back(0);
      series.completions.push_back(0);
      series.errors.push_back(0);
      series.latency.emplace_back();
    }
  }

  /// now() / window_ns_, kept up to date as time passes (no division per event).
  std::size_t current_window() {
    while (now() >= window_end_ns_) {
      ++window_index_;
      window_end_ns_ += window_ns_;
    }
    return window_index_;
  }

  /// Closes the window ending now: each node's utilization, instances and queue depth over
  /// it, from the running totals; every class gets the window even if nothing happened.
  void close_window() {
    const SimTimeNs start_ns = window_start_.empty() ? 0 : window_start_.front().at_ns;
    const double elapsed_s = ns_to_seconds(now() - start_ns);
    if (elapsed_s <= 0.0) {
      return;
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      const MetricSample end = sample_of(nodes_[i]);
      const MetricSample &begin = window_start_[i];
      const double slot_seconds = end.slot_seconds - begin.slot_seconds;
      NodeSeries &series = series_->nodes[i];
      series.utilization.push_back(
          slot_seconds > 0.0 ? (end.busy_slot_seconds - begin.busy_slot_seconds) / slot_seconds
                             : 0.0);
      series.instances.push_back((end.instance_seconds - begin.instance_seconds) / elapsed_s);
      series.queue_depth.push_back((end.waiting_seconds - begin.waiting_seconds) / elapsed_s);
      window_start_[i] = end;
    }
    series_->windows = series_->nodes.empty() ? 0 : series_->nodes.front().utilization.size();
    for (ClassSeries &series : series_->classes) {
      open_windows(series, series_->windows);
    }
    calendar_.schedule(now() + window_ns_, kWindowEnd, 0);
  }

  /// A boundary of the saturation windows: every node's totals go to the watch.
  void close_saturation_window() {
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      saturation_->boundary(i, sample_of(nodes_[i]), nodes_[i].waiting);
    }
    if (now() + saturation_->window_ns() <= end_ns_) {
      calendar_.schedule(now() + saturation_->window_ns(), kSaturationWindow, 0);
    }
  }

  // ---- results --------------------------------------------------------------------
  ReplicationResult collect(SimTimeNs end_ns, SimTimeNs warmup_ns, std::uint64_t events) {
    ReplicationResult result;
    result.measured_s = std::max(ns_to_seconds(end_ns - warmup_ns), 1e-9);
    result.events = events;
    result.requests_started = requests_started_;
    for (ClassState &state : classes_) {
      ClassMeasurement measurement;
      measurement.completed = state.completed;
      measurement.dropped = state.dropped;
      measurement.errors = state.errors;
      measurement.retries = state.retries;
      measurement.throughput_per_s = static_cast<double>(state.completed) / result.measured_s;
      measurement.latency = std::move(state.latency);
      result.classes.push_back(std::move(measurement));
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      result.nodes.push_back(measure_node(nodes_[i], end_ns, result.measured_s));
      result.nodes.back().saturated_windows = saturation_->of(i);
    }
    result.call_sites = std::move(call_sites_);
    result.scaling_events = std::move(scaling_events_);
    result.oom_events = std::move(oom_events_);
    if (series_) {
      close_window();                                // the last, possibly partial, window
      for (ClassSeries &series : series_->classes) { // events at the very end open no window
        series.arrivals.resize(series_->windows);
        series.completions.resize(series_->windows);
        series.errors.resize(series_->windows);
        series.latency.resize(series_->windows);
      }
      result.timeseries = std::move(series_);
    }
    return result;
  }

  static double mean_of(double sum, std::int64_t count) {
    return count > 0 ? sum / static_cast<double>(count) : 0.0;
  }

  static NodeMeasurement measure_node(const NodeState &node, SimTimeNs end_ns, double measured_s) {
    NodeMeasurement m;
    m.arrivals = node.arrivals;
    m.completed = node.completed;
    m.dropped = node.dropped;
    m.throughput_per_s = static_cast<double>(node.completed) / measured_s;
    m.utilization = node.busy_slots.mean(end_ns) / node.live_slots.mean(end_ns);
    m.instances_mean = node.live_instances.mean(end_ns);
    m.instances_min = node.min_live_instances;
    m.instances_max = static_cast<int>(node.live_instances.max());
    m.mean_wait_s = mean_of(node.wait_sum_s, node.started);
    m.mean_residence_s = mean_of(node.residence_sum_s, node.completed);
    m.mean_queue_length = node.queued.mean(end_ns);
    m.mean_in_system = node.busy_slots.mean(end_ns) + m.mean_queue_length;
    m.max_queue_length = static_cast<double>(node.queued.max());
    const std::int64_t admitted = node.arrivals - node.dropped;
    m.prob_wait = mean_of(static_cast<double>(node.queued_arrivals), admitted);
    m.drop_probability = mean_of(static_cast<double>(node.dropped), node.arrivals);
    m.overflow = node.overflow;
    m.hit_ratio = 1.0 - mean_of(static_cast<double>(node.misses), node.lookups);
    m.queue_growth_per_s = static_cast<double>(node.waiting - node.waiting_at_start) / measured_s;
    m.residence = node.residence;
    m.bytes_served_per_s = node.bytes_served / measured_s;
    m.origin_bytes_per_s = node.origin_bytes / measured_s;
    m.rate_limited = node.rate_limited;
    m.failed = node.failed;
    m.failovers = node.failovers;
    m.refused_connections = node.refused;
    m.stale_reads = node.stale_reads;
    m.peak_connections = node.peak_connections;
    m.connections_mean = node.connections.mean(end_ns);
    m.connections_variance = node.connections.variance(end_ns);
    m.connections_peak = node.connections.max();
    m.connections_opened = node.connections_opened;
    m.connections_refused = node.connections_refused;
    m.connections_dropped = node.connections_dropped;
    m.connections_migrated = node.connections_migrated;
    if (const auto &use = node.spec->memory_use) {
      const double live = node.live_instances.mean(end_ns);
      m.memory_mean_bytes = live > 0.0 ? (use->base_bytes * live +
                                          use->per_request_bytes * node.busy_slots.mean(end_ns) +
                                          use->per_connection_bytes * m.connections_mean) /
                                             live
                                       : 0.0;
      m.memory_peak_bytes = node.memory_peak_bytes;
      m.memory_samples = node.memory_samples;
      m.oom_kills = node.oom_kills;
    }
    return m;
  }

  const Scenario &scenario_;
  const CallProgram &program_;
  const RunLimits &limits_;
  std::size_t frame_depth_;
  EventCalendar calendar_;
  Rng workload_rng_;
  Rng routing_rng_;
  Rng burst_rng_;
  std::vector<BurstArrivals> bursts_; // the active profile's
  double mean_interarrival_s_ = 0.0;
  const ProfileSpec *profile_ = nullptr; // the load profile in use, if any
  double max_multiplier_ = 1.0;
  SimTimeNs end_ns_ = 0;
  std::vector<double> cumulative_shares_;
  std::vector<NodeState> nodes_;
  std::vector<ClassState> classes_;
  std::vector<CallSiteMeasurement> call_sites_;
  std::vector<Request> requests_;
  std::vector<Frame> frames_;
  std::vector<std::uint32_t> free_ids_;
  std::vector<TimeoutRecord> timeouts_;
  std::vector<std::uint32_t> free_timeouts_;
  std::vector<Connection> connections_; // realtime sessions, freed when their end event fires
  std::vector<std::uint32_t> free_connections_;
  std::vector<OomEvent> oom_kills_;  // due OOM kills, by the index their event carries
  std::vector<OomEvent> oom_events_; // the kills carried out
  std::vector<ScalingEvent> scaling_events_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> scheduled_scaling_; // node, entry
  std::optional<TimeSeries> series_; // the first replication only
  std::optional<SaturationWatch> saturation_;
  SimTimeNs window_ns_ = 0;
  std::size_t window_index_ = 0; // the window now() falls in, which ends at window_end_ns_
  SimTimeNs window_end_ns_ = 0;
  std::vector<MetricSample> window_start_; // per node, at the open window's start
  std::uint64_t requests_started_ = 0;
};

} // namespace

ReplicationResult simulate_replication(const Scenario &scenario, const CallProgram &program,
                                       std::uint64_t replication, const RunLimits &limits) {
  NetworkSimulation simulation(scenario, program, replication, limits);
  return simulation.run();
}

} // namespace capsim
