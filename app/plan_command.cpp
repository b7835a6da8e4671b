// The shared part of `plan` and `audit` (see plan_command.hpp).
#include "app/plan_command.hpp"

#include "app/interrupt.hpp"
#include "app/output_files.hpp"
#include "app/progress.hpp"
#include "reports/plan_report.hpp"

namespace capsim::cli {

void add_plan_options(CLI::App &command, PlanCommandOptions &options) {
  add_common_options(command, options.common);
  command
      .add_option("--samples", options.samples,
                  "Growth curves drawn when growth is uncertain (default 200)")
      ->check(CLI::Range(1, 100'000));
  command.add_flag("--fast", options.fast,
                   "Analytic only: no simulation of the peaks, so no SLO verdicts");
  command
      .add_option("--requests", options.requests,
                  "Requests per replication of each peak run, setting its length "
                  "(default 40000)")
      ->check(CLI::Range(1000.0, 1e9));
  command
      .add_option("--warn-utilization", options.warn_utilization,
                  "A fixed-size tier's peak utilization worth a timeline entry (default 0.8)")
      ->check(CLI::Range(0.05, 1.0));
}

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

PlannedScenario make_plan_and_write(const PlanCommandOptions &options) {
  Scenario scenario = load_with_overrides(options.common);
  plan::PlanOptions plan = plan_options(options, scenario);
  // Each month's peak is one run of plan.replications (months that saturate are not run).
  Progress progress("plan", "peak replications",
                    plan.simulate ? scenario.horizon_months() * plan.replications : 0,
                    progress_wanted(options.common.quiet) && plan.simulate);
  plan.run.on_replication_done = progress.on_replication_done();
  plan::PlanResult result = plan::make_plan(scenario, plan);
  progress.finish();
  throw_if_interrupted();
  if (result.simulation_stopped_at) {
    warn_if_cut_short(result.stop_reason,
                      "the peaks from " +
                          result.months[std::size_t(*result.simulation_stopped_at)].label +
                          " on were not simulated (no SLO verdicts)");
  }
  if (!options.common.out_dir.empty()) {
    const std::string &out_dir = options.common.out_dir;
    write_output_file(out_dir, "plan.json", plan_to_json(scenario, result).dump(2) + "\n");
    write_output_file(out_dir, "plan.csv", plan_months_csv(scenario, result));
    if (result.priced) {
      write_output_file(out_dir, "plan_costs.csv", plan_costs_csv(result));
    }
    write_output_file(out_dir, "report.md", plan_report_markdown(scenario, result));
    write_output_file(out_dir, "report.html", plan_report_html(scenario, result));
  }
  return {std::move(scenario), std::move(result)};
}

} // namespace capsim::cli
