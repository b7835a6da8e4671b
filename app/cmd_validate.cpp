// `capsim validate SCENARIO`: load and check a scenario, then describe what it means —
// workload, request classes and their call trees, nodes — without running anything.
#include "app/commands.hpp"
#include "app/common_options.hpp"
#include "models/human_format.hpp"
#include "models/scenario_loader.hpp"
#include "models/scenario_warnings.hpp"

#include <iostream>
#include <memory>
#include <sstream>

namespace capsim::cli {
namespace {

const char *balancer_name(Balancer balancer) {
  switch (balancer) {
  case Balancer::round_robin:
    return "round_robin";
  case Balancer::random:
    return "random";
  case Balancer::least_connections:
    return "least_connections";
  case Balancer::power_of_two:
    return "power_of_two";
  case Balancer::caller_affinity:
    return "the caller's instance";
  }
  return "?";
}

void describe_calls(std::ostream &out, const std::vector<CallSpec> &calls, int indent) {
  for (const CallSpec &call : calls) {
    out << std::string(static_cast<std::size_t>(indent), ' ') << "-> " << call.node << ": "
        << call.demand.describe();
    if (call.probability < 1.0) {
      out << ", with probability " << format_significant(call.probability);
    }
    if (call.op != DatabaseOp::none) {
      out << (call.op == DatabaseOp::read ? ", read" : ", write");
    }
    if (call.async) {
      out << ", async";
    }
    if (call.timeout_s) {
      out << ", timeout " << format_duration_s(*call.timeout_s) << " with " << call.retries
          << " retries";
    }
    out << "\n";
    describe_calls(out, call.calls, indent + 3);
    if (!call.on_miss.empty()) {
      out << std::string(static_cast<std::size_t>(indent + 3), ' ') << "on a miss:\n";
      describe_calls(out, call.on_miss, indent + 6);
    }
  }
}

std::string describe_slots(const NodeSpec &node) {
  std::ostringstream out;
  out << node.instances << " instance(s) x "
      << (node.unlimited() ? std::string("unlimited") : std::to_string(node.concurrency))
      << " slot(s), queue "
      << (node.queue_limit ? "limit " + std::to_string(*node.queue_limit) +
                                 (node.shared_queue ? " in all" : " per instance")
                           : std::string("unbounded"))
      << (node.shared_queue ? ", one shared queue"
                            : ", balancer " + std::string(balancer_name(node.balancer)));
  if (node.latency) {
    out << ", latency " << node.latency->describe();
  }
  if (node.service_time_factor != 1.0) {
    out << ", service times x" << format_significant(node.service_time_factor);
  }
  return out.str();
}

/// What only this type of node has.
std::string describe_specifics(const Scenario &scenario, const NodeSpec &node) {
  std::ostringstream out;
  if (node.kind == NodeKind::cache || node.kind == NodeKind::cdn) {
    out << ", hit ratio " << format_percent(node.cache_hit_ratio);
    for (const auto &[name, ratio] : node.class_hit_ratios) {
      out << " (" << name << ": " << format_percent(ratio) << ")";
    }
  }
  if (node.rate_limit) {
    out << ", rate limit " << format_rate_per_s(node.rate_limit->rate_per_s) << " (burst "
        << format_significant(node.rate_limit->burst) << ")";
  }
  if (node.error_rate > 0.0) {
    out << ", error rate " << format_percent(node.error_rate);
  }
  if (node.failover_node >= 0) {
    out << ", fails over to " << scenario.nodes[static_cast<std::size_t>(node.failover_node)].name;
  }
  if (node.database.max_connections) {
    out << ", max_connections " << *node.database.max_connections;
  }
  if (node.database.pool_size > 0) {
    out << ", pool of " << node.database.pool_size << " (+" << node.database.pool_max_overflow
        << " overflow) per calling instance";
  }
  return out.str();
}

std::string describe_node(const Scenario &scenario, const NodeSpec &node) {
  return node.name + ": " + node_kind_name(node.kind) + ", " + describe_slots(node) +
         describe_specifics(scenario, node);
}

/// Growth and prices: what `capsim plan` works from.
void describe_plan_inputs(std::ostream &out, const Scenario &scenario) {
  if (scenario.growth) {
    const plan::GrowthSpec &growth = *scenario.growth;
    const plan::GrowthCurve median = growth.model.median();
    out << "Growth: x" << format_significant(median.multiplier(growth.horizon_months - 1))
        << " by month " << growth.horizon_months - 1 << " (" << growth.month_label(0) << " to "
        << growth.month_label(growth.horizon_months - 1) << ", median)"
        << (growth.model.is_uncertain() ? ", uncertain: sampled by plan" : "") << "\n";
  }
  if (!scenario.pricing) {
    return;
  }
  out << "Prices: " << scenario.pricing->catalog.prices.size() << " in "
      << scenario.pricing->catalog.currency << " from";
  for (const std::string &name : scenario.pricing->catalog.names) {
    out << " " << name;
  }
  out << "\n";
  for (const NodeSpec &node : scenario.nodes) {
    if (node.cost && node.cost->instance) {
      out << "  " << node.name << ": " << node.cost->instance->key << " at "
          << format_usd(node.cost->instance->usd) << " an hour\n";
    }
  }
}

/// How nodes fail: what `capsim availability` works from.
void describe_availability_inputs(std::ostream &out, const Scenario &scenario) {
  if (!scenario.has_reliability()) {
    return;
  }
  out << "Availability: target " << format_percent(scenario.availability.target) << ", "
      << scenario.availability.zones.size() << " zone(s), " << scenario.availability.regions.size()
      << " region(s)\n";
  for (const NodeSpec &node : scenario.nodes) {
    if (!node.reliability) {
      continue;
    }
    const ReliabilitySpec &reliability = *node.reliability;
    out << "  " << node.name << ": MTBF "
        << format_long_duration_s(reliability.process.time_to_failure.mean()) << ", MTTR "
        << format_long_duration_s(reliability.process.time_to_repair.mean());
    if (reliability.standby) {
      out << ", standby taking over in "
          << format_duration_s(reliability.detection_s + reliability.standby->switchover_s)
          << (reliability.standby->async_replication ? " (async replication)" : "");
    }
    out << "\n";
  }
}

std::string describe(const Scenario &scenario) {
  std::ostringstream out;
  out << "Scenario \"" << scenario.name << "\" (" << scenario.source_file.string()
      << ") is valid.\n";
  out << "Run: " << scenario.run.replications << " replications of "
      << format_duration_s(scenario.run.duration_s) << " with "
      << format_duration_s(scenario.run.warmup_s) << " warm-up, seed " << scenario.seed << "\n";
  const WorkloadSpec &workload = scenario.workload;
  if (workload.kind == WorkloadKind::open) {
    out << "Workload: open Poisson arrivals at " << format_rate_per_s(workload.arrival_rate_per_s)
        << "\n";
  } else {
    out << "Workload: " << format_count(workload.users) << " users, think time "
        << workload.think_time->describe() << "\n";
  }
  for (const RequestClassSpec &request_class : workload.classes) {
    out << "  class " << request_class.name << " (" << format_percent(request_class.share)
        << " of requests)\n";
    describe_calls(out, request_class.calls, 4);
  }
  out << "Nodes:\n";
  for (const NodeSpec &node : scenario.nodes) {
    out << "  " << describe_node(scenario, node) << "\n";
  }
  describe_plan_inputs(out, scenario);
  describe_availability_inputs(out, scenario);
  for (const std::string &warning : scenario_warnings(scenario)) {
    out << "warning: " << warning << "\n";
  }
  return out.str();
}

} // namespace

Action add_validate_command(CLI::App &app) {
  auto path = std::make_shared<std::string>();
  auto overrides = std::make_shared<std::vector<std::string>>();
  CLI::App *command =
      app.add_subcommand("validate", "Load and check a scenario and describe it; run nothing");
  command->footer("Example:\n  capsim validate scenarios/examples/web_shop.json");
  command->add_option("SCENARIO", *path, "Scenario file (JSON)")->required();
  add_override_option(*command, *overrides);
  return [path, overrides] {
    std::cout << describe(load_with_set(*path, *overrides));
    return kExitOk;
  };
}

} // namespace capsim::cli
