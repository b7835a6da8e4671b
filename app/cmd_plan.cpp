// `capsim plan SCENARIO`: the month-by-month capacity plan over the scenario's growth horizon
// (models/plan/planner.hpp): instances, SLO verdicts at each month's peak, cost with its
// uncertainty band, and the scaling timeline. Writes plan.json, plan.csv, plan_costs.csv,
// report.md and report.html with --out.
#include "app/commands.hpp"
#include "app/plan_command.hpp"
#include "reports/plan_report.hpp"

#include <memory>

namespace capsim::cli {
namespace {

int plan_command(const PlanCommandOptions &options) {
  const PlannedScenario planned = make_plan_and_write(options);
  if (!options.common.quiet) {
    const Scenario &scenario = planned.scenario;
    print_result(options.common.format,
                 {[&] { return plan_report_text(scenario, planned.plan); },
                  [&] { return plan_to_json(scenario, planned.plan).dump(2) + "\n"; },
                  [&] { return plan_months_csv(scenario, planned.plan); }});
  }
  return kExitOk;
}

} // namespace

Action add_plan_command(CLI::App &app) {
  auto options = std::make_shared<PlanCommandOptions>();
  CLI::App *command = app.add_subcommand(
      "plan", "Month-by-month capacity plan: instances, SLOs at the peak, cost, timeline");
  command->footer("Example:\n  capsim plan scenarios/examples/growing_shop.json --out out/plan\n"
                  "--replications, --duration and --warmup set each month's peak run.");
  add_plan_options(*command, *options);
  return [options] { return plan_command(*options); };
}

} // namespace capsim::cli
