// `capsim headroom SCENARIO`: how much more load before an SLO breaks (models/headroom.hpp),
// the bottleneck node and the SLO that breaks first, with every probe of the search shown so
// the answer can be checked. Writes headroom.json with --out.
#include "app/commands.hpp"
#include "app/common_options.hpp"
#include "app/interrupt.hpp"
#include "app/output_files.hpp"
#include "app/progress.hpp"
#include "models/headroom.hpp"
#include "models/human_format.hpp"
#include "models/scenario_error.hpp"
#include "reports/json_report.hpp"
#include "reports/text_table.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <memory>

namespace capsim::cli {
namespace {

struct HeadroomCommandOptions {
  CommonOptions common;
  double tolerance = 0.01;
};

std::string slo_text(const SloSpec &spec) {
  return slo_figure_name(spec) + " of " + spec.class_name +
         " <= " + format_duration_s(spec.target_s);
}

std::string multiplier_text(double multiplier) {
  return std::isfinite(multiplier) ? "x" + format_significant(multiplier) : "unbounded";
}

/// A search cut short by the run limits: only what its completed probes show.
std::string unfinished_text(const HeadroomResult &result) {
  std::string text = std::string("The search stopped early (") +
                     stop_reason_name(result.stop_reason) + "): the probe at " +
                     multiplier_text(result.probes.back().load_multiplier) +
                     " was cut short and is not counted, so there is no final answer";
  if (result.load_multiplier > 0.0) {
    text += "; every SLO holds up to at least " + multiplier_text(result.load_multiplier) +
            " today's load, and the limit is below " + multiplier_text(result.broken_multiplier);
  }
  return text;
}

std::string summary_text(const HeadroomResult &result) {
  std::string text;
  if (result.stop_reason != StopReason::completed) {
    text = unfinished_text(result);
  } else if (result.load_multiplier == 0.0) {
    text = "No load meets every SLO";
  } else {
    text = "Every SLO holds up to " + multiplier_text(result.load_multiplier) + " today's load (" +
           format_percent(result.load_multiplier - 1.0) +
           (result.load_multiplier >= 1.0 ? " more)" : ": today's load already breaks one)");
  }
  if (result.first_broken) {
    const bool broken = result.first_broken->status == SloStatus::broken;
    text += "; beyond it, " + slo_text(result.first_broken->spec) +
            (broken ? " breaks first (" : " reaches its target first (too close to call: ") +
            format_duration_s(result.first_broken->value_s.estimate) + " at " +
            multiplier_text(result.broken_multiplier) + ")";
  }
  text += ".\nBottleneck: " + result.bottleneck + " at " +
          format_percent(result.bottleneck_utilization) + " utilization; the analytic twin " +
          "puts saturation at " + multiplier_text(result.analytic_saturation_multiplier) + ".\n";
  return text;
}

TextTable probe_table(const HeadroomResult &result) {
  TextTable table;
  table.column("load").column("replications");
  for (const SloVerdict &verdict : result.probes.front().verdicts) {
    table.column(slo_text(verdict.spec));
  }
  table.column("verdict", TextTable::Align::left);
  for (const HeadroomProbe &probe : result.probes) {
    std::vector<std::string> cells{multiplier_text(probe.load_multiplier),
                                   std::to_string(probe.replications)};
    for (const SloVerdict &verdict : probe.verdicts) {
      if (verdict.status == SloStatus::not_judged) { // a run cut short: its figure means little
        cells.emplace_back("not judged");
        continue;
      }
      cells.push_back(format_duration_s(verdict.value_s.estimate) +
                      (verdict.status == SloStatus::met
                           ? ""
                           : " (" + std::string(slo_status_name(verdict.status)) + ")"));
    }
    cells.push_back(probe.stop_reason != StopReason::completed
                        ? std::string("cut short (") + stop_reason_name(probe.stop_reason) + ")"
                    : probe.met ? "all met"
                                : "not met");
    table.row(std::move(cells));
  }
  return table;
}

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
  }
  if (!options.common.quiet) {
    print_result(options.common.format,
                 {[&] {
                    return summary_text(result) + "\nProbes (SLO figures: simulated estimate)\n" +
                           probe_table(result).to_text();
                  },
                  [&] { return json; }, [&] { return probe_table(result).to_csv(); }});
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
