#pragma once
// A scenario's call trees flattened into one array, so the simulation walks a request
// through indices instead of pointers. Each list of sibling calls occupies a contiguous
// range [begin, end); a call's nested calls are the range [first_child, child_end). A cache
// lookup's `on_miss` calls follow it in its own sibling list, flagged `on_miss`.
#include "models/call_demand.hpp"
#include "models/scenario.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace capsim {

struct CompiledCall {
  std::uint32_t node = 0;
  std::uint32_t first_child = 0;
  std::uint32_t child_end = 0;
  double probability = 1.0;
  bool async = false;
  Distribution demand;
  bool demand_from_node = false; // a failover node then uses its own latency
  DatabaseOp op = DatabaseOp::none;
  /// Runs only if the cache lookup just before it in the same sibling list missed.
  bool on_miss = false;
  /// For a lookup at a cache or CDN node: the probability it misses (0 for other nodes).
  double miss_probability = 0.0;
  /// Expected executions per execution of the parent list: probability, times the lookup's
  /// miss probability for an on_miss call. What the analytic layer routes with.
  double visit_probability = 1.0;
  /// A read at a replica set whose database has read_your_writes: the probability that the
  /// request wrote to that database earlier, so that the simulation sends the read to the
  /// primary (`primary`) instead. What the analytic layer splits the read's traffic with.
  double primary_read_share = 0.0;
  std::uint32_t primary = 0;
  SimTimeNs timeout_ns = 0; // 0: no timeout
  std::uint32_t retries = 0;
  SimTimeNs retry_backoff_ns = 0;
  /// A call to a realtime node that opens a connection for this long.
  std::optional<Distribution> session;
  /// A publish at a realtime node: deliveries of class fanout_class to `subscribers` of its
  /// open connections.
  std::optional<Distribution> subscribers;
  std::uint32_t fanout_class = 0;
};

struct CallRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct CallProgram {
  std::vector<CompiledCall> calls;
  std::vector<CallRange> class_calls;  // top-level range of each request class
  int max_depth = 0;                   // deepest nesting of synchronous calls (>= 1)
  std::vector<NodeDemand> node_demand; // per node, as in the scenario
};

/// Flattens every class's calls; node names are resolved against scenario.nodes.
CallProgram compile_call_program(const Scenario &scenario);

} // namespace capsim
