// Flattening of call trees: breadth-first per sibling list so siblings stay contiguous.
#include "models/call_program.hpp"

#include <stdexcept>

namespace capsim {
namespace {

class CallProgramBuilder {
public:
  explicit CallProgramBuilder(const Scenario &scenario) : scenario_(scenario) {}

  /// Appends a sibling list and, recursively, the lists nested in it; returns its range.
  CallRange add_list(const std::vector<CallSpec> &specs, int depth) {
    if (depth > program_.max_depth) {
      program_.max_depth = depth;
    }
    const auto begin = static_cast<std::uint32_t>(program_.calls.size());
    for (const CallSpec &spec : specs) {
      program_.calls.push_back(CompiledCall{
          node_of(spec), 0, 0, spec.probability, spec.async, spec.demand,
          seconds_to_ns(spec.timeout_s.value_or(0.0)), static_cast<std::uint32_t>(spec.retries),
          seconds_to_ns(spec.retry_backoff_s)});
    }
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const CallRange children = add_list(specs[i].calls, depth + 1);
      program_.calls[begin + i].first_child = children.begin;
      program_.calls[begin + i].child_end = children.end;
    }
    return CallRange{begin, begin + static_cast<std::uint32_t>(specs.size())};
  }

  CallProgram take() { return std::move(program_); }

private:
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
    ranges.push_back(builder.add_list(request_class.calls, 1));
  }
  CallProgram program = builder.take();
  program.class_calls = std::move(ranges);
  return program;
}

} // namespace capsim
