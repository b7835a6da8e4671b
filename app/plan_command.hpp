#pragma once
// What the commands that make a plan (`plan`, `audit`) share: their options, the
// PlanOptions they amount to, and making the plan and writing its files.
#include "app/common_options.hpp"
#include "models/plan/planner.hpp"

namespace capsim::cli {

struct PlanCommandOptions {
  CommonOptions common;
  int samples = 200;
  bool fast = false;
  double requests = 40'000;
  double warn_utilization = 0.8;
};

void add_plan_options(CLI::App &command, PlanCommandOptions &options);

/// --replications, --duration and --warmup (already applied to `scenario.run` by the loader)
/// set each month's peak run.
plan::PlanOptions plan_options(const PlanCommandOptions &options, const Scenario &scenario);

struct PlannedScenario {
  Scenario scenario;
  plan::PlanResult plan;
};

/// Loads the scenario, makes its plan and, with --out, writes plan.json, plan.csv,
/// plan_costs.csv (when priced), report.md and report.html.
PlannedScenario make_plan_and_write(const PlanCommandOptions &options);

} // namespace capsim::cli
