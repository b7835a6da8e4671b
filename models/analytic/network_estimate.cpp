// estimate_network() (see network_estimate.hpp). The assumptions, all approximations unless a
// node is a lone M/M/c, M/G/1 or M/M/c/K station:
// - Every node's arrivals are Poisson (scv 1) and nodes are independent. With several instances,
//   `random` makes each instance a G/G/c fed by a Poisson share, `round_robin` gives each instance
//   every k-th arrival (Erlang-k gaps, scv 1/k), and `least_connections` / `power_of_two` are one
//   shared queue over all slots (join-the-shortest-queue comes close to it).
// - Holding times need the waits of nested calls and those waits need the holding times: fixed-
//   point iteration from zero waits (monotone; exact after depth + 1 steps when no two nodes call
//   each other). A node whose utilization reaches 1 has unbounded waits, and so do its callers.
// - queue_limit: M/M/c/K blocking and wait, the wait scaled by Allen–Cunneen's (ca² + cs²) / 2
//   (exact for exponential holding times only). Drops do not thin the traffic of later calls.
// - Closed users: exact MVA over the nodes users call directly, servers = instances × concurrency
//   (one pooled queue, which flatters instances > 1 behind a balancer); nested and async calls
//   meet open queues at the resulting throughput, found by bisection. Queue limits are ignored
//   at the MVA nodes.
// - Second moments of waits take the conditional wait as exponential: E[W²] = 2 E[W]² / P(wait).
#include "models/analytic/network_estimate.hpp"

#include "models/analytic/mva.hpp"
#include "models/analytic/queueing_formulas.hpp"
#include "models/analytic/realtime.hpp"
#include "models/analytic/traffic.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <stdexcept>

namespace capsim::analytic {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr int kMaxFixedPointIterations = 1000;
/// Relative change below which waits, and the width of a bisection bracket, count as settled.
constexpr double kRelativeTolerance = 1e-12;
/// A queue limit whose full-queue probability stays below this changes nothing in a double.
constexpr double kNegligibleBlocking = 1e-16;

// ---- one node ------------------------------------------------------------------------

/// How the arrivals at a node see its slots: groups of `servers` slots with a shared queue.
struct SlotGroup {
  int servers;
  double arrival_fraction; ///< of the node's arrivals reaching one group
  double arrival_scv;
  std::optional<std::int64_t> waiting_room; ///< per group; none: unbounded
};

SlotGroup slot_group(const NodeSpec &node, const NodeTraffic &traffic) {
  const int instances = node.instances;
  const int concurrency = effective_concurrency(node, connection_estimate(node, traffic).mean_open /
                                                          static_cast<double>(instances));
  if (node.shared_queue) { // a job queue: every worker slot serves one FIFO
    return {concurrency * instances, 1.0, 1.0, node.queue_limit};
  }
  if (instances == 1) {
    return {concurrency, 1.0, 1.0, node.queue_limit};
  }
  switch (node.balancer) {
  case Balancer::random:
  case Balancer::caller_affinity: // a connection pool per instance of the caller
    return {concurrency, 1.0 / instances, 1.0, node.queue_limit};
  case Balancer::round_robin:
    return {concurrency, 1.0 / instances, 1.0 / instances, node.queue_limit};
  case Balancer::least_connections:
  case Balancer::power_of_two:
    break;
  }
  std::optional<std::int64_t> room;
  if (node.queue_limit) {
    room = *node.queue_limit * instances;
  }
  return {concurrency * instances, 1.0, 1.0, room};
}

/// What one node's queue does to the calls reaching it.
struct NodeQueue {
  TimeMoments wait;
  double drop_probability = 0.0;
  double utilization = 0.0; ///< busy slot-time / slot-time, after drops
};

TimeMoments wait_moments(double mean_wait_s, double prob_wait) {
  return {mean_wait_s, prob_wait > 0.0 ? 2.0 * mean_wait_s * mean_wait_s / prob_wait : 0.0};
}

/// P(full queue) <= ρ^room in M/M/c/K; below kNegligibleBlocking the limit is left out, which
/// also spares M/M/c/K its O(K) cost on long queues.
bool blocking_negligible(const SlotGroup &group, double arrival_rate_per_s, double holding_s) {
  const double utilization = arrival_rate_per_s * holding_s / group.servers;
  return utilization < 1.0 && static_cast<double>(*group.waiting_room) * std::log(utilization) <=
                                  std::log(kNegligibleBlocking);
}

NodeQueue unbounded_queue(const NodeSpec &node, const NodeTraffic &traffic) {
  return {{kInfinity, kInfinity}, node.queue_limit ? 1.0 : 0.0, traffic.utilization};
}

NodeQueue open_node_queue(const NodeSpec &node, const NodeTraffic &traffic) {
  if (traffic.arrival_rate_per_s == 0.0 || traffic.holding.mean_s == 0.0 || node.unlimited()) {
    return {{}, 0.0, traffic.utilization};
  }
  if (!std::isfinite(traffic.holding.mean_s)) { // slots held by calls that never return
    return unbounded_queue(node, traffic);
  }
  const SlotGroup group = slot_group(node, traffic);
  if (group.servers == 0) { // back-pressure: memory leaves room for no call at all
    return unbounded_queue(node, traffic);
  }
  const double arrival_rate_per_s = traffic.arrival_rate_per_s * group.arrival_fraction;
  const double holding_s = traffic.holding.mean_s;
  const double holding_scv = traffic.holding.scv();
  if (!group.waiting_room || blocking_negligible(group, arrival_rate_per_s, holding_s)) {
    if (!is_stable(arrival_rate_per_s, 1.0 / holding_s, group.servers)) { // grows without bound
      return unbounded_queue(node, traffic);
    }
    const StationResult station = gg_c_allen_cunneen(arrival_rate_per_s, group.arrival_scv,
                                                     holding_s, holding_scv, group.servers);
    return {wait_moments(station.mean_wait_s, station.prob_wait), 0.0, traffic.utilization};
  }
  const auto room = std::min<std::int64_t>(*group.waiting_room, INT_MAX - group.servers);
  const StationResult station = mmck(arrival_rate_per_s, 1.0 / holding_s, group.servers,
                                     group.servers + static_cast<int>(room));
  const double variability = 0.5 * (group.arrival_scv + holding_scv);
  return {wait_moments(station.mean_wait_s * variability, station.prob_wait),
          station.blocking_probability, station.utilization};
}

// ---- the network at one request rate --------------------------------------------------

struct Evaluation {
  double request_rate_per_s = 0.0; ///< open: the arrival rate; closed: MVA's throughput
  std::vector<TimeMoments> call_holding;
  std::vector<NodeTraffic> traffic;
  std::vector<NodeQueue> queues;
};

std::vector<TimeMoments> waits_of(const std::vector<NodeQueue> &queues) {
  std::vector<TimeMoments> waits;
  for (const NodeQueue &queue : queues) {
    waits.push_back(queue.wait);
  }
  return waits;
}

bool settled(double before, double after) {
  if (before == after) {
    return true;
  }
  return std::isfinite(before) && std::isfinite(after) &&
         std::abs(after - before) <= kRelativeTolerance * std::max(before, after);
}

/// Iterates `step` (holding times and traffic from the given waits, then new waits) from zero
/// waits until no node's mean wait changes any more.
template <typename Step> Evaluation fixed_point(std::size_t nodes, const Step &step) {
  std::vector<NodeQueue> queues(nodes);
  Evaluation evaluation;
  for (int iteration = 0; iteration < kMaxFixedPointIterations; ++iteration) {
    evaluation = step(queues);
    bool all_settled = true;
    for (std::size_t n = 0; n < nodes; ++n) {
      all_settled = all_settled && settled(queues[n].wait.mean_s, evaluation.queues[n].wait.mean_s);
    }
    if (all_settled) {
      break;
    }
    queues = evaluation.queues;
  }
  return evaluation;
}

/// Holding times and traffic at `request_rate_per_s` given the waits in `queues`.
Evaluation traffic_at(const Scenario &scenario, const VisitRatios &visits,
                      double request_rate_per_s, const std::vector<NodeQueue> &queues) {
  Evaluation evaluation;
  evaluation.request_rate_per_s = request_rate_per_s;
  evaluation.call_holding = call_holding_times(visits.program, waits_of(queues));
  evaluation.traffic = node_traffic(scenario, visits, request_rate_per_s, evaluation.call_holding);
  for (std::size_t n = 0; n < scenario.nodes.size(); ++n) {
    evaluation.queues.push_back(open_node_queue(scenario.nodes[n], evaluation.traffic[n]));
  }
  return evaluation;
}

Evaluation evaluate_open(const Scenario &scenario, const VisitRatios &visits,
                         double request_rate_per_s) {
  return fixed_point(scenario.nodes.size(), [&](const std::vector<NodeQueue> &queues) {
    return traffic_at(scenario, visits, request_rate_per_s, queues);
  });
}

// ---- closed users ------------------------------------------------------------------------

/// Per request (over the class mix): visits users make to each node directly, and the slot
/// time those calls hold (MVA's station demand).
struct DirectCalls {
  std::vector<double> visits;
  std::vector<double> demand_s;
};

DirectCalls direct_calls(const Scenario &scenario, const VisitRatios &visits,
                         std::span<const TimeMoments> call_holding) {
  DirectCalls direct{std::vector<double>(scenario.nodes.size(), 0.0),
                     std::vector<double>(scenario.nodes.size(), 0.0)};
  for (std::size_t c = 0; c < visits.program.class_calls.size(); ++c) {
    const CallRange range = visits.program.class_calls[c];
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
      const CompiledCall &call = visits.program.calls[i];
      if (!call.async && call.visit_probability > 0.0) {
        const double weight =
            visits.class_share(static_cast<Eigen::Index>(c)) * call.visit_probability;
        direct.visits[call.node] += weight;
        direct.demand_s[call.node] += weight * call_holding[i].mean_s;
      }
    }
  }
  return direct;
}

/// Replaces the queues of the nodes users call directly with exact MVA's; returns the
/// throughput (0 when a direct call never returns).
double apply_mva(const Scenario &scenario, const DirectCalls &direct, Evaluation &evaluation) {
  std::vector<MvaStation> stations;
  std::vector<std::size_t> station_node;
  for (std::size_t n = 0; n < scenario.nodes.size(); ++n) {
    if (direct.demand_s[n] > 0.0) {
      const NodeSpec &node = scenario.nodes[n];
      stations.push_back({direct.demand_s[n],
                          node.unlimited() ? 1 : node.instances * node.concurrency,
                          node.unlimited()});
      station_node.push_back(n);
    }
  }
  const double think_time_s = scenario.workload.think_time->mean();
  const auto users = static_cast<int>(scenario.workload.users);
  if (stations.empty()) {
    if (think_time_s == 0.0) {
      throw std::domain_error("closed workload with no demand and no think time: throughput "
                              "is unbounded");
    }
    return users / think_time_s;
  }
  if (std::any_of(stations.begin(), stations.end(),
                  [](const MvaStation &station) { return !std::isfinite(station.demand_s); })) {
    for (const std::size_t n : station_node) {
      evaluation.queues[n] = unbounded_queue(scenario.nodes[n], evaluation.traffic[n]);
    }
    return 0.0;
  }
  const MvaResult result = mva(users, think_time_s, stations);
  for (std::size_t k = 0; k < stations.size(); ++k) {
    const std::size_t n = station_node[k];
    // Per-cycle sojourn = visits × (wait + holding); P(wait) taken as the utilization.
    const double wait_s =
        std::max(0.0, (result.station_sojourn_s[k] - stations[k].demand_s) / direct.visits[n]);
    evaluation.queues[n] = {wait_moments(wait_s, result.station_utilization[k]), 0.0,
                            evaluation.traffic[n].utilization};
  }
  return result.throughput_per_s;
}

/// The closed network when nested and async calls arrive at `throughput_per_s`; its
/// request_rate_per_s is the throughput MVA then finds.
Evaluation closed_at(const Scenario &scenario, const VisitRatios &visits, double throughput_per_s) {
  return fixed_point(scenario.nodes.size(), [&](const std::vector<NodeQueue> &queues) {
    Evaluation evaluation = traffic_at(scenario, visits, throughput_per_s, queues);
    evaluation.request_rate_per_s =
        apply_mva(scenario, direct_calls(scenario, visits, evaluation.call_holding), evaluation);
    return evaluation;
  });
}

/// MVA's throughput falls as the nested queues' assumed throughput grows: bisect for the
/// throughput that reproduces itself, starting from idle nested queues (the most users get).
Evaluation evaluate_closed(const Scenario &scenario, const VisitRatios &visits) {
  double high = closed_at(scenario, visits, 0.0).request_rate_per_s;
  Evaluation evaluation = closed_at(scenario, visits, high);
  if (evaluation.request_rate_per_s >= high) {
    return evaluation; // no nested queue slows the users down
  }
  double low = 0.0;
  while (high - low > kRelativeTolerance * high) {
    const double middle = 0.5 * (low + high);
    evaluation = closed_at(scenario, visits, middle);
    (evaluation.request_rate_per_s > middle ? low : high) = middle;
  }
  return evaluation;
}

// ---- results ---------------------------------------------------------------------------

NodeEstimate node_estimate(const NodeSpec &node, const NodeTraffic &traffic,
                           const NodeQueue &queue) {
  const double residence_s = queue.wait.mean_s + traffic.holding.mean_s;
  NodeEstimate estimate{node.name,
                        traffic.arrival_rate_per_s,
                        traffic.utilization,
                        queue.utilization,
                        traffic.holding.mean_s,
                        queue.wait.mean_s,
                        residence_s,
                        queue.drop_probability,
                        traffic.utilization >= 1.0 || !std::isfinite(residence_s)};
  const ConnectionEstimate connections = connection_estimate(node, traffic);
  estimate.mean_connections = connections.mean_open;
  estimate.connection_blocking = connections.blocking;
  if (node.memory_use) {
    const double instances = node.instances;
    const double busy_per_instance = node.unlimited() ? 0.0 : queue.utilization * node.concurrency;
    estimate.memory_bytes_per_instance =
        memory_bytes_per_instance(node, std::min(busy_per_instance, double(node.concurrency)),
                                  connections.mean_open / instances);
    if (node.memory_use->limit_bytes) {
      estimate.memory_share = estimate.memory_bytes_per_instance / *node.memory_use->limit_bytes;
    }
  }
  return estimate;
}

/// Σ over the class's direct synchronous calls of p × (wait + holding); the holding already
/// contains the residence of everything nested.
double class_latency_s(const VisitRatios &visits, const Evaluation &evaluation,
                       std::size_t class_index) {
  double latency_s = 0.0;
  const std::vector<TimeMoments> waits = waits_of(evaluation.queues);
  const CallRange range = visits.program.class_calls[class_index];
  for (std::uint32_t i = range.begin; i < range.end; ++i) {
    const CompiledCall &call = visits.program.calls[i];
    if (!call.async && call.visit_probability > 0.0) {
      latency_s += call.visit_probability *
                   (wait_of(call, waits).mean_s + evaluation.call_holding[i].mean_s);
    }
  }
  return latency_s;
}

/// Highest offered utilization; an unbounded one only means a nested call's node saturated.
std::size_t bottleneck_index(const std::vector<NodeEstimate> &nodes) {
  const auto rank = [](const NodeEstimate &node) {
    return std::isfinite(node.offered_utilization) ? node.offered_utilization : -1.0;
  };
  return static_cast<std::size_t>(std::distance(
      nodes.begin(), std::max_element(nodes.begin(), nodes.end(),
                                      [&](const NodeEstimate &a, const NodeEstimate &b) {
                                        return rank(a) < rank(b);
                                      })));
}

double max_offered_utilization(const Evaluation &evaluation) {
  double highest = 0.0;
  for (const NodeTraffic &traffic : evaluation.traffic) {
    highest = std::max(highest, traffic.utilization);
  }
  return highest;
}

/// The factor m at which the open network fed at m × request rate has its first node reach
/// utilization 1, by bisection (utilizations grow with m, faster than linearly where nested
/// waits grow too, so 1 / current utilization brackets it).
double saturation_load_multiplier(const Scenario &scenario, const VisitRatios &visits,
                                  double request_rate_per_s) {
  const auto utilization_at = [&](double multiplier) {
    return max_offered_utilization(
        evaluate_open(scenario, visits, multiplier * request_rate_per_s));
  };
  const double current = utilization_at(1.0);
  if (current == 0.0) {
    return kInfinity;
  }
  double low = current < 1.0 ? 1.0 : 0.0;
  double high = current < 1.0 ? 1.0 / current : 1.0;
  while (high - low > kRelativeTolerance * high) {
    const double middle = 0.5 * (low + high);
    (utilization_at(middle) < 1.0 ? low : high) = middle;
  }
  return 0.5 * (low + high);
}

} // namespace

const NodeEstimate *NetworkEstimate::node(std::string_view name) const {
  const auto found = std::find_if(nodes.begin(), nodes.end(),
                                  [&](const NodeEstimate &node) { return node.name == name; });
  return found == nodes.end() ? nullptr : &*found;
}

const ClassEstimate *NetworkEstimate::request_class(std::string_view name) const {
  const auto found =
      std::find_if(classes.begin(), classes.end(),
                   [&](const ClassEstimate &request_class) { return request_class.name == name; });
  return found == classes.end() ? nullptr : &*found;
}

NetworkEstimate estimate_network(const Scenario &scenario) {
  const VisitRatios visits = visit_ratios(scenario);
  const Evaluation evaluation =
      scenario.workload.kind == WorkloadKind::open
          ? evaluate_open(scenario, visits, scenario.workload.arrival_rate_per_s)
          : evaluate_closed(scenario, visits);
  NetworkEstimate estimate{scenario.name, evaluation.request_rate_per_s, {}, {}, {}, {}};
  for (std::size_t n = 0; n < scenario.nodes.size(); ++n) {
    estimate.nodes.push_back(
        node_estimate(scenario.nodes[n], evaluation.traffic[n], evaluation.queues[n]));
    if (estimate.nodes.back().saturated) {
      estimate.saturated_nodes.push_back(scenario.nodes[n].name);
    }
  }
  for (std::size_t c = 0; c < scenario.workload.classes.size(); ++c) {
    estimate.classes.push_back({scenario.workload.classes[c].name,
                                evaluation.request_rate_per_s * class_request_share(visits, c),
                                class_latency_s(visits, evaluation, c)});
  }
  const NodeEstimate &bottleneck = estimate.nodes[bottleneck_index(estimate.nodes)];
  estimate.bottleneck = {
      bottleneck.name, bottleneck.offered_utilization,
      saturation_load_multiplier(scenario, visits, evaluation.request_rate_per_s)};
  return estimate;
}

} // namespace capsim::analytic
