// `capsim audit SCENARIO`: the scenario's "claims" (the specification's own statements) each
// checked against its capacity plan, with a verdict and the evidence. Takes the plan's
// options; --out writes the plan's files, whose reports carry the audit too.
#include "app/commands.hpp"
#include "app/plan_command.hpp"
#include "models/scenario_error.hpp"
#include "reports/plan_report.hpp"

#include <memory>

namespace capsim::cli {
namespace {

int audit_command(const PlanCommandOptions &options) {
  const PlannedScenario planned = make_plan_and_write(options);
  if (planned.scenario.claims.empty()) {
    throw ScenarioError(planned.scenario.source_file.string(), "",
                        "expected a \"claims\" list to audit, found a scenario without any");
  }
  if (!options.common.quiet) {
    const Scenario &scenario = planned.scenario;
    print_result(options.common.format,
                 {[&] {
                    return "Audit: " + scenario.name + "\n\n" +
                           plan_summary(scenario, planned.plan) + "\n\n" +
                           audit_table(scenario, planned.plan).to_text();
                  },
                  [&] { return audit_to_json(scenario, planned.plan).dump(2) + "\n"; },
                  [&] { return audit_table(scenario, planned.plan).to_csv(); }});
  }
  return kExitOk;
}

} // namespace

Action add_audit_command(CLI::App &app) {
  auto options = std::make_shared<PlanCommandOptions>();
  CLI::App *command = app.add_subcommand(
      "audit", "Check the specification's claims (the scenario's \"claims\") against its plan");
  command->footer("Example:\n  capsim audit scenarios/seeds/wedsync.json --out out/wedsync");
  add_plan_options(*command, *options);
  return [options] { return audit_command(*options); };
}

} // namespace capsim::cli
