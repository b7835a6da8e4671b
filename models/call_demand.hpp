#pragma once
// The work one call brings to the node serving it: the call's own demand (or, when the call
// gave none, the serving node's `latency`), scaled by the node's service_time_factor, plus an
// external API's streaming time (output tokens / tokens per second). One definition shared by
// the simulation, which samples it, and the analytic twin, which takes its moments.
#include "models/scenario.hpp"
#include "sim/rng.hpp"
#include "sim/time.hpp"

#include <optional>

namespace capsim {

struct CompiledCall;

/// What a node adds to or changes in the demand of the calls it serves.
struct NodeDemand {
  std::optional<Distribution> latency;
  double service_time_factor = 1.0;
  std::optional<StreamingSpec> streaming;

  static NodeDemand of(const NodeSpec &node) {
    return NodeDemand{node.latency, node.service_time_factor, node.streaming};
  }
};

/// Mean and second moment of a call's demand, in seconds and seconds squared.
struct DemandMoments {
  double mean_s = 0.0;
  double second_moment_s2 = 0.0;
};

SimTimeNs sample_demand_ns(const CompiledCall &call, const NodeDemand &node, Rng &rng);
DemandMoments demand_moments(const CompiledCall &call, const NodeDemand &node);

} // namespace capsim
