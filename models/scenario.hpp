#pragma once
// The scenario as plain structs: what the loader produces from JSON and every layer
// (DES, analytic, planner) consumes. Units are in the names; times are seconds.
#include "sim/distribution.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace capsim {

/// One step of a request's call tree (DESIGN §3). Nested `calls` run after this call's
/// own demand while the caller keeps its slot; `async` calls do not hold the caller.
struct CallSpec {
  std::string node;
  Distribution demand;
  double probability = 1.0;
  bool async = false;
  std::vector<CallSpec> calls;
  /// Calls to a `cache` node only: run after a miss (the lookup's slot already released),
  /// e.g. the database read and the write-back that fills the cache.
  std::vector<CallSpec> on_miss;
  /// The caller gives up on an attempt after this long (none: waits forever). The abandoned
  /// attempt runs on at the callee, as a server that never learns its client left.
  std::optional<double> timeout_s;
  int retries = 0;              // new attempts after a timeout or a rejection
  double retry_backoff_s = 0.0; // wait before retry k: backoff x 2^(k-1)
};

/// A synchronous call of `node` with every optional setting at its default.
inline CallSpec make_call(std::string node, Distribution demand) {
  return CallSpec{.node = std::move(node),
                  .demand = std::move(demand),
                  .probability = 1.0,
                  .async = false,
                  .calls = {},
                  .on_miss = {},
                  .timeout_s = std::nullopt,
                  .retries = 0,
                  .retry_backoff_s = 0.0};
}

struct RequestClassSpec {
  std::string name;
  double share = 1.0;
  std::vector<CallSpec> calls;
};

enum class WorkloadKind { open, closed };

struct WorkloadSpec {
  WorkloadKind kind = WorkloadKind::open;
  double arrival_rate_per_s = 0.0;        // open: Poisson arrival rate
  std::int64_t users = 0;                 // closed: population size
  std::optional<Distribution> think_time; // closed: think time between requests
  std::vector<RequestClassSpec> classes;
};

enum class Balancer { round_robin, random, least_connections, power_of_two };

enum class NodeKind { service, cache };

/// A node: `instances` machines, each with `concurrency` slots and its own FIFO queue
/// holding at most `queue_limit` waiting requests (none: unbounded). A `cache` node serves
/// lookups that hit with probability `cache_hit_ratio`; a miss runs the call's `on_miss`.
struct NodeSpec {
  std::string name;
  int instances = 1;
  int concurrency = 1;
  std::optional<std::int64_t> queue_limit;
  Balancer balancer = Balancer::round_robin;
  NodeKind kind = NodeKind::service;
  double cache_hit_ratio = 1.0; // cache nodes: given, or derived from key popularity
};

struct RunSpec {
  double duration_s = 3600.0;
  double warmup_s = 0.0;
  int replications = 10;
};

struct Scenario {
  std::string name;
  std::uint64_t seed = 1;
  RunSpec run;
  WorkloadSpec workload;
  std::vector<NodeSpec> nodes;
  std::filesystem::path source_file;

  /// Index of the node called `node_name` in `nodes`, or -1.
  int node_index(const std::string &node_name) const {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (nodes[i].name == node_name) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }
};

} // namespace capsim
