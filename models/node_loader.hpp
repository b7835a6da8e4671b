#pragma once
// Reading the "nodes" object of a scenario: one reader per node type (service, cache,
// load_balancer, cdn, database, queue, external), each checking the keys its type takes.
// A database becomes a primary node plus, with replicas, a replica-set node "<name>.replicas".
#include "models/json_reader.hpp"
#include "models/scenario.hpp"

#include <vector>

namespace capsim {

std::vector<NodeSpec> read_nodes(const JsonReader &nodes);

/// Checks what needs the request classes: a cdn's per-class hit ratios and sizes name classes.
void check_node_classes(const JsonReader &nodes, const std::vector<NodeSpec> &specs,
                        const WorkloadSpec &workload);

} // namespace capsim
