// The scenario loader (see scenario_loader.hpp): JSON text to a validated Scenario, one
// read_* function per part of the format (DESIGN §3), all written against JsonReader so
// every problem is reported as "file: /pointer: expected X, found Y".
#include "models/scenario_loader.hpp"

#include "models/analytic/cache_hit_ratio.hpp"
#include "models/analytic/traffic.hpp"
#include "models/availability/reliability_loader.hpp"
#include "models/distribution_reader.hpp"
#include "models/json_document.hpp"
#include "models/json_reader.hpp"
#include "models/node_loader.hpp"
#include "models/percentiles.hpp"
#include "models/plan/growth_loader.hpp"
#include "models/plan/pricing_loader.hpp"
#include "models/profile_loader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace capsim {
namespace {

/// Every closed user is a pending event at all times: beyond ten million the calendar alone
/// would need gigabytes. Larger populations are better modelled as open arrivals.
constexpr std::int64_t kMaxUsers = 10'000'000;

using nlohmann::ordered_json;

constexpr double kShareTolerance = 1e-6;
constexpr std::int64_t kMaxReplications = 10000;
constexpr std::string_view kDistributionShape =
    R"(a distribution: an object with one key naming the family, e.g. {"exponential": "250ms"})";

/// The nodes whose slots a request holds while making a call, outermost first.
using HeldNodes = std::vector<std::string>;

/// What reading a call needs beyond its JSON: the nodes (reading may add connection pools)
/// and the request classes, named with their shares (a fan-out names the class it delivers).
struct CallContext {
  std::vector<NodeSpec> &nodes;
  const std::vector<RequestClassSpec> &classes;
};

/// Shortest text that reads back as `value`: 3600, 0.9, 1e-06.
std::string number_text(double value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

// ---- Distributions ----------------------------------------------------------------------

std::string_view trimmed(std::string_view line) {
  const std::size_t begin = line.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) {
    return {};
  }
  return line.substr(begin, line.find_last_not_of(" \t\r") - begin + 1);
}

/// A CSV line that is exactly one finite number of seconds >= 0.
std::optional<double> seconds_on_line(std::string_view line) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), value);
  if (error != std::errc{} || end != line.data() + line.size() || !std::isfinite(value) ||
      value < 0.0) {
    return std::nullopt;
  }
  return value;
}

/// A header (allowed as the first line) does not start like a number: "latency_s", "inflight".
bool is_header(std::string_view line) {
  return line.find_first_of("0123456789+-.") != 0;
}

/// The values of the CSV file that `file_name` names (relative to the scenario's directory):
/// one number of seconds per line, blank lines and one leading header line allowed.
std::vector<double> read_empirical_csv(const JsonReader &file_name) {
  const std::filesystem::path path = file_name.context().directory / file_name.string();
  const std::optional<std::string> text = read_text_file(path);
  if (!text) {
    file_name.fail("a readable CSV file of seconds, found " + file_name.describe() + " (" +
                   why_unreadable(path) + ": " + path.string() + ")");
  }
  std::vector<double> values;
  std::istringstream lines(*text);
  std::string raw_line;
  bool seen_content = false;
  for (int line_number = 1; std::getline(lines, raw_line); ++line_number) {
    const std::string_view line = trimmed(raw_line);
    if (line.empty()) {
      continue;
    }
    const bool may_be_header = !seen_content;
    seen_content = true;
    if (const std::optional<double> value = seconds_on_line(line)) {
      values.push_back(*value);
    } else if (!(may_be_header && is_header(line))) {
      file_name.fail("one number of seconds >= 0 per line, found " + ordered_json(line).dump() +
                     " at " + path.string() + ":" + std::to_string(line_number));
    }
  }
  if (values.empty()) {
    file_name.fail("at least one number of seconds in " + path.string() + ", found none");
  }
  return values;
}

struct MeanCv {
  double mean_s;
  double cv;
};

MeanCv read_mean_cv(const JsonReader &parameters) {
  parameters.only_keys({"mean", "cv"});
  const double mean_s = parameters.at("mean").duration_s();
  const double cv = parameters.at("cv").number();
  return {mean_s, cv};
}

Distribution read_uniform(const JsonReader &parameters) {
  parameters.only_keys({"min", "max"});
  const double min_s = parameters.at("min").duration_s();
  const double max_s = parameters.at("max").duration_s();
  return Distribution::uniform(min_s, max_s);
}

Distribution read_lognormal(const JsonReader &parameters) {
  parameters.only_keys({"mean", "cv", "median", "p95"});
  const bool by_quantiles = parameters.has("median") || parameters.has("p95");
  if (!by_quantiles) {
    const MeanCv mean_cv = read_mean_cv(parameters);
    return Distribution::lognormal_mean_cv(mean_cv.mean_s, mean_cv.cv);
  }
  if (parameters.has("mean") || parameters.has("cv")) {
    parameters.fail(R"(either "mean" and "cv" or "median" and "p95", found a mix of both)");
  }
  const double median_s = parameters.at("median").duration_s();
  const double p95_s = parameters.at("p95").duration_s();
  return Distribution::lognormal_median_p95(median_s, p95_s);
}

Distribution read_erlang(const JsonReader &parameters) {
  parameters.only_keys({"k", "mean"});
  const int k = parameters.at("k").int_at_least(1);
  const double mean_s = parameters.at("mean").duration_s();
  return Distribution::erlang(k, mean_s);
}

struct Family {
  std::string_view name;
  Distribution (*read)(const JsonReader &parameters);
};

constexpr std::array<Family, 10> kFamilies{{
    {"exponential", [](const JsonReader &p) { return Distribution::exponential(p.duration_s()); }},
    {"constant", [](const JsonReader &p) { return Distribution::constant(p.duration_s()); }},
    {"uniform", read_uniform},
    {"lognormal", read_lognormal},
    {"gamma",
     [](const JsonReader &p) {
       const MeanCv m = read_mean_cv(p);
       return Distribution::gamma_mean_cv(m.mean_s, m.cv);
     }},
    {"erlang", read_erlang},
    {"weibull",
     [](const JsonReader &p) {
       const MeanCv m = read_mean_cv(p);
       return Distribution::weibull_mean_cv(m.mean_s, m.cv);
     }},
    {"hyperexponential",
     [](const JsonReader &p) {
       const MeanCv m = read_mean_cv(p);
       return Distribution::hyperexponential_mean_cv(m.mean_s, m.cv);
     }},
    {"pareto",
     [](const JsonReader &p) {
       const MeanCv m = read_mean_cv(p);
       return Distribution::pareto_mean_cv(m.mean_s, m.cv);
     }},
    {"empirical",
     [](const JsonReader &p) { return Distribution::empirical(read_empirical_csv(p)); }},
}};

} // namespace

Distribution read_distribution(const JsonReader &spec) {
  static const std::vector<std::string_view> family_names = [] {
    std::vector<std::string_view> names;
    for (const Family &family : kFamilies) {
      names.push_back(family.name);
    }
    return names;
  }();
  if (!spec.json().is_object()) {
    spec.fail_expected(kDistributionShape);
  }
  spec.only_keys(family_names, "distribution family");
  if (spec.member_count() != 1) {
    spec.fail_expected(kDistributionShape);
  }
  std::optional<Distribution> distribution;
  spec.for_each_member([&](const std::string &name, const JsonReader &parameters) {
    const Family &family = *std::find_if(kFamilies.begin(), kFamilies.end(),
                                         [&](const Family &f) { return f.name == name; });
    try {
      distribution = family.read(parameters);
    } catch (const DistributionError &error) {
      spec.fail(error.what());
    }
  });
  return *distribution;
}

namespace {

// ---- Workload -----------------------------------------------------------------------------

int find_node(const std::vector<NodeSpec> &nodes, const std::string &name) {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].name == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::vector<std::string> node_names(const std::vector<NodeSpec> &nodes) {
  std::vector<std::string> names;
  for (const NodeSpec &node : nodes) {
    names.push_back(node.name);
  }
  return names;
}

std::vector<CallSpec> read_calls(const JsonReader &calls, CallContext &context,
                                 const HeldNodes &held);

/// A synchronous call into a node the request already holds could wait forever for itself.
void reject_reentry(const JsonReader &node, const std::string &name, const HeldNodes &held) {
  const auto first = std::find(held.begin(), held.end(), name);
  if (first == held.end()) {
    return;
  }
  std::string cycle;
  for (auto it = first; it != held.end(); ++it) {
    cycle += *it + " → ";
  }
  node.fail("no synchronous call back into \"" + name + "\" while it is held (cycle " + cycle +
            name + "), found " + node.describe());
}

/// A cache lookup's fallback: run by the caller (the cache slot is already released) when
/// the lookup misses. A fallback call may not have a fallback of its own.
void read_on_miss(const JsonReader &on_miss, const NodeSpec &target, CallContext &context,
                  const HeldNodes &held, CallSpec &spec) {
  if (target.kind != NodeKind::cache && target.kind != NodeKind::cdn) {
    on_miss.fail_expected("on_miss only on a call to a cache or cdn node (\"" + target.name +
                          "\" is neither)");
  }
  if (spec.async) {
    on_miss.fail_expected("no on_miss on an async lookup");
  }
  spec.on_miss = read_calls(on_miss, context, held);
  on_miss.for_each_element([&](std::size_t index, const JsonReader &fallback) {
    if (fallback.has("on_miss")) {
      fallback.at("on_miss").fail_expected("no on_miss inside an on_miss list");
    }
    (void)index;
  });
}

/// The call's demand, or the node's latency when the call gives none.
void read_demand(const JsonReader &call, const NodeSpec &target, CallSpec &spec) {
  if (const auto demand = call.optional("demand")) {
    spec.demand = read_distribution(*demand);
  } else if (target.latency) {
    spec.demand = *target.latency;
    spec.demand_from_node = true;
  } else {
    call.fail(R"(a "demand" key (node ")" + target.name +
              R"(" has no "latency" to use instead), found a call without one)");
  }
}

/// A database call says whether it reads or writes; reads go to the replicas if any.
void read_database_op(const JsonReader &call, const std::vector<NodeSpec> &nodes, CallSpec &spec) {
  const NodeSpec &target = nodes[static_cast<std::size_t>(find_node(nodes, spec.node))];
  const auto op = call.optional("op");
  if (target.kind != NodeKind::database) {
    if (op) {
      op->fail_expected("op only on a call to a database node (\"" + target.name +
                        "\" is not one)");
    }
    return;
  }
  if (!op) {
    call.fail(R"(an "op" key ("read" or "write") on a call to database ")" + target.name +
              R"(", found a call without one)");
  }
  spec.op = op->choice<DatabaseOp>("a database operation",
                                   {{"read", DatabaseOp::read}, {"write", DatabaseOp::write}});
  if (spec.op == DatabaseOp::read && target.database.replica_node >= 0) {
    spec.node = nodes[static_cast<std::size_t>(target.database.replica_node)].name;
  }
}

/// With a connection pool, a database call first takes a connection from the pool on the
/// calling instance and keeps it for the query: the call becomes a zero-demand call of the
/// pool node "<db>.pool@<caller>" (made here on first use) that nests the query. The
/// attempt settings (probability, timeout, retries) move to the pool call.
CallSpec through_pool(const JsonReader &node, CallSpec query, std::vector<NodeSpec> &nodes,
                      const HeldNodes &held) {
  const int primary_index = find_node(nodes, node.string());
  const DatabaseSpec &database = nodes[static_cast<std::size_t>(primary_index)].database;
  if (database.pool_size == 0) {
    return query;
  }
  if (held.empty()) {
    node.fail_expected("a call from another node's call (the database's connection pool lives "
                       "on its callers' instances), found a top-level or async call of " +
                       node.describe());
  }
  const std::string pool_name = node.string() + ".pool@" + held.back();
  if (find_node(nodes, pool_name) < 0) {
    NodeSpec pool;
    pool.name = pool_name;
    pool.kind = NodeKind::connection_pool;
    pool.instances = nodes[static_cast<std::size_t>(find_node(nodes, held.back()))].instances;
    pool.concurrency = database.pool_size + database.pool_max_overflow;
    pool.balancer = Balancer::caller_affinity;
    pool.pool_database = primary_index;
    pool.pool_caller = find_node(nodes, held.back());
    nodes.push_back(std::move(pool));
  }
  CallSpec wrapper = make_call(pool_name, Distribution::constant(0.0));
  wrapper.probability = std::exchange(query.probability, 1.0);
  wrapper.timeout_s = std::exchange(query.timeout_s, std::nullopt);
  wrapper.retries = std::exchange(query.retries, 0);
  wrapper.retry_backoff_s = std::exchange(query.retry_backoff_s, 0.0);
  wrapper.calls.push_back(std::move(query));
  return wrapper;
}

/// A call to a realtime node may open a connection ("session") or publish a message to its
/// connections ("fanout": deliveries of a class with share 0).
void read_realtime_call(const JsonReader &call, const NodeSpec &target, const CallContext &context,
                        CallSpec &spec) {
  for (const std::string_view key : {"session", "fanout"}) {
    if (const auto value = call.optional(key); value && target.kind != NodeKind::realtime) {
      value->fail_expected(std::string(key) + " only on a call to a realtime node (\"" +
                           target.name + "\" is not one)");
    }
  }
  if (call.has("session") && call.has("fanout")) {
    call.fail_expected(R"(either "session" (a connection) or "fanout" (a publish), not both)");
  }
  if (const auto session = call.optional("session")) {
    spec.session = read_distribution(*session);
  }
  if (const auto fanout = call.optional("fanout")) {
    fanout->only_keys({"class", "subscribers"});
    std::vector<std::string> names;
    for (const RequestClassSpec &request_class : context.classes) {
      names.push_back(request_class.name);
    }
    const JsonReader class_name = fanout->at("class");
    const std::size_t index = class_name.one_of("a request class", names);
    if (context.classes[index].share != 0.0) {
      class_name.fail("a class with share 0 (it receives only deliveries), found \"" +
                      names[index] + "\" with share " + number_text(context.classes[index].share));
    }
    spec.fanout = FanoutSpec{names[index], index, read_distribution(fanout->at("subscribers"))};
  }
}

CallSpec read_call(const JsonReader &call, CallContext &context, const HeldNodes &held) {
  call.only_keys({"node", "op", "demand", "probability", "async", "calls", "on_miss", "timeout",
                  "retries", "retry_backoff", "session", "fanout"});
  std::vector<NodeSpec> &nodes = context.nodes;
  const JsonReader node = call.at("node");
  const std::vector<std::string> names = node_names(nodes);
  const std::size_t target_index = node.one_of("the name of a node", names);
  if (nodes[target_index].kind == NodeKind::connection_pool ||
      nodes[target_index].database.primary_node >= 0) {
    node.fail_expected("the name of a node given in \"nodes\" (pools and replica sets are "
                       "reached through their database), found " +
                       node.describe());
  }
  const NodeSpec target = nodes[target_index]; // a copy: reading may add pool nodes
  CallSpec spec = make_call(target.name, Distribution::constant(0.0));
  read_demand(call, target, spec);
  read_database_op(call, nodes, spec);
  read_realtime_call(call, target, context, spec);
  if (const auto probability = call.optional("probability")) {
    spec.probability = probability->probability();
  }
  if (const auto async = call.optional("async")) {
    spec.async = async->boolean();
  }
  if (const auto timeout = call.optional("timeout")) {
    if (spec.async) {
      timeout->fail_expected("no timeout on an async call (nobody waits for it)");
    }
    spec.timeout_s = timeout->positive_duration_s();
  }
  if (const auto retries = call.optional("retries")) {
    spec.retries = static_cast<int>(retries->integer_in(0, 100));
  }
  if (const auto backoff = call.optional("retry_backoff")) {
    spec.retry_backoff_s = backoff->duration_s();
  }
  // An async call runs on its own: the caller's held slots are not waiting on it.
  HeldNodes held_inside = spec.async ? HeldNodes{} : held;
  reject_reentry(node, spec.node, held_inside);
  held_inside.push_back(spec.node);
  if (const auto nested = call.optional("calls")) {
    if (target.kind == NodeKind::cache || target.kind == NodeKind::cdn ||
        target.kind == NodeKind::database) {
      nested->fail_expected(
          "no nested calls on a call to a " +
          std::string(target.kind == NodeKind::database ? "database" : "cache or cdn") +
          " (a lookup's fallback goes in on_miss)");
    }
    spec.calls = read_calls(*nested, context, held_inside);
  }
  if (const auto on_miss = call.optional("on_miss")) {
    read_on_miss(*on_miss, target, context, held, spec);
  }
  if (target.kind == NodeKind::database) {
    const HeldNodes callers = spec.async ? HeldNodes{} : held;
    return through_pool(node, std::move(spec), nodes, callers);
  }
  return spec;
}

std::vector<CallSpec> read_calls(const JsonReader &calls, CallContext &context,
                                 const HeldNodes &held) {
  std::vector<CallSpec> specs;
  calls.for_each_element([&](std::size_t, const JsonReader &call) {
    specs.push_back(read_call(call, context, held));
  });
  return specs;
}

bool contains_fanout(const std::vector<CallSpec> &calls) {
  return std::any_of(calls.begin(), calls.end(), [](const CallSpec &call) {
    return call.fanout || contains_fanout(call.calls) || contains_fanout(call.on_miss);
  });
}

/// Every fan-out's delivery class must start at the fan-out's node (its deliveries are pinned
/// to the instances holding the subscribers' connections there) and publish nothing itself.
void check_fanouts(const JsonReader &classes, const std::vector<CallSpec> &calls,
                   const std::vector<RequestClassSpec> &specs) {
  for (const CallSpec &call : calls) {
    if (call.fanout) {
      const RequestClassSpec &delivery = specs[call.fanout->class_index];
      if (delivery.calls.front().node != call.node || delivery.calls.front().async) {
        classes.at(delivery.name)
            .at("calls")
            .element_at(0)
            .fail_expected("a synchronous call to \"" + call.node + "\" first (class \"" +
                           delivery.name + "\" receives its fanout's deliveries there)");
      }
      if (contains_fanout(delivery.calls)) {
        classes.at(delivery.name)
            .at("calls")
            .fail_expected("calls without a fanout (class \"" + delivery.name +
                           "\" receives deliveries: a fanout there would feed itself)");
      }
    }
    check_fanouts(classes, call.calls, specs);
    check_fanouts(classes, call.on_miss, specs);
  }
}

std::vector<RequestClassSpec> read_classes(const JsonReader &classes,
                                           std::vector<NodeSpec> &nodes) {
  if (classes.member_count() == 0) {
    classes.fail_expected("at least one request class");
  }
  const bool share_required = classes.member_count() > 1;
  std::vector<RequestClassSpec> specs;
  double share_sum = 0.0;
  classes.for_each_member([&](const std::string &name, const JsonReader &request_class) {
    request_class.only_keys({"share", "calls"});
    RequestClassSpec spec;
    spec.name = name;
    if (share_required || request_class.has("share")) {
      spec.share = request_class.at("share").in_unit_interval("a share");
    }
    share_sum += spec.share;
    specs.push_back(std::move(spec));
  });
  if (std::abs(share_sum - 1.0) > kShareTolerance) {
    classes.fail("shares summing to 1, found a sum of " + number_text(share_sum));
  }
  CallContext context{nodes, specs};
  std::vector<std::vector<CallSpec>> calls_of_class;
  classes.for_each_member([&](const std::string &, const JsonReader &request_class) {
    const JsonReader calls = request_class.at("calls");
    if (calls.element_count() == 0) {
      calls.fail_expected("at least one call");
    }
    calls_of_class.push_back(read_calls(calls, context, HeldNodes{}));
  });
  for (std::size_t c = 0; c < specs.size(); ++c) {
    specs[c].calls = std::move(calls_of_class[c]);
  }
  for (const RequestClassSpec &spec : specs) {
    check_fanouts(classes, spec.calls, specs);
  }
  return specs;
}

WorkloadSpec read_workload(const JsonReader &workload, std::vector<NodeSpec> &nodes) {
  workload.only_keys({"arrivals", "users", "think_time", "classes"});
  const std::optional<JsonReader> arrivals = workload.optional("arrivals");
  const std::optional<JsonReader> users = workload.optional("users");
  if (arrivals.has_value() == users.has_value()) {
    workload.fail(std::string(R"(either "arrivals" (open) or "users" (closed), found )") +
                  (arrivals ? "both" : "neither"));
  }
  WorkloadSpec spec;
  if (arrivals) {
    if (const auto think_time = workload.optional("think_time")) {
      think_time->fail_expected(R"(no "think_time" with "arrivals" (it goes with "users"))");
    }
    arrivals->only_keys({"rate"});
    spec.arrival_rate_per_s = arrivals->at("rate").positive_rate_per_s();
  } else {
    spec.kind = WorkloadKind::closed;
    spec.users = users->integer_in(1, kMaxUsers);
    spec.think_time = read_distribution(workload.at("think_time"));
  }
  spec.classes = read_classes(workload.at("classes"), nodes);
  return spec;
}

// ---- Run ----------------------------------------------------------------------------------

RunSpec read_run(const JsonReader &run) {
  run.only_keys({"duration", "warmup", "replications", "window"});
  RunSpec spec;
  if (const auto duration = run.optional("duration")) {
    spec.duration_s = duration->positive_duration_s();
  }
  if (const auto warmup = run.optional("warmup")) {
    spec.warmup_s = warmup->duration_s();
    if (spec.warmup_s >= spec.duration_s) {
      warmup->fail_expected("a warmup shorter than the duration (" + number_text(spec.duration_s) +
                            " s)");
    }
  }
  if (const auto replications = run.optional("replications")) {
    spec.replications = static_cast<int>(replications->integer_in(1, kMaxReplications));
  }
  if (const auto window = run.optional("window")) {
    spec.window_s = window->duration_s();
  }
  return spec;
}

/// A TTL cache's hit ratio needs its lookup rate: the open arrival rate times the expected
/// lookups per request (traffic equations; fills in on_miss are not lookups). The rate does
/// not depend on the cache's own hit ratio unless lookups sit inside its own fallback, so
/// one pass with the plain LRU ratio in place suffices.
void apply_cache_ttls(const JsonReader &nodes, Scenario &scenario) {
  for (NodeSpec &node : scenario.nodes) {
    if (!node.popularity || !node.popularity->ttl_s) {
      continue;
    }
    if (scenario.workload.kind != WorkloadKind::open) {
      nodes.at(node.name)
          .at("popularity")
          .at("ttl")
          .fail_expected(
              "a TTL only with open arrivals (the lookup rate of a closed population is not known "
              "before the run; give the measured hit_ratio instead)");
    }
    const analytic::VisitRatios visits = analytic::visit_ratios(scenario);
    const auto node_index = static_cast<std::uint32_t>(scenario.node_index(node.name));
    double lookups_per_request = 0.0;
    for (std::size_t i = 0; i < visits.program.calls.size(); ++i) {
      const CompiledCall &call = visits.program.calls[i];
      if (call.node == node_index && !call.on_miss) {
        lookups_per_request +=
            visits.call_visits.row(static_cast<Eigen::Index>(i)).dot(visits.class_share);
      }
    }
    const CachePopularitySpec &keys = *node.popularity;
    node.cache_hit_ratio = analytic::che_lru_ttl_hit_ratio(
        {keys.keys, keys.zipf_exponent}, keys.capacity_keys, *keys.ttl_s,
        scenario.workload.arrival_rate_per_s * lookups_per_request);
  }
}

std::vector<std::string> class_names_of(const WorkloadSpec &workload) {
  std::vector<std::string> names;
  for (const RequestClassSpec &request_class : workload.classes) {
    names.push_back(request_class.name);
  }
  return names;
}

/// One objective: {"class": NAME, "percentile": "p95" | "mean" | ..., "target": DURATION}.
SloSpec read_slo(const JsonReader &slo, const WorkloadSpec &workload) {
  const std::vector<std::string> class_names = class_names_of(workload);
  std::vector<std::string> figures{"mean"};
  for (const Percentile &percentile : kReportedPercentiles) {
    figures.emplace_back(percentile.key);
  }
  slo.only_keys({"class", "percentile", "target"});
  SloSpec spec;
  spec.class_index = slo.at("class").one_of("a request class", class_names);
  spec.class_name = class_names[spec.class_index];
  spec.percentile = static_cast<int>(slo.at("percentile").one_of("a latency figure", figures)) - 1;
  spec.target_s = slo.at("target").positive_duration_s();
  return spec;
}

/// [{"class": NAME, "percentile": "p95" | "mean" | ..., "target": DURATION}, ...]
std::vector<SloSpec> read_slos(const JsonReader &slos, const WorkloadSpec &workload) {
  std::vector<SloSpec> specs;
  slos.for_each_element(
      [&](std::size_t, const JsonReader &slo) { specs.push_back(read_slo(slo, workload)); });
  return specs;
}

FaultSpec read_fault(const JsonReader &fault, const std::vector<NodeSpec> &nodes) {
  fault.only_keys({"at", "node", "kill", "kill_fraction", "restart_after", "in_flight", "slow",
                   "for", "down_for"});
  FaultSpec spec;
  spec.at_s = fault.at("at").duration_s();
  std::vector<std::string> names;
  for (const NodeSpec &node : nodes) {
    if (node.kind != NodeKind::connection_pool) {
      names.push_back(node.name);
    }
  }
  spec.node = find_node(nodes, names[fault.at("node").one_of("the name of a node", names)]);
  const int kinds = static_cast<int>(fault.has("kill")) +
                    static_cast<int>(fault.has("kill_fraction")) +
                    static_cast<int>(fault.has("slow")) + static_cast<int>(fault.has("down_for"));
  if (kinds != 1) {
    fault.fail_expected(R"(exactly one of "kill", "kill_fraction", "slow" or "down_for")");
  }
  if (const auto kill = fault.optional("kill")) {
    spec.kill_count = kill->int_at_least(1);
  }
  if (const auto fraction = fault.optional("kill_fraction")) {
    spec.kill_fraction = fraction->in_unit_interval("a fraction of the instances");
  }
  const bool kill = spec.kill_count > 0 || fault.has("kill_fraction");
  for (const std::string_view key : {"restart_after", "in_flight"}) {
    if (const auto value = fault.optional(key); value && !kill) {
      value->fail_expected(std::string(key) + " only with kill or kill_fraction");
    }
  }
  if (const auto restart = fault.optional("restart_after")) {
    spec.restart_after_s = restart->duration_s();
  }
  if (const auto in_flight = fault.optional("in_flight")) {
    spec.retry_in_flight = in_flight->choice<bool>("what happens to work in flight",
                                                   {{"fail", false}, {"retry", true}});
  }
  if (const auto slow = fault.optional("slow")) {
    spec.kind = FaultKind::slow;
    spec.slow_factor = slow->number();
    if (!(spec.slow_factor > 0.0 && spec.slow_factor <= 1e6)) {
      slow->fail_expected("a factor in (0, 1e6] on service times");
    }
    spec.duration_s = fault.at("for").positive_duration_s();
  } else if (const auto duration = fault.optional("for")) {
    duration->fail_expected(R"("for" only with "slow")");
  }
  if (const auto down = fault.optional("down_for")) {
    spec.kind = FaultKind::down;
    spec.duration_s = down->positive_duration_s();
  }
  return spec;
}

/// "profiles" and the one in use: "profile" names it, otherwise the first one applies.
void read_profile_choice(const JsonReader &root, Scenario &scenario) {
  const auto profiles = root.optional("profiles");
  const auto choice = root.optional("profile");
  if (!profiles) {
    if (choice) {
      choice->fail_expected(R"("profile" only with "profiles")");
    }
    return;
  }
  if (scenario.workload.kind != WorkloadKind::open) {
    profiles->fail_expected("profiles with open arrivals (a closed population's load comes from "
                            "its users and think time)");
  }
  scenario.profiles = read_profiles(*profiles, scenario.workload);
  std::vector<std::string> names;
  for (const ProfileSpec &profile : scenario.profiles) {
    names.push_back(profile.name);
  }
  scenario.active_profile = choice ? choice->one_of("a profile name", names) : 0;
}

/// The claim's kind, from the one statement key it has.
ClaimKind read_claim_kind(const JsonReader &claim) {
  static constexpr std::array<std::pair<std::string_view, ClaimKind>, 8> kKinds{
      {{"slo", ClaimKind::slo},
       {"max_instances", ClaimKind::max_instances},
       {"cost_usd_at_most", ClaimKind::cost},
       {"cost_per_request_usd_at_most", ClaimKind::cost_per_request},
       {"headroom_at_least", ClaimKind::headroom},
       {"utilization_at_most", ClaimKind::utilization},
       {"memory_at_most", ClaimKind::memory},
       {"availability_at_least", ClaimKind::availability}}};
  int given = 0;
  ClaimKind kind = ClaimKind::slo;
  for (const auto &[key, candidate] : kKinds) {
    if (claim.has(key)) {
      kind = candidate;
      ++given;
    }
  }
  if (given != 1) {
    claim.fail("exactly one of slo, max_instances, cost_usd_at_most, "
               "cost_per_request_usd_at_most, headroom_at_least, utilization_at_most, "
               "memory_at_most or availability_at_least, found " +
               std::to_string(given));
  }
  return kind;
}

/// "month" (the month checked) or "through_month" (every month up to it), as the kind takes;
/// an availability claim is about today's configuration and takes neither.
int read_claim_month(const JsonReader &claim, ClaimKind kind, int horizon_months) {
  if (kind == ClaimKind::availability) {
    for (const std::string_view key : {"month", "through_month"}) {
      if (const auto value = claim.optional(key)) {
        value->fail_expected("no month for an availability claim (today's configuration)");
      }
    }
    return 0;
  }
  const bool through = kind == ClaimKind::max_instances || kind == ClaimKind::headroom;
  const std::string_view wanted = through ? "through_month" : "month";
  const std::string_view other = through ? "month" : "through_month";
  if (const auto value = claim.optional(other)) {
    value->fail_expected(std::string(wanted) + " for this claim");
  }
  const auto month = claim.optional(wanted);
  return month ? static_cast<int>(month->integer_in(0, horizon_months - 1))
               : (through ? horizon_months - 1 : 0);
}

/// "availability_at_least" (a fraction below 1) and the optional "class" it is about.
void read_availability_claim(const JsonReader &claim, const Scenario &scenario, ClaimSpec &spec) {
  const JsonReader target = claim.at("availability_at_least");
  spec.limit = target.in_unit_interval("an availability");
  if (spec.limit >= 1.0) {
    target.fail_expected("an availability below 1 (no system is never down)");
  }
  if (!scenario.has_reliability()) {
    target.fail_expected("a scenario with a node \"reliability\" (nothing can fail)");
  }
  const auto request_class = claim.optional("class");
  spec.every_class = !request_class;
  if (request_class) {
    spec.class_index = request_class->one_of("a request class", class_names_of(scenario.workload));
  }
}

/// One of the spec's claims: "text" plus exactly one checkable statement.
ClaimSpec read_claim(const JsonReader &claim, const Scenario &scenario) {
  claim.only_keys({"text", "slo", "max_instances", "cost_usd_at_most",
                   "cost_per_request_usd_at_most", "headroom_at_least", "utilization_at_most",
                   "memory_at_most", "availability_at_least", "class", "node", "month",
                   "through_month"});
  ClaimSpec spec;
  spec.text = claim.at("text").string();
  spec.kind = read_claim_kind(claim);
  spec.month = read_claim_month(claim, spec.kind, scenario.horizon_months());
  if (const auto request_class = claim.optional("class");
      request_class && spec.kind != ClaimKind::cost_per_request &&
      spec.kind != ClaimKind::availability) {
    request_class->fail_expected("no \"class\" for this claim");
  }
  if (const auto node = claim.optional("node");
      node && spec.kind != ClaimKind::utilization && spec.kind != ClaimKind::memory) {
    node->fail_expected("no \"node\" for this claim");
  }
  switch (spec.kind) {
  case ClaimKind::slo: {
    const SloSpec slo = read_slo(claim.at("slo"), scenario.workload);
    spec.class_index = slo.class_index;
    spec.percentile = slo.percentile;
    spec.limit = slo.target_s;
    break;
  }
  case ClaimKind::max_instances:
    spec.node =
        static_cast<int>(claim.at("max_instances").one_of("a node", node_names(scenario.nodes)));
    if (!scenario.nodes[static_cast<std::size_t>(spec.node)].autoscaling) {
      claim.at("max_instances").fail_expected("an autoscaled node");
    }
    spec.limit = scenario.nodes[static_cast<std::size_t>(spec.node)].autoscaling->max_instances;
    break;
  case ClaimKind::cost:
    spec.limit = claim.at("cost_usd_at_most").number();
    break;
  case ClaimKind::cost_per_request:
    spec.limit = claim.at("cost_per_request_usd_at_most").number();
    spec.class_index =
        claim.at("class").one_of("a request class", class_names_of(scenario.workload));
    break;
  case ClaimKind::headroom:
    spec.limit = claim.at("headroom_at_least").number();
    break;
  case ClaimKind::utilization:
    spec.limit = claim.at("utilization_at_most").in_unit_interval("a utilization");
    spec.node = static_cast<int>(claim.at("node").one_of("a node", node_names(scenario.nodes)));
    break;
  case ClaimKind::memory: {
    spec.limit = claim.at("memory_at_most").in_unit_interval("a share of the memory limit");
    const JsonReader node = claim.at("node");
    spec.node = static_cast<int>(node.one_of("a node", node_names(scenario.nodes)));
    const NodeSpec &target = scenario.nodes[static_cast<std::size_t>(spec.node)];
    if (!target.memory_use || !target.memory_use->limit_bytes) {
      node.fail_expected("a node whose memory_use has a limit");
    }
    break;
  }
  case ClaimKind::availability:
    read_availability_claim(claim, scenario, spec);
    break;
  }
  if (!(spec.limit > 0.0 && std::isfinite(spec.limit))) {
    claim.fail("a positive, finite limit");
  }
  return spec;
}

/// The JSON object a node was read from: a database's primary or replica tier, or the node.
std::optional<JsonReader> node_json(const JsonReader &nodes, const Scenario &scenario,
                                    const NodeSpec &node) {
  if (node.kind == NodeKind::connection_pool) {
    return std::nullopt;
  }
  if (node.kind != NodeKind::database) {
    return nodes.at(node.name);
  }
  if (node.database.primary_node >= 0) { // the replica set
    const auto &primary = scenario.nodes[static_cast<std::size_t>(node.database.primary_node)];
    return nodes.at(primary.name).at("replicas");
  }
  return nodes.at(node.name).at("primary");
}

/// Each node's "cost", priced from the scenario's catalogs.
void read_node_costs(const JsonReader &nodes, Scenario &scenario) {
  for (NodeSpec &node : scenario.nodes) {
    const std::optional<JsonReader> json = node_json(nodes, scenario, node);
    const auto cost = json ? json->optional("cost") : std::nullopt;
    if (!cost) {
      continue;
    }
    if (!scenario.pricing) {
      cost->fail("a top-level \"pricing\" naming the price catalogs, found a cost without one");
    }
    node.cost = plan::read_node_cost(*cost, scenario.pricing->catalog, node);
  }
}

/// Each node's "reliability", read once the availability section has named the zones.
void read_node_reliabilities(const JsonReader &nodes, Scenario &scenario) {
  for (NodeSpec &node : scenario.nodes) {
    const std::optional<JsonReader> json = node_json(nodes, scenario, node);
    if (const auto reliability = json ? json->optional("reliability") : std::nullopt) {
      node.reliability = read_reliability(*reliability, node, scenario.availability);
    }
  }
}

Scenario read_scenario(const JsonReader &root, const std::filesystem::path &file) {
  root.only_keys({"name", "description", "seed", "run", "workload", "nodes", "slos", "failures",
                  "profiles", "profile", "growth", "pricing", "claims", "size", "availability"});
  Scenario scenario;
  scenario.source_file = file;
  scenario.name = file.stem().string();
  if (const auto name = root.optional("name")) {
    scenario.name = name->string();
  }
  if (const auto description = root.optional("description")) {
    description->string(); // free text: checked, but Scenario does not keep it
  }
  if (const auto seed = root.optional("seed")) {
    scenario.seed = static_cast<std::uint64_t>(seed->integer_at_least(0));
  }
  if (const auto run = root.optional("run")) {
    scenario.run = read_run(*run);
  }
  scenario.nodes = read_nodes(root.at("nodes"));
  scenario.workload = read_workload(root.at("workload"), scenario.nodes);
  check_node_classes(root.at("nodes"), scenario.nodes, scenario.workload);
  apply_cache_ttls(root.at("nodes"), scenario);
  if (const auto slos = root.optional("slos")) {
    scenario.slos = read_slos(*slos, scenario.workload);
  }
  read_profile_choice(root, scenario);
  if (const auto failures = root.optional("failures")) {
    failures->for_each_element([&](std::size_t, const JsonReader &fault) {
      scenario.failures.push_back(read_fault(fault, scenario.nodes));
    });
  }
  if (const auto growth = root.optional("growth")) {
    scenario.growth = plan::read_growth(*growth);
  }
  if (const auto pricing = root.optional("pricing")) {
    scenario.pricing = plan::read_pricing(*pricing);
  }
  read_node_costs(root.at("nodes"), scenario);
  if (const auto size = root.optional("size")) {
    scenario.size_space = read_size_space(*size);
  }
  if (const auto availability = root.optional("availability")) {
    scenario.availability = read_availability(*availability);
  }
  read_node_reliabilities(root.at("nodes"), scenario);
  // Last: a claim may name anything above (nodes, classes, memory limits, reliabilities).
  if (const auto claims = root.optional("claims")) {
    claims->for_each_element([&](std::size_t, const JsonReader &claim) {
      scenario.claims.push_back(read_claim(claim, scenario));
    });
  }
  return scenario;
}

} // namespace

Scenario load_scenario(const std::filesystem::path &file,
                       const std::vector<ScenarioOverride> &overrides) {
  const std::optional<std::string> text = read_text_file(file);
  if (!text) {
    throw ScenarioError(file.string(), "", why_unreadable(file));
  }
  return parse_scenario(*text, file, overrides);
}

Scenario parse_scenario(std::string_view json_text, const std::filesystem::path &file,
                        const std::vector<ScenarioOverride> &overrides) {
  const LoadContext context{file.string(), file.parent_path()};
  ordered_json document = parse_json_document(json_text, context);
  for (const ScenarioOverride &override_value : overrides) {
    apply_override(document, override_value);
  }
  return read_scenario(JsonReader(document, "", context), file);
}

} // namespace capsim
