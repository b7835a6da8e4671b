// The confidence intervals mean what they say: over 200 independent experiments of an
// M/M/1 queue at utilization 0.8 (each 10 replications), the 95% interval of the mean wait
// covers the exact value W_q = ρ/(μ-λ) = 4 s in between 90% and 99% of the experiments.
#include "validation_support.hpp"

using namespace capsim;

TEST_CASE("95% intervals of the M/M/1 mean wait cover the exact value about 95% of the time") {
  constexpr int kExperiments = 200;
  constexpr double kExactMeanWait_s = 0.8 / (1.0 - 0.8);
  Scenario scenario;
  scenario.name = "mm1_rho080_coverage";
  scenario.run = RunSpec{20000.0, 1000.0, 10};
  scenario.workload.kind = WorkloadKind::open;
  scenario.workload.arrival_rate_per_s = 0.8;
  scenario.workload.classes.push_back(
      RequestClassSpec{"job", 1.0, {make_call("station", Distribution::exponential(1.0))}});
  NodeSpec station;
  station.name = "station";
  scenario.nodes.push_back(station);

  int covered = 0;
  for (int experiment = 0; experiment < kExperiments; ++experiment) {
    scenario.seed = 1000 + static_cast<std::uint64_t>(experiment);
    RunOptions options;
    options.threads = 2;
    const Estimate wait = run_scenario(scenario, options).nodes.front().wait_mean_s;
    covered += wait.ci_low <= kExactMeanWait_s && kExactMeanWait_s <= wait.ci_high ? 1 : 0;
  }
  const double coverage = static_cast<double>(covered) / kExperiments;
  INFO("coverage " << coverage << " over " << kExperiments << " experiments");
  CHECK(coverage >= 0.90);
  CHECK(coverage <= 0.99);
}
