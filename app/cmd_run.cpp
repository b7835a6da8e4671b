// `capsim run SCENARIO`: simulate the scenario's replications and report per-class latency
// percentiles and per-node utilization and queues, as a table, JSON or CSV (DESIGN §4).
#include "app/commands.hpp"
#include "app/common_options.hpp"
#include "app/interrupt.hpp"
#include "app/output_files.hpp"
#include "app/progress.hpp"
#include "app/terminal.hpp"
#include "models/human_format.hpp"
#include "models/run_scenario.hpp"
#include "models/saturation_forecast.hpp"
#include "models/scenario_warnings.hpp"
#include "reports/csv_report.hpp"
#include "reports/html_report.hpp"
#include "reports/json_report.hpp"
#include "reports/run_report.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>

namespace capsim::cli {
namespace {

/// The analytic twin shown beside the simulation. Saturated nodes are flagged inside it; the
/// one case it cannot estimate (closed users with no demand and no think time) must not fail
/// the run, so it is then left out.
std::optional<analytic::NetworkEstimate> analytic_estimate(const Scenario &scenario) {
  try {
    return analytic::estimate_network(scenario);
  } catch (const std::domain_error &) {
    return std::nullopt;
  }
}

int run_command(const CommonOptions &options) {
  const Scenario scenario = load_with_overrides(options);
  check_event_guard(options, scenario);
  RunOptions run_options;
  run_options.threads = effective_threads(options);
  run_options.precision = options.precision;
  run_options.max_replications = options.max_replications;
  run_options.limits = run_limits(options);
  const std::optional<analytic::NetworkEstimate> estimate = analytic_estimate(scenario);
  for (const std::string &warning : saturation_forecast(scenario)) {
    print_warning(warning);
  }
  for (const std::string &warning : scenario_warnings(scenario)) {
    print_warning(warning);
  }
  Progress progress("run", "replications", options.precision > 0.0 ? 0 : scenario.run.replications,
                    progress_wanted(options.quiet));
  run_options.on_replication_done = progress.on_replication_done();
  RunResult result = run_scenario(scenario, run_options);
  progress.finish();
  throw_if_interrupted();
  result.analytic = estimate;
  const std::string json = run_result_to_json(result).dump(2) + "\n";
  if (!options.out_dir.empty()) {
    const std::string &out_dir = options.out_dir;
    write_output_file(out_dir, "summary.json", json);
    write_output_file(out_dir, "report.md", run_report_markdown(result));
    write_output_file(out_dir, "report.html", run_report_html(result));
    write_output_file(out_dir, "classes.csv", classes_csv(result));
    write_output_file(out_dir, "nodes.csv", nodes_csv(result));
    if (result.timeseries) {
      write_output_file(out_dir, "timeseries.csv", timeseries_csv(result));
    }
    if (std::any_of(result.nodes.begin(), result.nodes.end(),
                    [](const NodeSummary &node) { return node.autoscaled; })) {
      write_output_file(out_dir, "scaling_events.csv", scaling_events_csv(result));
    }
  }
  if (!options.quiet) {
    print_result(options.format, {[&] { return run_report_text(result); }, [&] { return json; },
                                  [&] { return classes_csv(result); }});
  } else {
    for (const std::string &warning : run_warnings(result)) {
      print_warning(warning);
    }
  }
  return kExitOk;
}

} // namespace

Action add_run_command(CLI::App &app) {
  auto options = std::make_shared<CommonOptions>();
  CLI::App *command = app.add_subcommand(
      "run", "Simulate a scenario: latency percentiles per class, utilization per node");
  command->footer("Example:\n  capsim run scenarios/examples/web_shop.json --replications 20 "
                  "--out out/run");
  add_common_options(*command, *options);
  return [options] { return run_command(*options); };
}

} // namespace capsim::cli
