// The five seed systems (scenarios/seeds/) as golden tests: each loads, has SLOs and claims,
// runs at reduced settings (fixed seed, two replications of at most ten simulated minutes) and
// makes an analytic plan, and its key figures stay within tolerance of the reference results
// checked in under tests/golden/: per class the mean and p95 latency, per node the utilization,
// and the first and last month's median bill. A change that moves them must be deliberate:
// rerun with CAPSIM_UPDATE_GOLDEN=1 to rewrite the references, and review the diff.
#include "models/plan/audit.hpp"
#include "models/plan/planner.hpp"
#include "models/run_scenario.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace capsim;
using Json = nlohmann::ordered_json;

namespace {

const std::filesystem::path kSeeds = std::filesystem::path(CAPSIM_SOURCE_DIR) / "scenarios/seeds";
const std::filesystem::path kGolden = std::filesystem::path(CAPSIM_SOURCE_DIR) / "tests/golden";

/// Relative tolerances, with absolute floors for figures near zero.
constexpr double kLatencyTolerance = 0.05;
constexpr double kLatencyFloorS = 1e-4;
constexpr double kUtilizationTolerance = 0.05;
constexpr double kUtilizationFloor = 0.005;
constexpr double kCostTolerance = 0.01;
constexpr std::size_t kP95 = 2;
static_assert(kReportedPercentiles[kP95].probability == 0.95);

std::vector<std::filesystem::path> seed_files() {
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(kSeeds)) {
    if (entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// The scenario at reduced settings: its own seed, two replications of at most 10 minutes.
Scenario reduced(Scenario scenario) {
  scenario.run.duration_s = std::min(scenario.run.duration_s, 600.0);
  scenario.run.warmup_s = std::min(scenario.run.warmup_s, scenario.run.duration_s / 5.0);
  scenario.run.replications = 2;
  scenario.run.window_s = 0.0;
  return scenario;
}

Json key_figures(const Scenario &scenario) {
  RunOptions options;
  options.threads = 2;
  const RunResult run = run_scenario(reduced(scenario), options);
  Json figures;
  for (const ClassSummary &summary : run.classes) {
    figures["classes"][summary.name] = {{"mean_s", summary.latency_mean_s.estimate},
                                        {"p95_s", summary.latency_percentile_s[kP95].estimate}};
  }
  for (const NodeSummary &summary : run.nodes) {
    figures["nodes"][summary.name] = {{"utilization", summary.utilization.estimate}};
  }
  plan::PlanOptions plan_options;
  plan_options.simulate = false;
  plan_options.samples = 20;
  const plan::PlanResult plan = plan::make_plan(scenario, plan_options);
  figures["plan"] = {{"first_month_cost_usd", plan.months.front().cost_usd.p50},
                     {"last_month_cost_usd", plan.months.back().cost_usd.p50}};
  CHECK(plan::audit_claims(scenario, plan).size() == scenario.claims.size());
  return figures;
}

void check_close(double simulated, double reference, double relative, double floor,
                 const std::string &what) {
  INFO(what << ": " << simulated << ", reference " << reference);
  CHECK(std::fabs(simulated - reference) <= std::max(relative * std::fabs(reference), floor));
}

void compare(const Json &figures, const Json &reference) {
  REQUIRE(figures["classes"].size() == reference["classes"].size());
  for (const auto &[name, values] : reference["classes"].items()) {
    REQUIRE(figures["classes"].contains(name));
    for (const char *key : {"mean_s", "p95_s"}) {
      check_close(figures["classes"][name][key], values[key], kLatencyTolerance, kLatencyFloorS,
                  "class " + name + " " + key);
    }
  }
  REQUIRE(figures["nodes"].size() == reference["nodes"].size());
  for (const auto &[name, values] : reference["nodes"].items()) {
    REQUIRE(figures["nodes"].contains(name));
    check_close(figures["nodes"][name]["utilization"], values["utilization"], kUtilizationTolerance,
                kUtilizationFloor, "node " + name + " utilization");
  }
  for (const char *key : {"first_month_cost_usd", "last_month_cost_usd"}) {
    check_close(figures["plan"][key], reference["plan"][key], kCostTolerance, 0.01, key);
  }
}

} // namespace

TEST_CASE("the five seed systems stay within tolerance of their reference results") {
  const std::vector<std::filesystem::path> files = seed_files();
  CHECK(files.size() == 5);
  const bool update = std::getenv("CAPSIM_UPDATE_GOLDEN") != nullptr;
  for (const std::filesystem::path &file : files) {
    SUBCASE(file.stem().string().c_str()) {
      const Scenario scenario = load_scenario(file);
      CHECK_FALSE(scenario.slos.empty());
      CHECK_FALSE(scenario.claims.empty());
      const Json figures = key_figures(scenario);
      const std::filesystem::path golden = kGolden / (file.stem().string() + ".json");
      if (update) {
        std::ofstream(golden) << figures.dump(2) << "\n";
        MESSAGE("rewrote " << golden.string());
        continue;
      }
      std::ifstream in(golden);
      REQUIRE_MESSAGE(in.is_open(),
                      "no reference results: " << golden.string() << " (CAPSIM_UPDATE_GOLDEN=1)");
      compare(figures, Json::parse(in));
    }
  }
}
