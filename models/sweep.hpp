#pragma once
// Parameter sweeps (what-if): a full grid, or a Latin hypercube sample, over scenario values
// named like --set paths. Every point is the scenario with its values set, loaded (and so
// validated) like the file, then simulated with the scenario's seed (common random numbers
// across points), estimated analytically and, when priced, costed. Points run in parallel;
// each point is the same whatever the thread count. A point whose run the limits cut short
// (--max-events, --timeout) keeps its stop_reason: its views withhold its simulated figures.
#include "models/run_scenario.hpp"
#include "models/scenario_overrides.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace capsim {

struct SweepParameter {
  std::string path; ///< as given (dotted or pointer)
  std::vector<nlohmann::ordered_json> values;
  std::optional<std::pair<double, double>> range; ///< numeric ranges: for Latin hypercubes
  bool integer = false;                           ///< a range of whole numbers
};

/// "PATH=1,2,4,8", "PATH=2..10" (step 1), "PATH=0.5..0.9:0.1" or "PATH=a,b" (strings or JSON).
/// Throws ScenarioError("command line", "--vary", ...) when malformed.
SweepParameter parse_vary(const std::string &text);

struct SweepPoint {
  std::vector<nlohmann::ordered_json> values; ///< one per parameter
  RunResult result;
  double saturation_load_multiplier = 0.0;  ///< analytic: × this point's load
  std::optional<double> cost_usd_per_month; ///< month 0's bill, when the scenario is priced
};

struct SweepOptions {
  RunOptions run;                             ///< threads: points run in parallel, one thread each
  std::optional<int> latin_hypercube_samples; ///< instead of the full grid
};

/// The points of the grid (last parameter fastest) or of the Latin hypercube.
std::vector<std::vector<nlohmann::ordered_json>>
sweep_points(const std::vector<SweepParameter> &parameters, const std::optional<int> &samples,
             std::uint64_t seed);

/// completed, or why the first point cut short was.
StopReason sweep_stop_reason(const std::vector<SweepPoint> &points);

/// Runs every point of the sweep of `scenario_path` (with `base` overrides first).
std::vector<SweepPoint> run_sweep(const std::filesystem::path &scenario_path,
                                  const std::vector<ScenarioOverride> &base,
                                  const std::vector<SweepParameter> &parameters,
                                  const SweepOptions &options);

} // namespace capsim
