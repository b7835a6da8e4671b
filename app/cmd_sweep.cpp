// `capsim sweep SCENARIO --vary PATH=VALUES [...]`: every configuration of a grid (or a Latin
// hypercube with --samples) simulated with common random numbers, in parallel; one row per
// point with latency percentiles, SLO verdicts, analytic headroom and cost. --out writes
// sweep.csv and report.html (a line chart for one parameter, a heatmap for two).
#include "app/commands.hpp"
#include "app/common_options.hpp"
#include "app/interrupt.hpp"
#include "app/output_files.hpp"
#include "app/progress.hpp"
#include "models/sweep.hpp"
#include "reports/sweep_report.hpp"

#include <algorithm>
#include <memory>

namespace capsim::cli {
namespace {

struct SweepCommandOptions {
  CommonOptions common;
  std::vector<std::string> vary;
  std::optional<int> samples;
};

/// How many points the run limits cut short, and what that means.
std::string cut_short_consequence(const std::vector<SweepPoint> &points) {
  const auto cut = std::count_if(points.begin(), points.end(), [](const SweepPoint &point) {
    return point.result.stop_reason != StopReason::completed;
  });
  return std::to_string(cut) + " of " + std::to_string(points.size()) +
         " points were cut short: their simulated figures are left out and their SLOs not judged";
}

int sweep_command(const SweepCommandOptions &options) {
  std::vector<SweepParameter> parameters;
  for (const std::string &text : options.vary) {
    parameters.push_back(parse_vary(text));
  }
  // The run settings (--replications, --duration, ...) are applied to the base as --set
  // values would be; load it once to check them and the event guard.
  const Scenario base = load_with_overrides(options.common);
  check_event_guard(options.common, base);
  const std::vector<ScenarioOverride> overrides = variant_overrides(options.common, base);
  SweepOptions sweep;
  sweep.run.threads = effective_threads(options.common);
  sweep.run.limits = run_limits(options.common);
  sweep.latin_hypercube_samples = options.samples;
  const auto point_count = sweep_points(parameters, options.samples, base.seed).size();
  Progress progress("sweep", "replications", static_cast<int>(point_count) * base.run.replications,
                    progress_wanted(options.common.quiet));
  sweep.run.on_replication_done = progress.on_replication_done();
  const std::vector<SweepPoint> points =
      run_sweep(options.common.scenario_path, overrides, parameters, sweep);
  progress.finish();
  throw_if_interrupted();
  warn_if_cut_short(sweep_stop_reason(points), cut_short_consequence(points));
  if (!options.common.out_dir.empty()) {
    write_output_file(options.common.out_dir, "sweep.csv", sweep_csv(parameters, points));
    write_output_file(options.common.out_dir, "report.html",
                      sweep_report_html(base.name, parameters, points));
  }
  if (!options.common.quiet) {
    print_result(options.common.format,
                 {[&] {
                    return "Sweep of " + base.name + ": " + std::to_string(points.size()) +
                           " configurations, seed " + std::to_string(base.seed) +
                           " (common random numbers)\n" + sweep_table(parameters, points).to_text();
                  },
                  [&] { return sweep_json(parameters, points).dump(2) + "\n"; },
                  [&] { return sweep_csv(parameters, points); }});
  }
  return kExitOk;
}

} // namespace

Action add_sweep_command(CLI::App &app) {
  auto options = std::make_shared<SweepCommandOptions>();
  CLI::App *command = app.add_subcommand(
      "sweep", "Simulate a grid of configurations: latency, SLOs, headroom and cost per point");
  command->footer("Example:\n  capsim sweep scenarios/examples/web_shop.json "
                  "--vary nodes.api.instances=1..4 --out out/sweep");
  add_common_options(*command, options->common);
  command
      ->add_option("--vary", options->vary,
                   "PATH=VALUES: a list (1,2,4), a range (2..10 or 0.5..0.9:0.1); repeatable")
      ->required()
      ->take_all()
      ->allow_extra_args(false);
  command
      ->add_option("--samples", options->samples,
                   "A Latin hypercube of this many points over the ranges, not the grid")
      ->check(CLI::Range(2, 10'000));
  return [options] { return sweep_command(*options); };
}

} // namespace capsim::cli
