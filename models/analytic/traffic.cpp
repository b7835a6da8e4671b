// Visit ratios, holding times and per-node traffic (see traffic.hpp). The traffic equations are
// solved with a dense LU: a call tree makes I - Rᵀ unit lower triangular, and routing with
// feedback would only add entries to R. Sums of independent times add their moments:
// E[(A + B)²] = E[A²] + 2 E[A] E[B] + E[B²].
#include "models/analytic/traffic.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace capsim::analytic {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

Eigen::Index eigen_index(std::size_t index) {
  return static_cast<Eigen::Index>(index);
}

TimeMoments moments_of(const CompiledCall &call, const NodeDemand &node) {
  const DemandMoments moments = demand_moments(call, node);
  return {moments.mean_s, moments.second_moment_s2};
}

bool unbounded(const TimeMoments &time) {
  return !std::isfinite(time.mean_s);
}

/// A + B for independent A and B.
TimeMoments independent_sum(const TimeMoments &a, const TimeMoments &b) {
  if (unbounded(a) || unbounded(b)) {
    return {kInfinity, kInfinity};
  }
  return {a.mean_s + b.mean_s, a.second_moment_s2 + 2.0 * a.mean_s * b.mean_s + b.second_moment_s2};
}

/// The time X incurred only with probability p (independently of X).
TimeMoments with_probability(double probability, const TimeMoments &time) {
  if (probability == 0.0) {
    return {};
  }
  return {probability * time.mean_s, probability * time.second_moment_s2};
}

/// Fills holding times of the calls in [begin, end) and, first, of everything nested in them.
void fill_holding_times(const CallProgram &program, std::span<const TimeMoments> node_wait,
                        std::uint32_t begin, std::uint32_t end, std::vector<TimeMoments> &holding) {
  for (std::uint32_t i = begin; i < end; ++i) {
    const CompiledCall &call = program.calls[i];
    fill_holding_times(program, node_wait, call.first_child, call.child_end, holding);
    TimeMoments held = moments_of(call, program.node_demand[call.node]);
    for (std::uint32_t j = call.first_child; j < call.child_end; ++j) {
      const CompiledCall &child = program.calls[j];
      if (!child.async) {
        const TimeMoments child_residence = independent_sum(wait_of(child, node_wait), holding[j]);
        held = independent_sum(held, with_probability(child.visit_probability, child_residence));
      }
    }
    holding[i] = held;
  }
}

/// Rate-weighted sums over the calls reaching one node, turned into a mixture at the end.
struct NodeSums {
  double rate_per_s = 0.0;
  TimeMoments demand;  // Σ rate × moment
  TimeMoments holding; // Σ rate × moment

  void add(double call_rate_per_s, const TimeMoments &call_demand,
           const TimeMoments &call_holding) {
    rate_per_s += call_rate_per_s;
    demand.mean_s += call_rate_per_s * call_demand.mean_s;
    demand.second_moment_s2 += call_rate_per_s * call_demand.second_moment_s2;
    holding.mean_s += call_rate_per_s * call_holding.mean_s;
    holding.second_moment_s2 += call_rate_per_s * call_holding.second_moment_s2;
  }

  TimeMoments mixture(const TimeMoments &sums) const {
    if (rate_per_s == 0.0) {
      return {};
    }
    return {sums.mean_s / rate_per_s, sums.second_moment_s2 / rate_per_s};
  }
};

} // namespace

/// The wait a call meets: its node's, or for a read-your-writes read the mixture of the
/// replicas' and the primary's (the simulation sends it to the primary after a write).
TimeMoments wait_of(const CompiledCall &call, std::span<const TimeMoments> node_wait) {
  const double share = call.primary_read_share;
  if (share == 0.0) {
    return node_wait[call.node];
  }
  const TimeMoments &replica = node_wait[call.node];
  const TimeMoments &primary = node_wait[call.primary];
  if (unbounded(replica) || unbounded(primary)) {
    return {kInfinity, kInfinity};
  }
  return {(1.0 - share) * replica.mean_s + share * primary.mean_s,
          (1.0 - share) * replica.second_moment_s2 + share * primary.second_moment_s2};
}

double TimeMoments::scv() const {
  if (mean_s == 0.0 || !std::isfinite(mean_s)) {
    return 0.0;
  }
  return std::max(0.0, second_moment_s2 / (mean_s * mean_s) - 1.0);
}

VisitRatios visit_ratios(const Scenario &scenario) {
  VisitRatios result{compile_call_program(scenario), {}, {}, {}};
  const CallProgram &program = result.program;
  const Eigen::Index calls = eigen_index(program.calls.size());
  const Eigen::Index classes = eigen_index(program.class_calls.size());
  // routing(i, j): probability that call i, once executed, makes its nested call j.
  Eigen::MatrixXd routing = Eigen::MatrixXd::Zero(calls, calls);
  for (std::size_t i = 0; i < program.calls.size(); ++i) {
    const CompiledCall &call = program.calls[i];
    for (std::uint32_t j = call.first_child; j < call.child_end; ++j) {
      routing(eigen_index(i), eigen_index(j)) = program.calls[j].visit_probability;
    }
    if (call.subscribers) { // each delivery starts its class's top-level calls
      const CallRange delivery = program.class_calls[call.fanout_class];
      for (std::uint32_t j = delivery.begin; j < delivery.end; ++j) {
        routing(eigen_index(i), eigen_index(j)) +=
            call.subscribers->mean() * program.calls[j].visit_probability;
      }
    }
  }
  // entry(j, c): probability that a request of class c makes its top-level call j.
  Eigen::MatrixXd entry = Eigen::MatrixXd::Zero(calls, classes);
  for (std::size_t c = 0; c < program.class_calls.size(); ++c) {
    for (std::uint32_t j = program.class_calls[c].begin; j < program.class_calls[c].end; ++j) {
      entry(eigen_index(j), eigen_index(c)) = program.calls[j].visit_probability;
    }
  }
  const Eigen::MatrixXd system = Eigen::MatrixXd::Identity(calls, calls) - routing.transpose();
  result.call_visits = Eigen::PartialPivLU<Eigen::MatrixXd>(system).solve(entry);
  Eigen::MatrixXd incidence = Eigen::MatrixXd::Zero(eigen_index(scenario.nodes.size()), calls);
  for (std::size_t i = 0; i < program.calls.size(); ++i) {
    incidence(eigen_index(program.calls[i].node), eigen_index(i)) = 1.0;
  }
  result.node_visits = incidence * result.call_visits;
  result.class_share.resize(classes);
  for (std::size_t c = 0; c < scenario.workload.classes.size(); ++c) {
    result.class_share(eigen_index(c)) = scenario.workload.classes[c].share;
  }
  return result;
}

double class_request_share(const VisitRatios &visits, std::size_t class_index) {
  const std::uint32_t first = visits.program.class_calls[class_index].begin;
  const double first_probability = visits.program.calls[first].visit_probability;
  if (first_probability == 0.0) {
    return visits.class_share(eigen_index(class_index));
  }
  return visits.call_visits.row(eigen_index(first)).dot(visits.class_share) / first_probability;
}

std::vector<TimeMoments> call_holding_times(const CallProgram &program,
                                            std::span<const TimeMoments> node_wait) {
  std::vector<TimeMoments> holding(program.calls.size());
  for (const CallRange &range : program.class_calls) {
    fill_holding_times(program, node_wait, range.begin, range.end, holding);
  }
  return holding;
}

std::vector<NodeTraffic> node_traffic(const Scenario &scenario, const VisitRatios &visits,
                                      double request_rate_per_s,
                                      std::span<const TimeMoments> call_holding) {
  const Eigen::VectorXd call_rate_per_s =
      visits.call_visits * (visits.class_share * request_rate_per_s);
  std::vector<NodeSums> sums(scenario.nodes.size());
  std::vector<std::pair<double, double>> traffic_sessions(scenario.nodes.size()); // rate, load
  for (std::size_t i = 0; i < visits.program.calls.size(); ++i) {
    const double rate_per_s = call_rate_per_s(eigen_index(i));
    if (rate_per_s > 0.0) { // a call never made adds nothing, even if its holding is unbounded
      const CompiledCall &call = visits.program.calls[i];
      if (call.session) {
        traffic_sessions[call.node].first += rate_per_s;
        traffic_sessions[call.node].second += rate_per_s * call.session->mean();
      }
      const double share = call.primary_read_share;
      sums[call.node].add(rate_per_s * (1.0 - share),
                          moments_of(call, visits.program.node_demand[call.node]), call_holding[i]);
      if (share > 0.0) {
        sums[call.primary].add(rate_per_s * share,
                               moments_of(call, visits.program.node_demand[call.primary]),
                               call_holding[i]);
      }
    }
  }
  std::vector<NodeTraffic> traffic(scenario.nodes.size());
  for (std::size_t n = 0; n < scenario.nodes.size(); ++n) {
    const double slots =
        static_cast<double>(scenario.nodes[n].instances) * scenario.nodes[n].concurrency;
    traffic[n].arrival_rate_per_s = sums[n].rate_per_s;
    traffic[n].demand = sums[n].mixture(sums[n].demand);
    traffic[n].offered_load_erlangs = sums[n].demand.mean_s;
    traffic[n].holding = sums[n].mixture(sums[n].holding);
    traffic[n].holding_load_erlangs = sums[n].holding.mean_s;
    traffic[n].utilization = traffic[n].holding_load_erlangs / slots;
    traffic[n].session_rate_per_s = traffic_sessions[n].first;
    traffic[n].session_load_erlangs = traffic_sessions[n].second;
  }
  return traffic;
}

} // namespace capsim::analytic
