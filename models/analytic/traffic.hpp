#pragma once
// The traffic a scenario's call trees bring to its nodes, in steady state. Visit ratios solve
// the traffic equations v = γ + Rᵀv over the calls of the compiled call program (async calls
// count: they load their node). A call's slot holding time is its own demand plus the residence
// of its nested synchronous calls, given each node's wait (the caller keeps its slot meanwhile).
#include "models/call_program.hpp"
#include "models/scenario.hpp"

#include <Eigen/Dense>

#include <span>
#include <vector>

namespace capsim::analytic {

/// Mean and second moment of a non-negative random time; +inf when it is unbounded.
struct TimeMoments {
  double mean_s = 0.0;
  double second_moment_s2 = 0.0;

  /// Squared coefficient of variation, E[T²] / E[T]² - 1 (0 for a zero or unbounded mean).
  double scv() const;
};

/// Expected executions per request, by call and by node, for each request class.
struct VisitRatios {
  CallProgram program;         ///< the flattened call trees the call indices refer to
  Eigen::MatrixXd call_visits; ///< [call, class]: expected executions per request of the class
  Eigen::MatrixXd node_visits; ///< [node, class]: Σ of call_visits over the node's calls
  Eigen::VectorXd class_share; ///< [class]: fraction of requests of the class
};

/// Builds and solves the traffic equations of the scenario's call trees. The unknowns are calls,
/// not nodes: a node reached from two places may have different nested calls in each. A
/// publish starts E[subscribers] requests of its fan-out class (as many connections are
/// taken to be open).
VisitRatios visit_ratios(const Scenario &scenario);

/// Requests of class `class_index` per request of the workload: its share, plus the
/// deliveries that publishes start.
double class_request_share(const VisitRatios &visits, std::size_t class_index);

/// Slot holding time of every call: h_i = S_i + Σ_{synchronous children j} p_j (W_{node j} + h_j),
/// the parts independent. `node_wait` holds each node's wait moments (+inf: saturated).
std::vector<TimeMoments> call_holding_times(const CallProgram &program,
                                            std::span<const TimeMoments> node_wait);

/// The wait a call meets: its node's, or for a read-your-writes read the mixture of the
/// replicas' and the primary's waits by the call's primary_read_share.
TimeMoments wait_of(const CompiledCall &call, std::span<const TimeMoments> node_wait);

/// What arrives at one node and how long it keeps a slot.
struct NodeTraffic {
  double arrival_rate_per_s = 0.0;   ///< calls per second, synchronous and async, before drops
  TimeMoments demand;                ///< own demand, mixture over the calls reaching the node
  double offered_load_erlangs = 0.0; ///< own demand only: Σ call rate × E[S]
  TimeMoments holding;               ///< slot holding time, mixture over the calls
  double holding_load_erlangs = 0.0; ///< busy slots: Σ call rate × E[H]
  double utilization = 0.0;          ///< holding load / (instances × concurrency); >= 1: saturated
  double session_rate_per_s = 0.0;   ///< realtime nodes: connections opened per second
  double session_load_erlangs = 0.0; ///< Σ connect rate × E[session]: connections offered
};

/// Per-node traffic at `request_rate_per_s` requests per second (split over the classes by
/// share), with each call holding its slot as in `call_holding` (from call_holding_times()).
std::vector<NodeTraffic> node_traffic(const Scenario &scenario, const VisitRatios &visits,
                                      double request_rate_per_s,
                                      std::span<const TimeMoments> call_holding);

} // namespace capsim::analytic
