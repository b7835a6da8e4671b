#pragma once
// Options shared by the commands that simulate (DESIGN §2): they override the scenario's
// own seed and run settings, and choose the output format and directory.
#include "app/output_format.hpp"
#include "models/run_limits.hpp"
#include "models/scenario.hpp"
#include "models/scenario_overrides.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace capsim::cli {

struct CommonOptions {
  std::string scenario_path;
  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
  std::optional<std::string> duration;
  std::optional<std::string> warmup;
  std::optional<std::string> window;
  std::optional<std::string> profile; // a name among the scenario's profiles, or "none"
  int threads = 0;                    // 0: all hardware threads
  double precision = 0.0;
  std::optional<std::uint64_t> max_events; // none: the default guard applies
  std::optional<std::string> timeout;
  int max_replications = 1000;
  OutputFormat format = OutputFormat::table;
  std::vector<std::string> overrides; // --set PATH=VALUE, in order
  std::string out_dir;
  bool quiet = false;
};

/// Adds --set PATH=VALUE (repeatable) to a subcommand.
void add_override_option(CLI::App &command, std::vector<std::string> &overrides);

/// Loads the scenario with its --set overrides applied.
Scenario load_with_set(const std::string &scenario_path, const std::vector<std::string> &overrides);

/// Adds the shared options (and the SCENARIO positional) to a subcommand.
void add_common_options(CLI::App &command, CommonOptions &options);

/// Loads the scenario and applies the command-line overrides; throws ScenarioError
/// (exit 2) for bad input, naming the option where the option is at fault, and OutputError
/// (exit 2) for an --out directory that cannot be created or written.
Scenario load_with_overrides(const CommonOptions &options);

/// Without --max-events, refuses (ScenarioError, exit 2) a scenario whose replications are
/// estimated beyond kDefaultEventGuard events each, naming the estimate and the way out.
void check_event_guard(const CommonOptions &options, const Scenario &scenario);

/// The overrides that make a variant of `base` (a sweep point, a sizing candidate) run as
/// `base` was loaded: the --set values, then the seed and run settings after the command-line
/// options, with no time series.
std::vector<ScenarioOverride> variant_overrides(const CommonOptions &options, const Scenario &base);

/// The run's guards: --max-events, --timeout and the Ctrl-C flag.
RunLimits run_limits(const CommonOptions &options);

/// A result the run limits cut short says so on stderr, even with --quiet or --format json:
/// "warning: stopped early (timeout): <consequence>".
void warn_if_cut_short(StopReason reason, const std::string &consequence);

/// The worker-thread count to use: --threads, or the hardware's when it is 0.
int effective_threads(const CommonOptions &options);

} // namespace capsim::cli
