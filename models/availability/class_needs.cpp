// The nodes each class synchronously needs (see class_needs.hpp).
#include "models/availability/class_needs.hpp"

#include <algorithm>

namespace capsim::availability {
namespace {

/// The node and the failover nodes that take its calls in turn.
std::vector<int> failover_chain(const Scenario &scenario, int node) {
  std::vector<int> chain;
  for (int next = node; next >= 0;
       next = scenario.nodes[static_cast<std::size_t>(next)].failover_node) {
    chain.push_back(next);
  }
  return chain;
}

struct Walk {
  const Scenario &scenario;
  const analytic::VisitRatios &visits;
  Eigen::Index class_index;
  ClassNeeds &needs;

  /// The synchronous calls of [begin, end); `inherited_retries` are those of a pool call, which
  /// carries the attempt settings of the database query it wraps.
  void calls(std::uint32_t begin, std::uint32_t end, std::uint32_t inherited_retries) {
    for (std::uint32_t i = begin; i < end; ++i) {
      const CompiledCall &call = visits.program.calls[i];
      const double executions = visits.call_visits(static_cast<Eigen::Index>(i), class_index);
      if (call.async || !(executions > 0.0)) {
        continue;
      }
      const auto node = static_cast<std::size_t>(call.node);
      if (scenario.nodes[node].kind == NodeKind::connection_pool) {
        calls(call.first_child, call.child_end, call.retries);
        continue;
      }
      needs.chains.push_back(failover_chain(scenario, static_cast<int>(node)));
      needs.sync_calls_per_request[node] += executions;
      if (std::max(call.retries, inherited_retries) == 0) {
        needs.unretried_calls_per_request[node] += executions;
      }
      calls(call.first_child, call.child_end, 0);
    }
  }
};

} // namespace

std::vector<ClassNeeds> class_needs(const Scenario &scenario, const analytic::VisitRatios &visits) {
  std::vector<ClassNeeds> all;
  for (std::size_t c = 0; c < scenario.workload.classes.size(); ++c) {
    ClassNeeds needs{{},
                     std::vector<double>(scenario.nodes.size(), 0.0),
                     std::vector<double>(scenario.nodes.size(), 0.0)};
    const CallRange range = visits.program.class_calls[c];
    Walk{scenario, visits, static_cast<Eigen::Index>(c), needs}.calls(range.begin, range.end, 0);
    all.push_back(std::move(needs));
  }
  return all;
}

} // namespace capsim::availability
