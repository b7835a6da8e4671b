#pragma once
// Long-lived connections and instance memory in the analytic twin. A realtime node's
// connections are an M/G/c/c loss system — c = instances × max_connections, pooled because a
// connection is refused only when no instance has room — or M/G/∞ without a cap: the mean
// number open is the offered load λ·E[session] × (1 − Erlang B), whatever the session
// distribution (insensitivity). An instance's memory at the expected load is its base plus its
// mean busy slots and connections at their sizes; under back-pressure, the calls its memory
// can hold cap its slots.
#include "models/analytic/traffic.hpp"
#include "models/scenario.hpp"

namespace capsim::analytic {

struct ConnectionEstimate {
  double offered_erlangs = 0.0; ///< connect rate × mean session
  double blocking = 0.0;        ///< share of connections refused (Erlang B)
  double mean_open = 0.0;       ///< time-average connections open, all instances
};

ConnectionEstimate connection_estimate(const NodeSpec &node, const NodeTraffic &traffic);

/// Slots per instance that can run at once: the concurrency, or fewer when the node applies
/// back-pressure at its memory limit and the base and mean connections leave room for less.
int effective_concurrency(const NodeSpec &node, double connections_per_instance);

/// An instance's memory with these mean busy slots and connections (memory_use nodes).
double memory_bytes_per_instance(const NodeSpec &node, double busy_slots_per_instance,
                                 double connections_per_instance);

} // namespace capsim::analytic
