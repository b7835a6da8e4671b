// capsim: the command-line entry point. Each subcommand lives in its own file (cmd_*.cpp)
// and registers itself on the CLI11 app; this file only wires them together.
#include "app/commands.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char **argv) {
  return capsim::cli::run_main(argc, argv);
}
