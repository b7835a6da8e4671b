// Connections and memory in the analytic twin (see realtime.hpp).
#include "models/analytic/realtime.hpp"

#include "models/analytic/queueing_formulas.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace capsim::analytic {

ConnectionEstimate connection_estimate(const NodeSpec &node, const NodeTraffic &traffic) {
  ConnectionEstimate estimate;
  estimate.offered_erlangs = traffic.session_load_erlangs;
  if (node.max_connections_per_instance && estimate.offered_erlangs > 0.0) {
    const std::int64_t capacity = *node.max_connections_per_instance * node.instances;
    estimate.blocking = erlang_b(
        static_cast<int>(std::min<std::int64_t>(capacity, std::numeric_limits<int>::max())),
        estimate.offered_erlangs);
  }
  estimate.mean_open = estimate.offered_erlangs * (1.0 - estimate.blocking);
  return estimate;
}

int effective_concurrency(const NodeSpec &node, double connections_per_instance) {
  const std::optional<MemoryUseSpec> &use = node.memory_use;
  if (!use || !use->limit_bytes || use->oom_kill || use->per_request_bytes <= 0.0) {
    return node.concurrency;
  }
  const double room_bytes =
      *use->limit_bytes - use->base_bytes - use->per_connection_bytes * connections_per_instance;
  const double calls = std::floor(room_bytes / use->per_request_bytes + 1e-9);
  return static_cast<int>(std::clamp(calls, 0.0, static_cast<double>(node.concurrency)));
}

double memory_bytes_per_instance(const NodeSpec &node, double busy_slots_per_instance,
                                 double connections_per_instance) {
  const MemoryUseSpec &use = *node.memory_use;
  return use.base_bytes + use.per_request_bytes * busy_slots_per_instance +
         use.per_connection_bytes * connections_per_instance;
}

} // namespace capsim::analytic
