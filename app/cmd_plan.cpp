// `capsim plan SCENARIO`: the month-by-month capacity plan over the scenario's growth horizon
// (models/plan/planner.hpp): instances, SLO verdicts at each month's peak, cost with its
// uncertainty band, and the scaling timeline. Writes plan.json, plan.csv, plan_costs.csv,
// report.md and report.html with --out.
#include "app/commands.hpp"
#include "app/common_options.hpp"
#include "app/output_files.hpp"
#include "models/plan/planner.hpp"
#include "reports/plan_report.hpp"

#include <iostream>
#include <memory>

namespace capsim::cli {
namespace {

struct PlanCommandOptions {
  CommonOptions common;
  int samples = 200;
  bool fast = false;
  double requests = 40'000;
  double warn_utilization = 0.8;
};

plan::PlanOptions plan_options(const PlanCommandOptions &options, const Scenario &scenario) {
  plan::PlanOptions plan;
  plan.samples = options.samples;
  plan.simulate = !options.fast;
  plan.requests_per_replication = options.requests;
  plan.warn_utilization = options.warn_utilization;
  if (options.common.replications) {
    plan.replications = *options.common.replications;
  }
  if (options.common.duration) {
    plan.duration_s = scenario.run.duration_s;
  }
  if (options.common.warmup) {
    plan.warmup_s = scenario.run.warmup_s;
  }
  plan.run.threads = effective_threads(options.common);
  plan.run.limits = run_limits(options.common);
  return plan;
}

int plan_command(const PlanCommandOptions &options) {
  const Scenario scenario = load_with_overrides(options.common);
  const plan::PlanResult result = plan::make_plan(scenario, plan_options(options, scenario));
  const std::string json = plan_to_json(scenario, result).dump(2) + "\n";
  if (!options.common.out_dir.empty()) {
    const std::filesystem::path out_dir(options.common.out_dir);
    write_file_atomically(out_dir / "plan.json", json);
    write_file_atomically(out_dir / "plan.csv", plan_months_csv(scenario, result));
    if (result.priced) {
      write_file_atomically(out_dir / "plan_costs.csv", plan_costs_csv(result));
    }
    write_file_atomically(out_dir / "report.md", plan_report_markdown(scenario, result));
    write_file_atomically(out_dir / "report.html", plan_report_html(scenario, result));
  }
  if (!options.common.quiet) {
    std::cout << (options.common.format == OutputFormat::json ? json
                                                              : plan_report_text(scenario, result));
  }
  return kExitOk;
}

} // namespace

Action add_plan_command(CLI::App &app) {
  auto options = std::make_shared<PlanCommandOptions>();
  CLI::App *command = app.add_subcommand(
      "plan", "Month-by-month capacity plan: instances, SLOs at the peak, cost, timeline");
  command->footer("Example:\n  capsim plan scenarios/examples/web_shop.json --out out/plan\n"
                  "--replications, --duration and --warmup set each month's peak run.");
  add_common_options(*command, options->common);
  command
      ->add_option("--samples", options->samples,
                   "Growth curves drawn when growth is uncertain (default 200)")
      ->check(CLI::Range(1, 100'000));
  command->add_flag("--fast", options->fast,
                    "Analytic only: no simulation of the peaks, so no SLO verdicts");
  command
      ->add_option("--requests", options->requests,
                   "Requests per replication of each peak run, setting its length "
                   "(default 40000)")
      ->check(CLI::Range(1000.0, 1e9));
  command
      ->add_option("--warn-utilization", options->warn_utilization,
                   "A fixed-size tier's peak utilization worth a timeline entry (default 0.8)")
      ->check(CLI::Range(0.05, 1.0));
  return [options] { return plan_command(*options); };
}

} // namespace capsim::cli
