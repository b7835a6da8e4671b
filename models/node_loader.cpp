// The node readers (see node_loader.hpp). Every type shares the common keys of a slot-holding
// node (instances, concurrency, queue_limit, balancer, latency, service_time_scaling, cpu,
// memory) where they mean something for it, and adds its own; each type lists exactly the
// keys it accepts, so a key meant for another type is reported, never ignored.
#include "models/node_loader.hpp"

#include "models/analytic/cache_hit_ratio.hpp"
#include "models/distribution_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <string>
#include <string_view>

namespace capsim {
namespace {

constexpr std::int64_t kMaxConcurrency = kUnlimitedConcurrency - 1;

using Keys = std::vector<std::string_view>;

constexpr std::array<std::string_view, 5> kMetadataKeys{"service_time_scaling", "cpu", "memory",
                                                        "cost", "reliability"};

/// The keys every node type that runs work accepts, and then `own`.
Keys keys_of(std::initializer_list<std::string_view> own) {
  Keys keys(own);
  keys.insert(keys.end(), kMetadataKeys.begin(), kMetadataKeys.end());
  return keys;
}

Balancer read_balancer(const JsonReader &balancer) {
  return balancer.choice<Balancer>("a balancer",
                                   {{"round_robin", Balancer::round_robin},
                                    {"random", Balancer::random},
                                    {"least_connections", Balancer::least_connections},
                                    {"power_of_two", Balancer::power_of_two}});
}

/// A slot count: a whole number >= 1, or "unlimited" for a pure delay.
int read_concurrency(const JsonReader &concurrency) {
  if (concurrency.json().is_string() && concurrency.json() == "unlimited") {
    return kUnlimitedConcurrency;
  }
  if (!concurrency.json().is_number()) {
    concurrency.fail_expected(R"(a number of slots >= 1, or "unlimited")");
  }
  return static_cast<int>(concurrency.integer_in(1, kMaxConcurrency));
}

/// service_time_scaling, cpu and memory: accepted by every type that runs work.
void read_metadata(const JsonReader &node, NodeSpec &spec) {
  if (const auto scaling = node.optional("service_time_scaling")) {
    spec.service_time_factor = scaling->number();
    if (!(spec.service_time_factor > 0.0 && spec.service_time_factor <= 1e6)) {
      scaling->fail_expected("a factor in (0, 1e6]");
    }
  }
  if (const auto cpu = node.optional("cpu")) {
    spec.cpu_vcpus = cpu->number();
    if (!(spec.cpu_vcpus > 0.0 && spec.cpu_vcpus <= 1e4)) {
      cpu->fail_expected("a number of vCPUs in (0, 10000]");
    }
  }
  if (const auto memory = node.optional("memory")) {
    spec.memory_gb = memory->bytes() / 1e9;
  }
}

ScalingMetric read_metric(const JsonReader &metric) {
  return metric.choice<ScalingMetric>(
      "a scaling metric", {{"utilization", ScalingMetric::utilization},
                           {"queue_depth", ScalingMetric::queue_depth},
                           {"queue_wait", ScalingMetric::queue_wait},
                           {"requests_per_instance", ScalingMetric::requests_per_instance},
                           {"connections", ScalingMetric::connections},
                           {"memory", ScalingMetric::memory}});
}

/// A value of `metric`: a duration for queue_wait ("2s" or seconds), else a number >= 0.
double read_metric_value(const JsonReader &value, ScalingMetric metric) {
  if (metric == ScalingMetric::queue_wait) {
    return value.duration_s();
  }
  const double number = value.number();
  if (!(number >= 0.0 && std::isfinite(number))) {
    value.fail_expected("a threshold >= 0");
  }
  return number;
}

StepRule read_step_rule(const JsonReader &rule, std::string_view bound, ScalingMetric metric) {
  rule.only_keys({bound, "for", bound == "above" ? "add" : "remove"});
  StepRule step;
  step.threshold = read_metric_value(rule.at(bound), metric);
  step.hold_s = rule.at("for").positive_duration_s();
  step.step = rule.at(bound == "above" ? "add" : "remove").int_at_least(1);
  return step;
}

/// "+50%" or "-25%" (a share of the count), "+3" or "-2" (instances), "x2" or "×1.5" (a
/// factor); nothing if `text` is none of them.
std::optional<CountChange> parse_count_change(std::string_view text) {
  const auto number = [](std::string_view digits) -> std::optional<double> {
    double value = 0.0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc{} || end != digits.data() + digits.size() || !std::isfinite(value)) {
      return std::nullopt;
    }
    return value;
  };
  for (const std::string_view times : {"x", "×"}) {
    if (text.starts_with(times)) {
      const auto factor = number(text.substr(times.size()));
      return factor && *factor > 0.0 ? std::optional(CountChange{*factor, 0}) : std::nullopt;
    }
  }
  if (text.size() < 2 || (text.front() != '+' && text.front() != '-')) {
    return std::nullopt;
  }
  const double sign = text.front() == '+' ? 1.0 : -1.0;
  if (text.back() == '%') {
    const auto percent = number(text.substr(1, text.size() - 2));
    return percent && *percent >= 0.0 && sign * *percent > -100.0
               ? std::optional(CountChange{1.0 + sign * *percent / 100.0, 0})
               : std::nullopt;
  }
  const auto count = number(text.substr(1));
  if (!count || *count < 0.0 || *count != std::floor(*count) || *count > 1e6) {
    return std::nullopt;
  }
  return CountChange{1.0, static_cast<int>(sign * *count)};
}

ScheduledAction read_scheduled_action(const JsonReader &entry, const AutoscalingSpec &spec) {
  entry.only_keys({"at", "every", "min", "max", "change"});
  ScheduledAction bounds;
  bounds.at_s = entry.at("at").duration_s();
  if (const auto every = entry.optional("every")) {
    bounds.every_s = every->positive_duration_s();
  }
  if (const auto min = entry.optional("min")) {
    bounds.min_instances = min->int_at_least(1);
  }
  if (const auto max = entry.optional("max")) {
    bounds.max_instances = max->int_at_least(1);
  }
  if (const auto change = entry.optional("change")) {
    bounds.change = parse_count_change(change->string());
    if (!bounds.change) {
      change->fail_expected(R"(a change like "+50%", "-25%", "+3", "-2" or "x2")");
    }
  }
  if (!bounds.min_instances && !bounds.max_instances && !bounds.change) {
    entry.fail(R"(a "min", a "max" or a "change", found none)");
  }
  const int min = bounds.min_instances.value_or(spec.min_instances);
  const int max = bounds.max_instances.value_or(spec.max_instances);
  if (min > max) {
    entry.fail("min <= max once the schedule applies, found min " + std::to_string(min) +
               " and max " + std::to_string(max));
  }
  return bounds;
}

/// An autoscaling policy: target tracking ("target") or step rules ("scale_out" and/or
/// "scale_in"), with its timing. `instances` is {"min", "max", "initial"}.
AutoscalingSpec read_autoscaling(const JsonReader &autoscaling, const JsonReader &instances) {
  autoscaling.only_keys({"metric", "target", "scale_out", "scale_in", "interval", "window",
                         "scale_out_cooldown", "scale_in_cooldown", "provisioning", "schedule"});
  AutoscalingSpec spec;
  if (!instances.json().is_object()) {
    instances.fail_expected(R"({"min": N, "max": M} (and optionally "initial") with autoscaling)");
  }
  instances.only_keys({"min", "max", "initial"});
  spec.min_instances = instances.at("min").int_at_least(1);
  spec.max_instances = instances.at("max").int_at_least(1);
  if (spec.max_instances < spec.min_instances) {
    instances.at("max").fail_expected("max >= min (" + std::to_string(spec.min_instances) + ")");
  }
  if (const auto metric = autoscaling.optional("metric")) {
    spec.metric = read_metric(*metric);
  }
  const auto target = autoscaling.optional("target");
  const auto scale_out = autoscaling.optional("scale_out");
  const auto scale_in = autoscaling.optional("scale_in");
  if (target.has_value() == (scale_out.has_value() || scale_in.has_value())) {
    autoscaling.fail_expected(R"(either "target" (target tracking) or "scale_out"/"scale_in" )"
                              "(step scaling)");
  }
  if (target) {
    spec.target = read_metric_value(*target, spec.metric);
    if (!(spec.target > 0.0)) {
      target->fail_expected("a target > 0");
    }
    if (spec.metric == ScalingMetric::utilization && spec.target > 1.0) {
      target->fail_expected("a utilization target in (0, 1]"); // never reached: it would shrink
    }
  }
  if (scale_out) {
    spec.scale_out = read_step_rule(*scale_out, "above", spec.metric);
  }
  if (scale_in) {
    spec.scale_in = read_step_rule(*scale_in, "below", spec.metric);
  }
  if (const auto interval = autoscaling.optional("interval")) {
    spec.interval_s = interval->positive_duration_s();
  }
  spec.window_s = spec.interval_s;
  if (const auto window = autoscaling.optional("window")) {
    spec.window_s = window->positive_duration_s();
  }
  if (const auto cooldown = autoscaling.optional("scale_out_cooldown")) {
    spec.scale_out_cooldown_s = cooldown->duration_s();
  }
  if (const auto cooldown = autoscaling.optional("scale_in_cooldown")) {
    spec.scale_in_cooldown_s = cooldown->duration_s();
  }
  if (const auto provisioning = autoscaling.optional("provisioning")) {
    spec.provisioning = read_distribution(*provisioning);
  }
  if (const auto schedule = autoscaling.optional("schedule")) {
    schedule->for_each_element([&](std::size_t, const JsonReader &entry) {
      spec.schedule.push_back(read_scheduled_action(entry, spec));
    });
  }
  return spec;
}

/// `instances`: a count, or with "autoscaling" {"min", "max", "initial"} (initial: min).
void read_instances(const JsonReader &node, std::string_view key, NodeSpec &spec) {
  const auto instances = node.optional(key);
  if (const auto autoscaling = node.optional("autoscaling")) {
    if (!instances) {
      node.fail(std::string(R"(an ")") + std::string(key) +
                R"(" key with min and max for autoscaling, found none)");
    }
    spec.autoscaling = read_autoscaling(*autoscaling, *instances);
    spec.instances = spec.autoscaling->min_instances;
    if (const auto initial = instances->optional("initial")) {
      spec.instances = static_cast<int>(
          initial->integer_in(spec.autoscaling->min_instances, spec.autoscaling->max_instances));
    }
  } else if (instances) {
    spec.instances = instances->int_at_least(1);
  }
}

/// The instance count (under `instances_key`), concurrency, queue_limit, balancer and
/// latency, each where present.
void read_slots(const JsonReader &node, NodeSpec &spec,
                std::string_view instances_key = "instances") {
  read_instances(node, instances_key, spec);
  if (const auto concurrency = node.optional("concurrency")) {
    spec.concurrency = read_concurrency(*concurrency);
  }
  if (const auto queue_limit = node.optional("queue_limit")) {
    spec.queue_limit = queue_limit->integer_at_least(0);
  }
  if (const auto balancer = node.optional("balancer")) {
    spec.balancer = read_balancer(*balancer);
  }
  if (const auto latency = node.optional("latency")) {
    spec.latency = read_distribution(*latency);
  }
}

/// A cache's hit ratio: given, or from Zipf key popularity and capacity by Che's
/// approximation for LRU. With a TTL the hit ratio depends on the lookup rate, which the
/// scenario loader knows only after the workload: it fills the ratio in then.
void read_cache_hit_ratio(const JsonReader &node, NodeSpec &spec) {
  if (node.has("hit_ratio") == node.has("popularity")) {
    node.fail_expected("exactly one of hit_ratio or popularity for a cache node");
  }
  if (const auto hit_ratio = node.optional("hit_ratio")) {
    spec.cache_hit_ratio = hit_ratio->in_unit_interval("a hit ratio");
    return;
  }
  const JsonReader popularity = node.at("popularity");
  popularity.only_keys({"keys", "zipf", "capacity_keys", "ttl"});
  const JsonReader exponent = popularity.at("zipf");
  CachePopularitySpec keys{popularity.at("keys").integer_in(1, analytic::kMaxZipfKeys),
                           exponent.number(), popularity.at("capacity_keys").integer_at_least(0),
                           std::nullopt};
  if (!(keys.zipf_exponent >= 0.0 && keys.zipf_exponent <= 10.0)) {
    exponent.fail_expected("a Zipf exponent in [0, 10]");
  }
  if (const auto ttl = popularity.optional("ttl")) {
    keys.ttl_s = ttl->positive_duration_s();
  }
  spec.cache_hit_ratio =
      analytic::che_lru_hit_ratio({keys.keys, keys.zipf_exponent}, keys.capacity_keys);
  spec.popularity = keys;
}

/// "memory_use": the footprint of an instance and what happens at its limit (the limit
/// defaults to the node's "memory"). Read after read_metadata.
void read_memory_use(const JsonReader &node, NodeSpec &spec) {
  const auto memory_use = node.optional("memory_use");
  if (!memory_use) {
    return;
  }
  memory_use->only_keys(
      {"base", "per_request", "per_connection", "limit", "at_limit", "restart_after"});
  MemoryUseSpec use;
  if (const auto base = memory_use->optional("base")) {
    use.base_bytes = base->bytes();
  }
  if (const auto per_request = memory_use->optional("per_request")) {
    use.per_request_bytes = per_request->bytes();
  }
  if (const auto per_connection = memory_use->optional("per_connection")) {
    if (spec.kind != NodeKind::realtime) {
      per_connection->fail_expected("per_connection only on a realtime node");
    }
    use.per_connection_bytes = per_connection->bytes();
  }
  if (const auto limit = memory_use->optional("limit")) {
    use.limit_bytes = limit->bytes();
  } else if (spec.memory_gb > 0.0) {
    use.limit_bytes = spec.memory_gb * 1e9;
  }
  if (use.limit_bytes && *use.limit_bytes < use.base_bytes) {
    memory_use->fail_expected("a limit at or above the base footprint (" +
                              std::to_string(std::llround(use.base_bytes)) + " bytes)");
  }
  if (const auto at_limit = memory_use->optional("at_limit")) {
    use.oom_kill = at_limit->choice<bool>("what happens at the memory limit",
                                          {{"queue", false}, {"oom_kill", true}});
    if (!use.limit_bytes) {
      at_limit->fail_expected(R"(a "limit" (or the node's "memory") to act at)");
    }
  }
  const auto restart_after = memory_use->optional("restart_after");
  if (use.oom_kill != restart_after.has_value()) {
    (restart_after ? *restart_after : *memory_use)
        .fail(use.oom_kill ? R"(a "restart_after" duration with "at_limit": "oom_kill", found none)"
                           : R"(no "restart_after" without "at_limit": "oom_kill")");
  }
  if (restart_after) {
    use.restart_after_s = restart_after->duration_s();
  }
  spec.memory_use = use;
}

/// An autoscaling policy may watch connections only on a realtime node, and memory only
/// where memory_use gives a limit.
void check_scaling_metric(const JsonReader &node, const NodeSpec &spec) {
  if (!spec.autoscaling) {
    return;
  }
  const ScalingMetric metric = spec.autoscaling->metric;
  if (metric == ScalingMetric::connections && spec.kind != NodeKind::realtime) {
    node.at("autoscaling").at("metric").fail_expected("connections only on a realtime node");
  }
  if (metric == ScalingMetric::memory && !(spec.memory_use && spec.memory_use->limit_bytes)) {
    node.at("autoscaling")
        .at("metric")
        .fail_expected(R"(memory only on a node whose "memory_use" has a limit)");
  }
}

NodeSpec read_service(const JsonReader &node) {
  node.only_keys(keys_of({"type", "instances", "concurrency", "queue_limit", "balancer", "latency",
                          "autoscaling", "memory_use"}),
                 "key");
  NodeSpec spec;
  read_slots(node, spec);
  read_metadata(node, spec);
  read_memory_use(node, spec);
  check_scaling_metric(node, spec);
  return spec;
}

/// An SSE / WebSocket broker: its instances hold long-lived connections (opened by calls
/// with a "session", placed by the balancer, at most max_connections each) and deliver
/// published messages on their slots.
NodeSpec read_realtime(const JsonReader &node) {
  node.only_keys(keys_of({"type", "instances", "concurrency", "queue_limit", "balancer", "latency",
                          "autoscaling", "max_connections", "on_scale_in", "memory_use"}),
                 "key");
  NodeSpec spec;
  spec.kind = NodeKind::realtime;
  spec.balancer = Balancer::least_connections;
  read_slots(node, spec);
  read_metadata(node, spec);
  if (const auto max_connections = node.optional("max_connections")) {
    spec.max_connections_per_instance = max_connections->integer_in(1, 1'000'000'000);
  }
  if (const auto on_scale_in = node.optional("on_scale_in")) {
    spec.scale_in_connections = on_scale_in->choice<ScaleInConnections>(
        "what scale-in does with an instance's connections",
        {{"migrate", ScaleInConnections::migrate}, {"drop", ScaleInConnections::drop}});
  }
  read_memory_use(node, spec);
  check_scaling_metric(node, spec);
  return spec;
}

NodeSpec read_cache(const JsonReader &node) {
  node.only_keys(keys_of({"type", "instances", "concurrency", "queue_limit", "balancer", "latency",
                          "hit_ratio", "popularity"}),
                 "key");
  NodeSpec spec;
  spec.kind = NodeKind::cache;
  read_slots(node, spec);
  read_metadata(node, spec);
  read_cache_hit_ratio(node, spec);
  return spec;
}

/// A load balancer holds a connection for the whole of the call it forwards (its nested
/// calls), so max_connections caps the requests in flight through each instance.
NodeSpec read_load_balancer(const JsonReader &node) {
  node.only_keys({"type", "instances", "max_connections", "on_limit", "queue_limit", "balancer",
                  "latency", "cost", "reliability"});
  NodeSpec spec;
  spec.kind = NodeKind::load_balancer;
  spec.concurrency = kUnlimitedConcurrency;
  read_slots(node, spec);
  if (const auto max_connections = node.optional("max_connections")) {
    spec.concurrency = static_cast<int>(max_connections->integer_in(1, kMaxConcurrency));
  }
  if (const auto on_limit = node.optional("on_limit")) {
    const bool reject = on_limit->choice<bool>("what happens beyond max_connections",
                                               {{"queue", false}, {"reject", true}});
    if (reject && spec.queue_limit) {
      on_limit->fail_expected(R"("queue" when a queue_limit is given)");
    }
    if (reject) {
      spec.queue_limit = 0;
    }
  }
  return spec;
}

/// A CDN edge answers every request after its edge latency; a miss (per-class hit ratio)
/// then runs the call's on_miss calls, the origin.
NodeSpec read_cdn(const JsonReader &node) {
  node.only_keys({"type", "latency", "hit_ratio", "bytes", "cost", "reliability"});
  NodeSpec spec;
  spec.kind = NodeKind::cdn;
  spec.concurrency = kUnlimitedConcurrency;
  spec.latency = read_distribution(node.at("latency"));
  const JsonReader hit_ratio = node.at("hit_ratio");
  if (hit_ratio.json().is_object()) {
    hit_ratio.for_each_member([&](const std::string &name, const JsonReader &ratio) {
      const double value = ratio.in_unit_interval("a hit ratio");
      if (name == "default") {
        spec.cache_hit_ratio = value;
      } else {
        spec.class_hit_ratios.emplace_back(name, value);
      }
    });
  } else {
    spec.cache_hit_ratio = hit_ratio.in_unit_interval("a hit ratio");
  }
  if (const auto bytes = node.optional("bytes")) {
    if (bytes->json().is_object()) {
      bytes->for_each_member([&](const std::string &name, const JsonReader &size) {
        if (name == "default") {
          spec.response_bytes = size.bytes();
        } else {
          spec.class_response_bytes.emplace_back(name, size.bytes());
        }
      });
    } else {
      spec.response_bytes = bytes->bytes();
    }
  }
  return spec;
}

/// A job queue: `workers` instances with `concurrency` jobs each, all fed by one FIFO of
/// at most max_depth waiting jobs.
NodeSpec read_queue(const JsonReader &node) {
  node.only_keys(keys_of({"type", "workers", "concurrency", "max_depth", "latency", "autoscaling",
                          "memory_use"}),
                 "key");
  NodeSpec spec;
  spec.kind = NodeKind::queue;
  spec.shared_queue = true;
  read_slots(node, spec, "workers");
  read_metadata(node, spec);
  read_memory_use(node, spec);
  check_scaling_metric(node, spec);
  if (const auto max_depth = node.optional("max_depth")) {
    spec.queue_limit = max_depth->integer_at_least(0);
  }
  return spec;
}

std::optional<StreamingSpec> read_streaming(const JsonReader &streaming) {
  streaming.only_keys({"output_tokens", "tokens_per_s"});
  StreamingSpec spec{read_distribution(streaming.at("output_tokens")), 0.0};
  const JsonReader rate = streaming.at("tokens_per_s");
  spec.tokens_per_s = rate.number();
  if (!(spec.tokens_per_s > 0.0 && std::isfinite(spec.tokens_per_s))) {
    rate.fail_expected("a positive number of tokens per second");
  }
  return spec;
}

/// An external API: a delay (or at most max_in_flight calls at once), a token-bucket rate
/// limit answering 429 beyond it, an error rate, and a failover node resolved later.
NodeSpec read_external(const JsonReader &node) {
  node.only_keys({"type", "latency", "max_in_flight", "queue_limit", "rate_limit", "error_rate",
                  "cost", "failover", "streaming", "service_time_scaling", "reliability"});
  NodeSpec spec;
  spec.kind = NodeKind::external;
  spec.concurrency = kUnlimitedConcurrency;
  spec.latency = read_distribution(node.at("latency"));
  read_slots(node, spec);
  if (const auto max_in_flight = node.optional("max_in_flight")) {
    spec.concurrency = static_cast<int>(max_in_flight->integer_in(1, kMaxConcurrency));
  }
  if (const auto rate_limit = node.optional("rate_limit")) {
    rate_limit->only_keys({"rate", "burst"});
    TokenBucketSpec bucket{rate_limit->at("rate").positive_rate_per_s(), 1.0};
    if (const auto burst = rate_limit->optional("burst")) {
      bucket.burst = static_cast<double>(burst->integer_in(1, 1'000'000'000));
    }
    spec.rate_limit = bucket;
  }
  read_metadata(node, spec);
  if (const auto error_rate = node.optional("error_rate")) {
    spec.error_rate = error_rate->in_unit_interval("an error rate");
  }
  if (const auto streaming = node.optional("streaming")) {
    spec.streaming = read_streaming(*streaming);
  }
  return spec;
}

/// The primary and its optional replica set; the set is appended by read_nodes.
struct DatabaseNodes {
  NodeSpec primary;
  std::optional<NodeSpec> replicas;
};

NodeSpec read_database_tier(const JsonReader &tier, bool replicas) {
  if (replicas) {
    tier.only_keys(keys_of({"count", "concurrency", "queue_limit", "balancer", "autoscaling"}),
                   "key");
  } else {
    tier.only_keys(keys_of({"concurrency", "queue_limit"}), "key");
  }
  NodeSpec spec;
  spec.kind = NodeKind::database;
  if (replicas) {
    tier.at("count"); // required
  }
  read_slots(tier, spec, "count");
  read_metadata(tier, spec);
  check_scaling_metric(tier, spec);
  return spec;
}

DatabaseNodes read_database(const std::string &name, const JsonReader &node) {
  node.only_keys({"type", "primary", "replicas", "max_connections", "pool", "replication_lag",
                  "read_your_writes"});
  DatabaseNodes nodes{read_database_tier(node.at("primary"), false), std::nullopt};
  DatabaseSpec &database = nodes.primary.database;
  if (const auto max_connections = node.optional("max_connections")) {
    database.max_connections = max_connections->integer_at_least(1);
  }
  if (const auto pool = node.optional("pool")) {
    pool->only_keys({"size", "max_overflow"});
    database.pool_size = static_cast<int>(pool->at("size").integer_in(1, 100'000));
    if (const auto overflow = pool->optional("max_overflow")) {
      database.pool_max_overflow = static_cast<int>(overflow->integer_in(0, 100'000));
    }
  }
  if (const auto replicas = node.optional("replicas")) {
    nodes.replicas = read_database_tier(*replicas, true);
    nodes.replicas->name = name + ".replicas";
    if (const auto lag = node.optional("replication_lag")) {
      database.replication_lag = read_distribution(*lag);
    }
    if (const auto read_your_writes = node.optional("read_your_writes")) {
      database.read_your_writes = read_your_writes->boolean();
    }
  } else {
    for (const std::string_view key : {"replication_lag", "read_your_writes"}) {
      if (const auto value = node.optional(key)) {
        value->fail_expected(std::string(key) + " only with \"replicas\"");
      }
    }
  }
  return nodes;
}

/// Failover names another node; following failovers must never come back to a node.
void resolve_failovers(const JsonReader &nodes, std::vector<NodeSpec> &specs) {
  std::vector<std::string> names;
  for (const NodeSpec &spec : specs) {
    names.push_back(spec.name);
  }
  nodes.for_each_member([&](const std::string &name, const JsonReader &node) {
    const auto failover = node.json().is_object() ? node.optional("failover") : std::nullopt;
    if (!failover) {
      return;
    }
    auto index = static_cast<int>(failover->one_of("the name of a node", names));
    const auto self = std::find(names.begin(), names.end(), name) - names.begin();
    specs[static_cast<std::size_t>(self)].failover_node = index;
    for (int steps = 0; index >= 0; ++steps) {
      if (index == self || steps > static_cast<int>(specs.size())) {
        failover->fail_expected("a failover chain that does not come back to \"" + name + "\"");
      }
      index = specs[static_cast<std::size_t>(index)].failover_node;
    }
  });
}

} // namespace

std::vector<NodeSpec> read_nodes(const JsonReader &nodes) {
  static const std::array<std::string, 8> node_types{
      "service", "cache", "load_balancer", "cdn", "database", "queue", "external", "realtime"};
  if (nodes.member_count() == 0) {
    nodes.fail_expected("at least one node");
  }
  std::vector<NodeSpec> specs;
  nodes.for_each_member([&](const std::string &name, const JsonReader &node) {
    const std::size_t type = node.at("type").one_of("a node type", node_types);
    if (type == 4) {
      DatabaseNodes database = read_database(name, node);
      database.primary.name = name;
      specs.push_back(std::move(database.primary));
      if (database.replicas) {
        const auto primary = static_cast<int>(specs.size() - 1);
        database.replicas->database.primary_node = primary;
        specs.push_back(std::move(*database.replicas));
        specs[static_cast<std::size_t>(primary)].database.replica_node = primary + 1;
      }
      return;
    }
    using Reader = NodeSpec (*)(const JsonReader &);
    static constexpr std::array<Reader, 8> readers{read_service,  read_cache,   read_load_balancer,
                                                   read_cdn,      nullptr,      read_queue,
                                                   read_external, read_realtime};
    NodeSpec spec = readers[type](node);
    spec.name = name;
    specs.push_back(std::move(spec));
  });
  resolve_failovers(nodes, specs);
  return specs;
}

void check_node_classes(const JsonReader &nodes, const std::vector<NodeSpec> &specs,
                        const WorkloadSpec &workload) {
  std::vector<std::string> class_names{"default"};
  for (const RequestClassSpec &request_class : workload.classes) {
    class_names.push_back(request_class.name);
  }
  for (const NodeSpec &spec : specs) {
    if (spec.kind != NodeKind::cdn) {
      continue;
    }
    for (const std::string_view key : {"hit_ratio", "bytes"}) {
      const auto per_class = nodes.at(spec.name).optional(key);
      if (per_class && per_class->json().is_object()) {
        const std::vector<std::string_view> allowed(class_names.begin(), class_names.end());
        per_class->only_keys(allowed, "request class");
      }
    }
  }
}

} // namespace capsim
