// Sampling and moments of a call's demand (see call_demand.hpp). The two streaming parts are
// independent: E[(aX + T/r)²] = a²E[X²] + 2a E[X] E[T] / r + E[T²] / r².
#include "models/call_demand.hpp"

#include "models/call_program.hpp"

namespace capsim {
namespace {

const Distribution &base_demand(const CompiledCall &call, const NodeDemand &node) {
  return call.demand_from_node && node.latency ? *node.latency : call.demand;
}

} // namespace

SimTimeNs sample_demand_ns(const CompiledCall &call, const NodeDemand &node, Rng &rng) {
  double demand_s = base_demand(call, node).sample(rng) * node.service_time_factor;
  if (node.streaming) {
    demand_s += node.streaming->output_tokens.sample(rng) / node.streaming->tokens_per_s;
  }
  return seconds_to_ns(demand_s);
}

DemandMoments demand_moments(const CompiledCall &call, const NodeDemand &node) {
  const Distribution &base = base_demand(call, node);
  const double factor = node.service_time_factor;
  const double mean_s = base.mean() * factor;
  DemandMoments moments{mean_s, (base.variance() + base.mean() * base.mean()) * factor * factor};
  if (node.streaming) {
    const Distribution &tokens = node.streaming->output_tokens;
    const double rate = node.streaming->tokens_per_s;
    const double stream_mean_s = tokens.mean() / rate;
    const double stream_second_s2 =
        (tokens.variance() + tokens.mean() * tokens.mean()) / (rate * rate);
    moments.second_moment_s2 += 2.0 * mean_s * stream_mean_s + stream_second_s2;
    moments.mean_s += stream_mean_s;
  }
  return moments;
}

} // namespace capsim
