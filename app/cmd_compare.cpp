// `capsim compare A.json [B.json]`: two configurations run with common random numbers, each
// metric side by side with the paired difference B − A and its 95% interval, flagged when
// significant. Without B, B is A; --a / --b PATH=VALUE override either side (--set both).
// Runs cut short by --max-events or --timeout are not compared: the command refuses (exit 2).
// Writes compare.json, report.md and report.html with --out.
#include "app/commands.hpp"
#include "app/common_options.hpp"
#include "app/interrupt.hpp"
#include "app/output_files.hpp"
#include "app/progress.hpp"
#include "models/compare.hpp"
#include "models/scenario_error.hpp"
#include "reports/compare_report.hpp"
#include "reports/json_report.hpp"

#include <memory>

namespace capsim::cli {
namespace {

struct CompareOptions {
  CommonOptions common; // A's path, the run settings, and --set for both sides
  std::string scenario_b;
  std::vector<std::string> only_a;
  std::vector<std::string> only_b;
};

nlohmann::ordered_json comparison_json(const Comparison &comparison) {
  nlohmann::ordered_json metrics = nlohmann::ordered_json::array();
  for (const MetricComparison &metric : comparison.metrics) {
    metrics.push_back({{"subject", metric.subject},
                       {"metric", metric.metric},
                       {"a", estimate_to_json(metric.a)},
                       {"b", estimate_to_json(metric.b)},
                       {"difference", estimate_to_json(metric.difference)},
                       {"significant", metric.significant}});
  }
  return {{"replications", comparison.a.replications},
          {"seed", comparison.a.seed},
          {"a", comparison.a.scenario},
          {"b", comparison.b.scenario},
          {"metrics", metrics}};
}

/// A paired difference from runs cut short would compare unequal stretches of time: refuse,
/// naming the limit at fault.
void require_complete_runs(const Comparison &comparison) {
  for (const auto &[side, result] :
       {std::pair{"A", &comparison.a}, std::pair{"B", &comparison.b}}) {
    if (result->stop_reason == StopReason::completed) {
      continue;
    }
    const bool timeout = result->stop_reason == StopReason::deadline;
    throw ScenarioError(
        "command line", timeout ? "--timeout" : "--max-events",
        std::string("expected the runs of A and B to end within the limit, found ") + side +
            "'s cut short; no comparison is made from truncated runs (" +
            (timeout ? "allow more time" : "raise --max-events") + " or shorten --duration)");
  }
}

std::vector<std::string> joined(std::vector<std::string> first,
                                const std::vector<std::string> &second) {
  first.insert(first.end(), second.begin(), second.end());
  return first;
}

int compare_command(const CompareOptions &options) {
  CommonOptions side = options.common;
  side.overrides = joined(options.common.overrides, options.only_a);
  const Scenario a = load_with_overrides(side);
  if (!options.scenario_b.empty()) {
    side.scenario_path = options.scenario_b;
  }
  side.overrides = joined(options.common.overrides, options.only_b);
  const Scenario b = load_with_overrides(side);
  check_event_guard(options.common, a);
  check_event_guard(options.common, b);
  RunOptions run_options;
  run_options.threads = effective_threads(options.common);
  run_options.limits = run_limits(options.common);
  Progress progress("compare", "replications", 2 * a.run.replications,
                    progress_wanted(options.common.quiet));
  run_options.on_replication_done = progress.on_replication_done();
  const Comparison comparison = compare_scenarios(a, b, run_options);
  progress.finish();
  throw_if_interrupted();
  require_complete_runs(comparison);
  const std::string json = comparison_json(comparison).dump(2) + "\n";
  if (!options.common.out_dir.empty()) {
    write_output_file(options.common.out_dir, "compare.json", json);
    write_output_file(options.common.out_dir, "report.md", compare_report_markdown(comparison));
    write_output_file(options.common.out_dir, "report.html", compare_report_html(comparison));
  }
  if (!options.common.quiet) {
    print_result(options.common.format,
                 {[&] {
                    return "A: " + comparison.a.scenario + "   B: " + comparison.b.scenario +
                           "   (" + std::to_string(comparison.a.replications) +
                           " paired replications, common random numbers, seed " +
                           std::to_string(comparison.a.seed) + ")\n" +
                           comparison_table(comparison).to_text();
                  },
                  [&] { return json; }, [&] { return comparison_table(comparison).to_csv(); }});
  }
  return kExitOk;
}

} // namespace

Action add_compare_command(CLI::App &app) {
  auto options = std::make_shared<CompareOptions>();
  CLI::App *command = app.add_subcommand(
      "compare", "Two configurations with common random numbers: paired differences and CIs");
  command->footer("Examples:\n  capsim compare shop.json bigger_shop.json\n"
                  "  capsim compare shop.json --b nodes.api.instances=4");
  add_common_options(*command, options->common);
  command->add_option("SCENARIO_B", options->scenario_b, "Scenario B (default: A)");
  command->add_option("--a", options->only_a, "Override a value of A only: PATH=VALUE")
      ->take_all()
      ->allow_extra_args(false);
  command->add_option("--b", options->only_b, "Override a value of B only: PATH=VALUE")
      ->take_all()
      ->allow_extra_args(false);
  return [options] { return compare_command(*options); };
}

} // namespace capsim::cli
