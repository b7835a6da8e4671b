#pragma once
// The analytic twin of a scenario: steady-state means per node and per request class, from
// queueing formulas instead of a simulation. Each node is treated as an independent queue whose
// service time is the slot holding time (own demand + nested synchronous residence): Allen–Cunneen
// G/G/c with Poisson arrivals, M/M/c/K where the queue is limited, exact MVA for closed users.
#include "models/scenario.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace capsim::analytic {

struct NodeEstimate {
  std::string name;
  double arrival_rate_per_s;  ///< calls arriving, synchronous and async, before drops
  double offered_utilization; ///< arrival rate × mean holding / slots; >= 1: saturated
  double utilization;         ///< busy slot-time / slot-time, after drops (>= 1: saturated)
  double mean_holding_s;      ///< own demand + residence of the nested synchronous calls
  double mean_wait_s;         ///< queued before a slot; +inf when saturated
  double mean_residence_s;    ///< wait + holding: arrival until the slot is released
  double drop_probability;    ///< turned away by a full queue (M/M/c/K); 0 without queue_limit
  bool saturated;             ///< offered utilization >= 1, or unbounded waits below it
  // realtime nodes (analytic/realtime.hpp)
  double mean_connections = 0.0;    ///< open, all instances
  double connection_blocking = 0.0; ///< share refused, Erlang B
  // nodes with memory_use
  double memory_bytes_per_instance = 0.0; ///< at the expected load
  double memory_share = 0.0; ///< that over the instance's limit (0 without one; > 1: beyond it)
};

struct ClassEstimate {
  std::string name;
  double throughput_per_s;
  double mean_latency_s; ///< Σ of its synchronous calls' residences; +inf through a saturated node
};

struct Bottleneck {
  std::string node;                  ///< highest finite offered utilization (callers made
                                     ///< unbounded by a saturated nested node are victims)
  double utilization;                ///< its offered utilization
  double saturation_load_multiplier; ///< factor on the request rate at which the first node
                                     ///< reaches utilization 1 (1 / utilization for a node
                                     ///< without nested calls; +inf with no load at all)
};

struct NetworkEstimate {
  std::string scenario;
  double request_rate_per_s;          ///< open: the arrival rate; closed: the MVA throughput
  std::vector<NodeEstimate> nodes;    ///< in scenario order
  std::vector<ClassEstimate> classes; ///< in scenario order
  Bottleneck bottleneck;
  std::vector<std::string> saturated_nodes;

  /// The node or class of that name, or nullptr.
  const NodeEstimate *node(std::string_view name) const;
  const ClassEstimate *request_class(std::string_view name) const;
};

/// Estimates the scenario. Saturated nodes are flagged, never thrown; throws std::domain_error
/// only for a closed workload with no demand and no think time (its throughput is unbounded).
NetworkEstimate estimate_network(const Scenario &scenario);

} // namespace capsim::analytic
