// Shared simulation options and how they override the scenario (see common_options.hpp).
#include "app/common_options.hpp"

#include "models/event_budget.hpp"
#include "models/human_format.hpp"

#include "app/interrupt.hpp"
#include "app/output_files.hpp"
#include "app/terminal.hpp"
#include "models/scenario_error.hpp"
#include "models/scenario_loader.hpp"
#include "models/units.hpp"

#include <charconv>
#include <cmath>
#include <thread>

namespace capsim::cli {
namespace {

double option_duration_s(const std::string &option, const std::string &text) {
  // As in a scenario, a bare number is seconds: "3600", "0".
  double seconds = 0.0;
  const char *end = text.data() + text.size();
  if (const auto parsed = std::from_chars(text.data(), end, seconds);
      parsed.ec == std::errc() && parsed.ptr == end && std::isfinite(seconds)) {
    if (seconds < 0.0) {
      throw ScenarioError("command line", option, "expected a duration >= 0, found " + text);
    }
    return seconds;
  }
  try {
    return parse_duration_s(text);
  } catch (const std::invalid_argument &error) {
    throw ScenarioError("command line", option, std::string("expected ") + error.what());
  }
}

} // namespace

void add_override_option(CLI::App &command, std::vector<std::string> &overrides) {
  command
      .add_option("--set", overrides,
                  "Override a scenario value before it is read: PATH=VALUE with PATH a dotted "
                  "path (nodes.app.instances.max=64) or JSON pointer; repeatable")
      ->take_all()
      ->allow_extra_args(false);
}

Scenario load_with_set(const std::string &scenario_path,
                       const std::vector<std::string> &overrides) {
  std::vector<ScenarioOverride> parsed;
  for (const std::string &assignment : overrides) {
    parsed.push_back(parse_override(assignment));
  }
  return load_scenario(scenario_path, parsed);
}

void add_common_options(CLI::App &command, CommonOptions &options) {
  command.add_option("SCENARIO", options.scenario_path, "Scenario file (JSON)")->required();
  command.add_option("--seed", options.seed, "Override the scenario's random seed");
  command.add_option("--replications", options.replications, "Number of independent replications")
      ->check(CLI::Range(1, 100000));
  command.add_option("--duration", options.duration,
                     "Simulated time per replication, e.g. 6h, 30m, 3600 (seconds)");
  command.add_option("--warmup", options.warmup,
                     "Warm-up deleted from the start of each replication, e.g. 30m");
  command
      .add_option("--threads", options.threads,
                  "Worker threads for replications (0: one per core); results do not "
                  "depend on it")
      ->check(CLI::Range(0, 1024));
  command
      .add_option("--precision", options.precision,
                  "Add replications until every headline 95% CI half-width is within this "
                  "fraction of its estimate, e.g. 0.02")
      ->check(CLI::Range(0.0, 1.0));
  command
      .add_option("--max-replications", options.max_replications,
                  "Cap on replications when --precision is given")
      ->check(CLI::Range(2, 100000));
  command.add_option("--window", options.window,
                     "Time-series window of the first replication, e.g. 1m (0: none); "
                     "written to timeseries.csv with --out");
  command.add_option("--profile", options.profile,
                     "Load profile to apply, by name (default: the scenario's \"profile\", or "
                     "its first); none: the steady base load");
  command.add_option("--max-events", options.max_events,
                     "Stop each replication after this many events (0: no limit; without it, "
                     "a run estimated above 3e9 events per replication is refused)");
  command.add_option("--timeout", options.timeout,
                     "Stop the run after this much wall-clock time, e.g. 30s or 5m; partial "
                     "results are marked");
  add_format_option(command, options.format);
  command.add_option("--out", options.out_dir,
                     "Directory to write summary.json, report.md and report.html into");
  add_override_option(command, options.overrides);
  command.add_flag("--quiet,-q", options.quiet, "Print nothing on success (files still written)");
}

/// --profile NAME picks one of the scenario's profiles; "none" runs the steady base load.
void apply_profile_option(const std::string &name, Scenario &scenario) {
  if (name == "none") {
    scenario.active_profile.reset();
    return;
  }
  std::string names = "none";
  for (std::size_t i = 0; i < scenario.profiles.size(); ++i) {
    if (scenario.profiles[i].name == name) {
      scenario.active_profile = i;
      return;
    }
    names += ", " + scenario.profiles[i].name;
  }
  throw ScenarioError("command line", "--profile",
                      "expected a profile of the scenario (one of: " + names + "), found \"" +
                          name + "\"");
}

Scenario load_with_overrides(const CommonOptions &options) {
  Scenario scenario = load_with_set(options.scenario_path, options.overrides);
  check_output_directory(options.out_dir); // before any simulation, not after
  if (options.seed) {
    scenario.seed = *options.seed;
  }
  if (options.replications) {
    scenario.run.replications = *options.replications;
  }
  if (options.duration) {
    scenario.run.duration_s = option_duration_s("--duration", *options.duration);
    if (scenario.run.duration_s <= 0.0) {
      throw ScenarioError("command line", "--duration",
                          "expected a duration > 0, found " + *options.duration);
    }
  }
  if (options.warmup) {
    scenario.run.warmup_s = option_duration_s("--warmup", *options.warmup);
  }
  if (options.window) {
    scenario.run.window_s = option_duration_s("--window", *options.window);
  }
  if (options.profile) {
    apply_profile_option(*options.profile, scenario);
  }
  if (scenario.run.warmup_s >= scenario.run.duration_s) {
    throw ScenarioError("command line", "--warmup",
                        "expected a warm-up shorter than the duration (" +
                            format_duration_s(scenario.run.duration_s) + "), found " +
                            format_duration_s(scenario.run.warmup_s));
  }
  return scenario;
}

namespace {

/// 3e9 as "3 billion", 2.9e11 as "290 billion".
std::string large_count(double count) {
  return count >= 1e9 ? format_significant(count / 1e9) + " billion"
                      : format_significant(count / 1e6) + " million";
}

} // namespace

void check_event_guard(const CommonOptions &options, const Scenario &scenario) {
  if (options.max_events) {
    return;
  }
  const double events = estimated_events_per_replication(scenario);
  if (events > kDefaultEventGuard) {
    throw ScenarioError(scenario.source_file.string(), "/run/duration",
                        "expected a run of at most " + large_count(kDefaultEventGuard) +
                            " events per replication (a few minutes each), found an estimated " +
                            large_count(events) +
                            " (requests per second x duration x "
                            "calls); shorten the duration (--duration), or pass --max-events N "
                            "to cap each replication (0: no limit)");
  }
}

std::vector<ScenarioOverride> variant_overrides(const CommonOptions &options,
                                                const Scenario &base) {
  std::vector<ScenarioOverride> overrides;
  for (const std::string &assignment : options.overrides) {
    overrides.push_back(parse_override(assignment));
  }
  overrides.push_back(parse_override("/seed=" + std::to_string(base.seed)));
  overrides.push_back(
      parse_override("/run=" + nlohmann::ordered_json{{"duration", base.run.duration_s},
                                                      {"warmup", base.run.warmup_s},
                                                      {"replications", base.run.replications},
                                                      {"window", 0}}
                                   .dump()));
  return overrides;
}

RunLimits run_limits(const CommonOptions &options) {
  RunLimits limits;
  limits.max_events = options.max_events.value_or(0);
  if (options.timeout) {
    const double timeout_s = option_duration_s("--timeout", *options.timeout);
    limits.deadline = std::chrono::steady_clock::now() +
                      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                          std::chrono::duration<double>(timeout_s));
  }
  limits.stop_requested = &interrupt_flag();
  return limits;
}

void warn_if_cut_short(StopReason reason, const std::string &consequence) {
  if (reason != StopReason::completed) {
    print_warning(std::string("stopped early (") + stop_reason_name(reason) + "): " + consequence);
  }
}

int effective_threads(const CommonOptions &options) {
  if (options.threads > 0) {
    return options.threads;
  }
  return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

} // namespace capsim::cli
