// `capsim headroom SCENARIO`: how much more load before an SLO breaks (models/headroom.hpp),
// the bottleneck node and the SLO that breaks first, with every probe of the search shown so
// the answer can be checked. Writes headroom.json, report.md and report.html with --out.
#include "app/commands.hpp"
#include "app/common_options.hpp"
#include "app/interrupt.hpp"
#include "app/output_files.hpp"
#include "app/progress.hpp"
#include "models/headroom.hpp"
#include "models/scenario_error.hpp"
#include "reports/headroom_report.hpp"
#include "reports/json_report.hpp"

#include <nlohmann/json.hpp>

#include <memory>

namespace capsim::cli {
namespace {

struct HeadroomCommandOptions {
  CommonOptions common;
  double tolerance = 0.01;
};

nlohmann::ordered_json headroom_json(const Scenario &scenario, const HeadroomResult &result) {
  nlohmann::ordered_json probes = nlohmann::ordered_json::array();
  for (const HeadroomProbe &probe : result.probes) {
    nlohmann::ordered_json verdicts = nlohmann::ordered_json::array();
    for (const SloVerdict &verdict : probe.verdicts) {
      verdicts.push_back(slo_verdict_to_json(verdict));
    }
    probes.push_back({{"load_multiplier", probe.load_multiplier},
                      {"replications", probe.replications},
                      {"met", probe.met},
                      {"stop_reason", stop_reason_name(probe.stop_reason)},
                      {"slos", verdicts}});
  }
  nlohmann::ordered_json json = {
      {"scenario", scenario.name},
      {"seed", scenario.seed},
      {"stop_reason", stop_reason_name(result.stop_reason)},
      {"load_multiplier", result.load_multiplier},
      {"broken_multiplier", result.broken_multiplier},
      {"analytic_saturation_multiplier", result.analytic_saturation_multiplier},
      {"bottleneck", {{"node", result.bottleneck}, {"utilization", result.bottleneck_utilization}}},
      {"first_broken", result.first_broken ? slo_verdict_to_json(*result.first_broken)
                                           : nlohmann::ordered_json(nullptr)},
      {"probes", probes}};
  return json;
}

int headroom_command(const HeadroomCommandOptions &options) {
  const Scenario scenario = load_with_overrides(options.common);
  check_event_guard(options.common, scenario);
  if (scenario.slos.empty()) {
    throw ScenarioError(scenario.source_file.string(), "",
                        "expected an \"slos\" list: headroom is measured against the SLOs, "
                        "found a scenario without any");
  }
  RunOptions run_options;
  run_options.threads = effective_threads(options.common);
  run_options.limits = run_limits(options.common);
  HeadroomOptions headroom_options;
  headroom_options.relative_tolerance = options.tolerance;
  Progress progress("headroom", "replications", 0, progress_wanted(options.common.quiet));
  run_options.on_replication_done = progress.on_replication_done();
  const HeadroomResult result = find_headroom(scenario, run_options, headroom_options);
  progress.finish();
  throw_if_interrupted();
  warn_if_cut_short(result.stop_reason,
                    "the search did not finish; its answer is the bracket of the probes that did");
  const std::string json = headroom_json(scenario, result).dump(2) + "\n";
  if (!options.common.out_dir.empty()) {
    write_output_file(options.common.out_dir, "headroom.json", json);
    write_output_file(options.common.out_dir, "report.md",
                      headroom_report_markdown(scenario, result));
    write_output_file(options.common.out_dir, "report.html",
                      headroom_report_html(scenario, result));
  }
  if (!options.common.quiet) {
    print_result(options.common.format,
                 {[&] {
                    return headroom_summary_text(result) + "\nProbes (SLO figures: simulated estimate)\n" +
                           headroom_probe_table(result).to_text();
                  },
                  [&] { return json; }, [&] { return headroom_probe_table(result).to_csv(); }});
  }
  return kExitOk;
}

} // namespace

Action add_headroom_command(CLI::App &app) {
  auto options = std::make_shared<HeadroomCommandOptions>();
  CLI::App *command = app.add_subcommand(
      "headroom", "Largest load multiplier at which every SLO holds, and the bottleneck");
  command->footer(
      "Example:\n  capsim headroom scenarios/examples/three_tier.json --out out/headroom");
  add_common_options(*command, options->common);
  command
      ->add_option("--tolerance", options->tolerance,
                   "Stop the bisection when the bracket is this narrow, relative (default 0.01)")
      ->check(CLI::Range(1e-4, 0.5));
  return [options] { return headroom_command(*options); };
}

} // namespace capsim::cli
