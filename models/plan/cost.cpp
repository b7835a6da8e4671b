// Pricing a month's usage (see cost.hpp).
#include "models/plan/cost.hpp"

#include <algorithm>
#include <map>

namespace capsim::plan {
namespace {

LineItem item(const std::string &component, const std::string &charge, const Price &price,
              double quantity, const std::string &unit) {
  return {component, charge, price.key, quantity, unit, price.usd_for(quantity)};
}

void add_node_items(const NodeSpec &node, const NodeUsage &usage, const PerCallUsage &per_call,
                    double hours_per_month, std::vector<LineItem> &items) {
  const NodeCost &cost = *node.cost;
  if (cost.instance) {
    if (cost.reserved.instances > 0) {
      LineItem reserved = item(node.name, "reserved instances", *cost.instance,
                               cost.reserved.instances * hours_per_month, "instance-hours");
      reserved.usd *= 1.0 - cost.reserved.discount;
      items.push_back(reserved);
    }
    items.push_back(item(node.name, "instances", *cost.instance,
                         usage.instance_hours_above_reserved, "instance-hours"));
  }
  if (cost.capacity) {
    items.push_back(item(node.name, "serverless capacity", *cost.capacity,
                         usage.capacity_unit_hours, "unit-hours"));
  }
  if (cost.per_call) {
    items.push_back(item(node.name, "requests", *cost.per_call, usage.calls, "requests"));
  }
  if (cost.per_gb) {
    items.push_back(item(node.name, "transfer", *cost.per_gb, usage.calls * per_call.gb, "GB"));
  }
  if (cost.per_gb_second) {
    items.push_back(
        item(node.name, "compute", *cost.per_gb_second, usage.busy_s * node.memory_gb, "GB-s"));
  }
  if (cost.input_tokens) {
    items.push_back(item(node.name, "input tokens", *cost.input_tokens,
                         usage.calls * per_call.input_tokens, "tokens"));
  }
  if (cost.output_tokens) {
    items.push_back(item(node.name, "output tokens", *cost.output_tokens,
                         usage.calls * per_call.output_tokens, "tokens"));
  }
}

/// Takes each price's free monthly quantity off its total, sharing the rest in proportion.
void apply_free_tiers(const PricingSpec &pricing, std::vector<LineItem> &items) {
  std::map<std::string, double> used;
  for (const LineItem &line : items) {
    used[line.price_key] += line.quantity;
  }
  for (LineItem &line : items) {
    const auto price = pricing.catalog.prices.find(line.price_key);
    if (price == pricing.catalog.prices.end() || price->second.free_per_month <= 0.0) {
      continue;
    }
    const double total = used[line.price_key];
    line.usd *= std::max(total - price->second.free_per_month, 0.0) / total;
  }
}

} // namespace

std::vector<PerCallUsage>
per_call_usage(const Scenario &scenario,
               const std::vector<std::vector<double>> &class_share_at_node) {
  std::vector<PerCallUsage> per_call(scenario.nodes.size());
  for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
    const NodeSpec &node = scenario.nodes[i];
    if (!node.cost) {
      continue;
    }
    per_call[i].gb = node.cost->gb_per_call;
    if (node.kind == NodeKind::cdn) {
      double bytes = 0.0;
      for (std::size_t c = 0; c < scenario.workload.classes.size(); ++c) {
        bytes += class_share_at_node[i][c] * node.bytes_for(scenario.workload.classes[c].name);
      }
      per_call[i].gb = bytes / 1e9;
    }
    per_call[i].input_tokens = node.cost->input_tokens_per_call;
    if (node.streaming) {
      per_call[i].output_tokens = node.streaming->output_tokens.mean();
    }
  }
  return per_call;
}

std::vector<LineItem> price_month(const Scenario &scenario, const std::vector<NodeUsage> &usage,
                                  const std::vector<PerCallUsage> &per_call) {
  std::vector<LineItem> items;
  if (!scenario.pricing) {
    return items;
  }
  const double hours_per_month = scenario.pricing->catalog.hours_per_month;
  for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
    if (scenario.nodes[i].cost) {
      add_node_items(scenario.nodes[i], usage[i], per_call[i], hours_per_month, items);
    }
  }
  for (const MonthlyItem &monthly : scenario.pricing->monthly) {
    items.push_back(item(monthly.name, "monthly", monthly.price, monthly.quantity,
                         price_unit_names()[static_cast<std::size_t>(monthly.price.per)]));
  }
  apply_free_tiers(*scenario.pricing, items);
  return items;
}

double component_cost_usd(const std::vector<LineItem> &items, const std::string &component) {
  double usd = 0.0;
  for (const LineItem &item : items) {
    usd += item.component == component ? item.usd : 0.0;
  }
  return usd;
}

} // namespace capsim::plan
