// `capsim analyze SCENARIO`: the analytic twin's instant estimate (models/analytic/
// network_estimate.hpp) — per node utilization, wait and residence, per class mean latency,
// the bottleneck and how far the load can grow — as a table, JSON or CSV. Nothing is simulated.
#include "app/commands.hpp"
#include "app/common_options.hpp"
#include "models/analytic/network_estimate.hpp"
#include "models/human_format.hpp"
#include "models/scenario_loader.hpp"
#include "reports/text_table.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <memory>
#include <stdexcept>

namespace capsim::cli {
namespace {

using analytic::NetworkEstimate;

struct AnalyzeOptions {
  std::string scenario_path;
  OutputFormat format = OutputFormat::table;
  bool quiet = false;
  std::vector<std::string> overrides;
};

/// A time, or "unbounded" where a saturated node makes it infinite.
std::string duration_or_unbounded(double seconds) {
  return std::isfinite(seconds) ? format_duration_s(seconds) : "unbounded";
}

std::string percent_or_unbounded(double fraction) {
  return std::isfinite(fraction) ? format_percent(fraction) : "unbounded";
}

TextTable node_table(const NetworkEstimate &estimate) {
  TextTable table;
  table.column("node", TextTable::Align::left)
      .column("arrivals")
      .column("utilization")
      .column("mean wait")
      .column("residence (mean)")
      .column("P(drop)")
      .column("saturated", TextTable::Align::left);
  for (const analytic::NodeEstimate &node : estimate.nodes) {
    table.row({node.name, format_rate_per_s(node.arrival_rate_per_s),
               percent_or_unbounded(node.utilization), duration_or_unbounded(node.mean_wait_s),
               duration_or_unbounded(node.mean_residence_s), format_percent(node.drop_probability),
               node.saturated ? "SATURATED" : "no"});
  }
  return table;
}

TextTable class_table(const NetworkEstimate &estimate) {
  TextTable table;
  table.column("class", TextTable::Align::left).column("throughput").column("mean latency");
  for (const analytic::ClassEstimate &request_class : estimate.classes) {
    table.row({request_class.name, format_rate_per_s(request_class.throughput_per_s),
               duration_or_unbounded(request_class.mean_latency_s)});
  }
  return table;
}

/// "bottleneck: db at 78.0% utilization; saturates at 1.28× the current load".
std::string bottleneck_line(const analytic::Bottleneck &bottleneck) {
  const std::string head = "bottleneck: " + bottleneck.node + " at " +
                           format_percent(bottleneck.utilization) + " utilization; ";
  const double multiplier = bottleneck.saturation_load_multiplier;
  if (!std::isfinite(multiplier)) {
    return head + "no node carries any load\n";
  }
  if (multiplier < 1.0) {
    return head + "saturated: the load must fall below " + format_significant(multiplier) +
           "× the current load\n";
  }
  return head + "saturates at " + format_significant(multiplier) + "× the current load\n";
}

std::string workload_line(const Scenario &scenario, const NetworkEstimate &estimate) {
  if (scenario.workload.kind == WorkloadKind::open) {
    return "open Poisson arrivals at " + format_rate_per_s(estimate.request_rate_per_s);
  }
  return format_count(scenario.workload.users) + " users, throughput " +
         format_rate_per_s(estimate.request_rate_per_s) + " (exact MVA)";
}

/// Connections and memory, for the nodes that have them (none: an empty table).
TextTable capacity_table(const Scenario &scenario, const NetworkEstimate &estimate) {
  TextTable table;
  table.column("node", TextTable::Align::left)
      .column("connections open")
      .column("refused (Erlang B)")
      .column("memory per instance")
      .column("of its limit");
  for (std::size_t n = 0; n < estimate.nodes.size(); ++n) {
    const NodeSpec &spec = scenario.nodes[n];
    const analytic::NodeEstimate &node = estimate.nodes[n];
    if (spec.kind != NodeKind::realtime && !spec.memory_use) {
      continue;
    }
    const bool realtime = spec.kind == NodeKind::realtime;
    table.row({node.name, realtime ? format_significant(node.mean_connections) : "—",
               realtime ? format_percent(node.connection_blocking) : "—",
               spec.memory_use ? format_bytes(node.memory_bytes_per_instance) : "—",
               node.memory_share > 0.0 ? format_percent(node.memory_share) : "—"});
  }
  return table;
}

std::string estimate_text(const Scenario &scenario, const NetworkEstimate &estimate) {
  std::string text = estimate.scenario + " — analytic estimate, " +
                     workload_line(scenario, estimate) + "\n\nNodes\n" +
                     node_table(estimate).to_text() + "\nRequest classes\n" +
                     class_table(estimate).to_text() + "\n" + bottleneck_line(estimate.bottleneck);
  const TextTable capacity = capacity_table(scenario, estimate);
  if (capacity.row_count() > 0) {
    text += "\nConnections and memory (at the expected load)\n" + capacity.to_text();
  }
  if (!estimate.saturated_nodes.empty()) {
    text += "saturated (utilization >= 1, queues grow without bound):";
    for (const std::string &node : estimate.saturated_nodes) {
      text += " " + node;
    }
    text += "\n";
  }
  return text;
}

/// Infinite figures (saturated nodes) become null: nlohmann::json writes non-finite numbers so.
nlohmann::ordered_json estimate_json(const Scenario &scenario, const NetworkEstimate &estimate) {
  nlohmann::ordered_json nodes = nlohmann::ordered_json::object();
  for (std::size_t n = 0; n < estimate.nodes.size(); ++n) {
    const analytic::NodeEstimate &node = estimate.nodes[n];
    nlohmann::ordered_json &json = nodes[node.name];
    json = {{"arrival_rate_per_s", node.arrival_rate_per_s},
            {"utilization", node.utilization},
            {"mean_wait_s", node.mean_wait_s},
            {"mean_residence_s", node.mean_residence_s},
            {"drop_probability", node.drop_probability},
            {"saturated", node.saturated}};
    if (scenario.nodes[n].kind == NodeKind::realtime) {
      json["connections"] = {{"mean", node.mean_connections},
                             {"blocking", node.connection_blocking}};
    }
    if (scenario.nodes[n].memory_use) {
      json["memory_bytes_per_instance"] = node.memory_bytes_per_instance;
      json["memory_share_of_limit"] = node.memory_share > 0.0
                                          ? nlohmann::ordered_json(node.memory_share)
                                          : nlohmann::ordered_json(nullptr);
    }
  }
  nlohmann::ordered_json classes = nlohmann::ordered_json::object();
  for (const analytic::ClassEstimate &request_class : estimate.classes) {
    classes[request_class.name] = {{"throughput_per_s", request_class.throughput_per_s},
                                   {"mean_latency_s", request_class.mean_latency_s}};
  }
  return {{"scenario", estimate.scenario},
          {"nodes", nodes},
          {"classes", classes},
          {"bottleneck",
           {{"node", estimate.bottleneck.node},
            {"utilization", estimate.bottleneck.utilization},
            {"saturation_load_multiplier", estimate.bottleneck.saturation_load_multiplier}}}};
}

/// The estimate; a scenario without one (closed users with no demand and no think time) is
/// bad input.
NetworkEstimate estimate_of(const Scenario &scenario, const std::string &scenario_path) {
  try {
    return analytic::estimate_network(scenario);
  } catch (const std::domain_error &error) {
    throw ScenarioError(scenario_path, "", error.what());
  }
}

int analyze_command(const AnalyzeOptions &options) {
  const Scenario scenario = load_with_set(options.scenario_path, options.overrides);
  const NetworkEstimate estimate = estimate_of(scenario, options.scenario_path);
  if (!options.quiet) {
    print_result(options.format, {[&] { return estimate_text(scenario, estimate); },
                                  [&] { return estimate_json(scenario, estimate).dump(2) + "\n"; },
                                  [&] { return node_table(estimate).to_csv(); }});
  }
  return kExitOk;
}

} // namespace

Action add_analyze_command(CLI::App &app) {
  auto options = std::make_shared<AnalyzeOptions>();
  CLI::App *command = app.add_subcommand(
      "analyze", "Instant analytic estimate: utilization, waits, latency, the bottleneck");
  command->footer("Example:\n  capsim analyze scenarios/examples/web_shop.json --format json");
  command->add_option("SCENARIO", options->scenario_path, "Scenario file (JSON)")->required();
  add_format_option(*command, options->format);
  add_override_option(*command, options->overrides);
  command->add_flag("--quiet,-q", options->quiet,
                    "Print nothing; the exit code says whether the scenario could be analyzed");
  return [options] { return analyze_command(*options); };
}

} // namespace capsim::cli
