#pragma once
// The capsim subcommands. Each registers itself on the CLI11 app and returns the process
// exit code through `exit_code` once parsing succeeded (DESIGN §2: 0 ok, 1 an SLO failed
// with --check, 2 bad input or usage).
#include <CLI/CLI.hpp>

#include <functional>

namespace capsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 2;

/// A registered subcommand's action, run after a successful parse.
using Action = std::function<int()>;

Action add_analyze_command(CLI::App &app);
Action add_audit_command(CLI::App &app);
Action add_availability_command(CLI::App &app);
Action add_compare_command(CLI::App &app);
Action add_headroom_command(CLI::App &app);
Action add_plan_command(CLI::App &app);
Action add_run_command(CLI::App &app);
Action add_size_command(CLI::App &app);
Action add_sweep_command(CLI::App &app);
Action add_validate_command(CLI::App &app);

/// Parses argv, runs the chosen subcommand and maps every error to its exit code.
int run_main(int argc, char **argv);

} // namespace capsim::cli
