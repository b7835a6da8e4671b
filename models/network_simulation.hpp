#pragma once
// One replication of a scenario as a discrete-event simulation. Requests walk their
// class's call tree (models/call_program.hpp): at each `service` node a request picks an
// instance through the node's balancer, waits in that instance's FIFO queue for one of its
// `concurrency` slots, holds the slot for its own demand and then for its nested calls
// (synchronous RPC), and releases it when they finish. Open workloads arrive as a Poisson
// process; closed workloads are `users` that think, submit, wait for the reply, and repeat.
#include "models/call_program.hpp"
#include "models/replication_result.hpp"
#include "models/run_limits.hpp"
#include "models/scenario.hpp"

#include <cstdint>

namespace capsim {

/// Random-stream indices within a replication (see sim/rng.hpp for the derivation).
inline constexpr std::uint64_t kWorkloadStream = 0;  // arrivals, class choice, think times
inline constexpr std::uint64_t kRoutingStream = 1;   // call probabilities
inline constexpr std::uint64_t kFirstNodeStream = 2; // node i draws from stream 2 + i

/// The active profile's bursts ("burst" in ASCII: far from every node's stream).
inline constexpr std::uint64_t kBurstStream = 0x6275727374;

/// Simulates replication `replication` of `scenario` over [0, run.duration_s], measuring
/// after run.warmup_s, within `limits`.
ReplicationResult simulate_replication(const Scenario &scenario, const CallProgram &program,
                                       std::uint64_t replication, const RunLimits &limits = {});

} // namespace capsim
