#pragma once
// A month's bill from a month's usage: each node's usage (instance-hours, calls, busy time)
// priced by its NodeCost, reservations paid whether used or not, free tiers taken off each
// price's total before it is split back over the nodes using it, and the flat monthly items.
#include "models/plan/pricing.hpp"
#include "models/scenario.hpp"

#include <string>
#include <vector>

namespace capsim::plan {

/// What one node used in a month.
struct NodeUsage {
  double instance_hours = 0.0;
  double instance_hours_above_reserved = 0.0; ///< Σ max(instances - reserved, 0) × hours
  double calls = 0.0;
  double busy_s = 0.0; ///< Σ calls × mean slot holding time (serverless billed duration)
  double capacity_unit_hours = 0.0; ///< serverless capacity (NodeCost::capacity) run
};

struct LineItem {
  std::string component; ///< node name, or the monthly item's name
  std::string charge;    ///< "instances", "reserved instances", "requests", "transfer", ...
  std::string price_key;
  double quantity = 0.0; ///< in `unit`
  std::string unit;      ///< "instance-hours", "requests", "GB", "GB-s", "tokens", "months"
  double usd = 0.0;      ///< after free tiers
};

/// The USD of the line items billed to `component`.
double component_cost_usd(const std::vector<LineItem> &items, const std::string &component);

/// Per call at each node: GB moved, input and output tokens (from the node's cost and the
/// class mix reaching it).
struct PerCallUsage {
  double gb = 0.0;
  double input_tokens = 0.0;
  double output_tokens = 0.0;
};

/// The per-call constants of every node; `class_share_at_node[i][c]` is the share of node i's
/// calls made by class c.
std::vector<PerCallUsage>
per_call_usage(const Scenario &scenario,
               const std::vector<std::vector<double>> &class_share_at_node);

/// The month's line items: the nodes' in scenario order, then the monthly items.
std::vector<LineItem> price_month(const Scenario &scenario, const std::vector<NodeUsage> &usage,
                                  const std::vector<PerCallUsage> &per_call);

} // namespace capsim::plan
