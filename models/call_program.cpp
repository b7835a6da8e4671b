// Flattening of call trees: breadth-first per sibling list so siblings stay contiguous.
#include "models/call_program.hpp"

#include <stdexcept>

namespace capsim {
namespace {

class CallProgramBuilder {
public:
  explicit CallProgramBuilder(const Scenario &scenario) : scenario_(scenario) {}

  /// Appends a sibling list and, recursively, the lists nested in it; returns its range.
  CallRange add_list(const std::vector<CallSpec> &specs, int depth, const std::string &class_name) {
    if (depth > program_.max_depth) {
      program_.max_depth = depth;
    }
    // Each spec, followed by its on_miss calls, becomes consecutive siblings.
    std::vector<const CallSpec *> placed;
    const auto begin = static_cast<std::uint32_t>(program_.calls.size());
    for (const CallSpec &spec : specs) {
      const double miss_probability = add_call(spec, false, 1.0, class_name);
      placed.push_back(&spec);
      for (const CallSpec &miss : spec.on_miss) {
        add_call(miss, true, miss_probability, class_name);
        placed.push_back(&miss);
      }
    }
    for (std::size_t i = 0; i < placed.size(); ++i) {
      const CallRange children = add_list(placed[i]->calls, depth + 1, class_name);
      program_.calls[begin + i].first_child = children.begin;
      program_.calls[begin + i].child_end = children.end;
    }
    return CallRange{begin, begin + static_cast<std::uint32_t>(placed.size())};
  }

  CallProgram take() { return std::move(program_); }

  /// Walks the calls of `range` in execution order (each call, then its nested calls, then
  /// its next sibling), with no_write[d] the probability that the request has not yet
  /// written to database primary d, and sets each read-your-writes read's primary share.
  /// `range_probability` is the chance the list runs at all. Async calls start a request of
  /// their own. Writes are taken as independent events (exact when they are certain).
  void mark_primary_reads(CallRange range, std::vector<double> &no_write,
                          double range_probability) {
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
      CompiledCall &call = program_.calls[i];
      if (call.async) {
        std::vector<double> fresh(no_write.size(), 1.0);
        mark_primary_reads(CallRange{call.first_child, call.child_end}, fresh, 1.0);
        continue;
      }
      const DatabaseSpec &database = scenario_.nodes[call.node].database;
      if (call.op == DatabaseOp::read && database.primary_node >= 0) {
        const auto primary = static_cast<std::uint32_t>(database.primary_node);
        if (scenario_.nodes[primary].database.read_your_writes) {
          call.primary = primary;
          call.primary_read_share = 1.0 - no_write[primary];
        }
      }
      const double call_probability = range_probability * call.visit_probability;
      if (call.op == DatabaseOp::write) {
        no_write[call.node] *= 1.0 - call_probability;
      }
      mark_primary_reads(CallRange{call.first_child, call.child_end}, no_write, call_probability);
    }
  }

private:
  /// Appends one call; returns its miss probability (0 unless it is a cache or CDN lookup).
  double add_call(const CallSpec &spec, bool on_miss, double lookup_miss_probability,
                  const std::string &class_name) {
    const std::uint32_t node = node_of(spec);
    const NodeSpec &target = scenario_.nodes[node];
    const bool lookup = target.kind == NodeKind::cache || target.kind == NodeKind::cdn;
    const double miss_probability = lookup ? 1.0 - target.hit_ratio_for(class_name) : 0.0;
    program_.calls.push_back(CompiledCall{
        .node = node,
        .first_child = 0,
        .child_end = 0,
        .probability = spec.probability,
        .async = spec.async,
        .demand = spec.demand,
        .demand_from_node = spec.demand_from_node,
        .op = spec.op,
        .on_miss = on_miss,
        .miss_probability = miss_probability,
        .visit_probability = spec.probability * lookup_miss_probability,
        .timeout_ns = seconds_to_ns(spec.timeout_s.value_or(0.0)),
        .retries = static_cast<std::uint32_t>(spec.retries),
        .retry_backoff_ns = seconds_to_ns(spec.retry_backoff_s),
        .session = spec.session,
        .subscribers = spec.fanout ? std::optional(spec.fanout->subscribers) : std::nullopt,
        .fanout_class = spec.fanout ? static_cast<std::uint32_t>(spec.fanout->class_index) : 0});
    return miss_probability;
  }

  std::uint32_t node_of(const CallSpec &spec) const {
    const int index = scenario_.node_index(spec.node);
    if (index < 0) {
      throw std::invalid_argument("call to unknown node '" + spec.node + "'");
    }
    return static_cast<std::uint32_t>(index);
  }

  const Scenario &scenario_;
  CallProgram program_;
};

} // namespace

CallProgram compile_call_program(const Scenario &scenario) {
  CallProgramBuilder builder(scenario);
  std::vector<CallRange> ranges;
  for (const RequestClassSpec &request_class : scenario.workload.classes) {
    ranges.push_back(builder.add_list(request_class.calls, 1, request_class.name));
  }
  for (const CallRange &range : ranges) {
    std::vector<double> no_write(scenario.nodes.size(), 1.0);
    builder.mark_primary_reads(range, no_write, 1.0);
  }
  CallProgram program = builder.take();
  program.class_calls = std::move(ranges);
  for (const NodeSpec &node : scenario.nodes) {
    program.node_demand.push_back(NodeDemand::of(node));
  }
  return program;
}

} // namespace capsim
