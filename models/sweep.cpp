// Parameter sweeps (see sweep.hpp).
#include "models/sweep.hpp"

#include "models/analytic/network_estimate.hpp"
#include "models/plan/planner.hpp"
#include "models/scenario_error.hpp"
#include "models/scenario_loader.hpp"
#include "sim/replication_runner.hpp"
#include "sim/rng.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace capsim {
namespace {

/// The replication index of the Latin hypercube's stream, apart from every simulation's.
constexpr std::uint64_t kHypercubeStream = 0x6c6873; // "lhs"
constexpr std::size_t kMaxPoints = 10'000;

[[noreturn]] void reject(const std::string &text, const std::string &why) {
  throw ScenarioError("command line", "--vary", "expected " + why + ", found \"" + text + "\"");
}

std::optional<double> number_of(const std::string &text) {
  std::size_t used = 0;
  try {
    const double value = std::stod(text, &used);
    return used == text.size() && std::isfinite(value) ? std::optional(value) : std::nullopt;
  } catch (const std::logic_error &) {
    return std::nullopt;
  }
}

bool whole(const std::string &text) {
  return !text.empty() && text.find_first_not_of("-0123456789") == std::string::npos;
}

/// "a..b" or "a..b:step", numbers with a <= b and step > 0.
void read_range(const std::string &text, const std::string &spec, SweepParameter &parameter) {
  const std::size_t dots = spec.find("..");
  const std::size_t colon = spec.find(':', dots);
  const std::string low_text = spec.substr(0, dots);
  const std::string high_text =
      spec.substr(dots + 2, colon == std::string::npos ? std::string::npos : colon - dots - 2);
  const std::string step_text = colon == std::string::npos ? "1" : spec.substr(colon + 1);
  const auto low = number_of(low_text);
  const auto high = number_of(high_text);
  const auto step = number_of(step_text);
  if (!low || !high || !step || *low > *high || *step <= 0.0) {
    reject(text, "PATH=LOW..HIGH or PATH=LOW..HIGH:STEP with LOW <= HIGH and STEP > 0");
  }
  parameter.integer = whole(low_text) && whole(high_text) && whole(step_text);
  parameter.range = std::pair(*low, *high);
  const double count = std::floor((*high - *low) / *step + 1e-9) + 1.0;
  if (count > double(kMaxPoints)) {
    reject(text, "at most " + std::to_string(kMaxPoints) + " values");
  }
  for (int i = 0; i < static_cast<int>(count); ++i) {
    const double value = *low + i * *step;
    parameter.values.emplace_back(parameter.integer ? nlohmann::ordered_json(std::llround(value))
                                                    : nlohmann::ordered_json(value));
  }
}

ScenarioOverride override_of(const std::string &path, const nlohmann::ordered_json &value) {
  return parse_override(path + "=" + value.dump());
}

/// One point's scenario: the base overrides, then the point's values.
Scenario point_scenario(const std::filesystem::path &path, std::vector<ScenarioOverride> overrides,
                        const std::vector<SweepParameter> &parameters,
                        const std::vector<nlohmann::ordered_json> &values) {
  for (std::size_t p = 0; p < parameters.size(); ++p) {
    overrides.push_back(override_of(parameters[p].path, values[p]));
  }
  return load_scenario(path, overrides);
}

SweepPoint evaluate_point(const Scenario &scenario, std::vector<nlohmann::ordered_json> values,
                          const RunOptions &run) {
  SweepPoint point;
  point.values = std::move(values);
  point.result = run_scenario(scenario, run);
  try {
    point.saturation_load_multiplier =
        analytic::estimate_network(scenario).bottleneck.saturation_load_multiplier;
  } catch (const std::domain_error &) {
    point.saturation_load_multiplier = std::numeric_limits<double>::quiet_NaN();
  }
  if (scenario.pricing) {
    point.cost_usd_per_month = plan::first_month_cost_usd(scenario);
  }
  return point;
}

} // namespace

SweepParameter parse_vary(const std::string &text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
    reject(text, "PATH=VALUES, e.g. nodes.app.instances=2..8 or nodes.app.balancer=random,"
                 "round_robin");
  }
  SweepParameter parameter;
  parameter.path = text.substr(0, equals);
  const std::string spec = text.substr(equals + 1);
  if (spec.find("..") != std::string::npos) {
    read_range(text, spec, parameter);
    return parameter;
  }
  std::size_t start = 0;
  while (start <= spec.size()) {
    const std::size_t comma = std::min(spec.find(',', start), spec.size());
    const std::string item = spec.substr(start, comma - start);
    if (item.empty()) {
      reject(text, "a comma-separated list without empty values");
    }
    nlohmann::ordered_json value = nlohmann::ordered_json::parse(item, nullptr, false);
    parameter.values.push_back(value.is_discarded() ? nlohmann::ordered_json(item) : value);
    start = comma + 1;
  }
  return parameter;
}

std::vector<std::vector<nlohmann::ordered_json>>
sweep_points(const std::vector<SweepParameter> &parameters, const std::optional<int> &samples,
             std::uint64_t seed) {
  std::vector<std::vector<nlohmann::ordered_json>> points;
  if (samples) {
    Rng rng = Rng::for_stream(seed, kHypercubeStream, 0);
    const auto n = static_cast<std::size_t>(*samples);
    points.assign(n, {});
    for (const SweepParameter &parameter : parameters) {
      if (!parameter.range) {
        reject(parameter.path, "a range LOW..HIGH for every --vary with --samples");
      }
      std::vector<std::size_t> strata(n);
      std::iota(strata.begin(), strata.end(), 0);
      for (std::size_t i = n; i > 1; --i) { // Fisher–Yates
        std::swap(strata[i - 1], strata[rng.below(i)]);
      }
      const auto [low, high] = *parameter.range;
      for (std::size_t i = 0; i < n; ++i) {
        const double value =
            low + (double(strata[i]) + rng.uniform_open01()) / double(n) * (high - low);
        points[i].emplace_back(parameter.integer ? nlohmann::ordered_json(std::llround(value))
                                                 : nlohmann::ordered_json(value));
      }
    }
    return points;
  }
  points.emplace_back();
  for (const SweepParameter &parameter : parameters) {
    std::vector<std::vector<nlohmann::ordered_json>> extended;
    for (const auto &point : points) {
      for (const auto &value : parameter.values) {
        extended.push_back(point);
        extended.back().push_back(value);
      }
    }
    points = std::move(extended);
    if (points.size() > kMaxPoints) {
      reject(parameter.path, "a grid of at most " + std::to_string(kMaxPoints) + " points");
    }
  }
  return points;
}

StopReason sweep_stop_reason(const std::vector<SweepPoint> &points) {
  for (const SweepPoint &point : points) {
    if (point.result.stop_reason != StopReason::completed) {
      return point.result.stop_reason;
    }
  }
  return StopReason::completed;
}

std::vector<SweepPoint> run_sweep(const std::filesystem::path &scenario_path,
                                  const std::vector<ScenarioOverride> &base,
                                  const std::vector<SweepParameter> &parameters,
                                  const SweepOptions &options) {
  const Scenario first = load_scenario(scenario_path, base);
  const auto points = sweep_points(parameters, options.latin_hypercube_samples, first.seed);
  std::vector<Scenario> scenarios; // every point loaded first: errors are reported in order
  for (const auto &values : points) {
    scenarios.push_back(point_scenario(scenario_path, base, parameters, values));
  }
  RunOptions one_thread = options.run;
  one_thread.threads = 1;
  return run_replications<SweepPoint>(
      static_cast<int>(points.size()), options.run.threads, [&](int i) {
        const auto index = static_cast<std::size_t>(i);
        return evaluate_point(scenarios[index], points[index], one_thread);
      });
}

} // namespace capsim
