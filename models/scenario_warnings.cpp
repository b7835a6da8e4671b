// scenario_warnings() (see scenario_warnings.hpp). The cycle search is a depth-first search
// over "holds a slot of X while calling Y" edges gathered from every class.
#include "models/scenario_warnings.hpp"

#include "models/human_format.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

namespace capsim {
namespace {

using Edges = std::vector<std::set<std::size_t>>;

void add_edges(const Scenario &scenario, const std::vector<CallSpec> &calls, int held,
               Edges &edges) {
  for (const CallSpec &call : calls) {
    const auto node = static_cast<std::size_t>(scenario.node_index(call.node));
    if (held >= 0 && !call.async) {
      edges[static_cast<std::size_t>(held)].insert(node);
    }
    add_edges(scenario, call.calls, static_cast<int>(node), edges);
    add_edges(scenario, call.on_miss, call.async ? -1 : held, edges);
  }
}

/// A cycle through `node` as "a → b → a", or empty.
std::string cycle_from(const Scenario &scenario, const Edges &edges, std::size_t node,
                       std::vector<std::size_t> &path, std::vector<int> &state) {
  state[node] = 1; // on the current path
  path.push_back(node);
  for (const std::size_t next : edges[node]) {
    if (state[next] == 1) {
      std::string text;
      for (auto it = std::find(path.begin(), path.end(), next); it != path.end(); ++it) {
        text += scenario.nodes[*it].name + " → ";
      }
      return text + scenario.nodes[next].name;
    }
    if (state[next] == 0) {
      if (std::string found = cycle_from(scenario, edges, next, path, state); !found.empty()) {
        return found;
      }
    }
  }
  path.pop_back();
  state[node] = 2; // done
  return "";
}

void warn_cycles(const Scenario &scenario, std::vector<std::string> &warnings) {
  Edges edges(scenario.nodes.size());
  for (const RequestClassSpec &request_class : scenario.workload.classes) {
    add_edges(scenario, request_class.calls, -1, edges);
  }
  std::vector<int> state(scenario.nodes.size(), 0);
  for (std::size_t node = 0; node < scenario.nodes.size(); ++node) {
    std::vector<std::size_t> path;
    if (state[node] == 0) {
      if (const std::string cycle = cycle_from(scenario, edges, node, path, state);
          !cycle.empty()) {
        warnings.push_back("requests of different classes hold slots in a cycle (" + cycle +
                           "): with every slot taken they can wait on each other for ever");
        return;
      }
    }
  }
}

void warn_pool_connections(const Scenario &scenario, std::vector<std::string> &warnings) {
  for (std::size_t db = 0; db < scenario.nodes.size(); ++db) {
    const DatabaseSpec &database = scenario.nodes[db].database;
    if (!database.max_connections || database.pool_size == 0) {
      continue;
    }
    std::int64_t pooled = 0;
    for (const NodeSpec &node : scenario.nodes) {
      if (node.kind == NodeKind::connection_pool && node.pool_database == static_cast<int>(db)) {
        pooled += std::int64_t{node.instances} * database.pool_size;
      }
    }
    if (pooled > *database.max_connections) {
      warnings.push_back("the pools of database " + scenario.nodes[db].name + " hold " +
                         std::to_string(pooled) + " connections but max_connections is " +
                         std::to_string(*database.max_connections) +
                         ": overflow connections will always be refused");
    }
  }
}

/// Below this mean, rounding each sample to a whole nanosecond is a visible error (5% at 10 ns).
constexpr double kFinestDemandS = 10e-9;

/// The smallest mean demand (scaled by the node's service_time_scaling) of every node's calls.
void smallest_demands(const Scenario &scenario, const std::vector<CallSpec> &calls,
                      std::map<std::string, double> &smallest) {
  for (const CallSpec &call : calls) {
    const NodeSpec &node = scenario.nodes[static_cast<std::size_t>(scenario.node_index(call.node))];
    const double mean_s = call.demand.mean() * node.service_time_factor;
    const auto [entry, added] = smallest.try_emplace(call.node, mean_s);
    entry->second = added ? mean_s : std::min(entry->second, mean_s);
    smallest_demands(scenario, call.calls, smallest);
    smallest_demands(scenario, call.on_miss, smallest);
  }
}

void warn_nanosecond_demands(const Scenario &scenario, std::vector<std::string> &warnings) {
  std::map<std::string, double> smallest;
  for (const RequestClassSpec &request_class : scenario.workload.classes) {
    smallest_demands(scenario, request_class.calls, smallest);
  }
  for (const NodeSpec &node : scenario.nodes) { // in scenario order
    const auto found = smallest.find(node.name);
    if (found != smallest.end() && found->second > 0.0 && found->second < kFinestDemandS) {
      warnings.push_back(
          "calls to " + node.name + " have a mean demand of " + format_duration_s(found->second) +
          ", under 10 ns: simulated time is whole nanoseconds, so each sampled demand "
          "is rounded to one (a constant under 0.5 ns becomes 0) and the "
          "figures of these calls are approximate");
    }
  }
}

} // namespace

std::vector<std::string> scenario_warnings(const Scenario &scenario) {
  std::vector<std::string> warnings;
  warn_cycles(scenario, warnings);
  warn_pool_connections(scenario, warnings);
  warn_nanosecond_demands(scenario, warnings);
  return warnings;
}

} // namespace capsim
