// Wiring of the capsim command line: subcommands, help, and the mapping of every error
// to one clear line on stderr and exit code 2 (DESIGN §2).
#include "app/commands.hpp"
#include "app/interrupt.hpp"
#include "app/output_files.hpp"
#include "models/scenario_error.hpp"

#include <iostream>
#include <map>

namespace capsim::cli {

int run_main(int argc, char **argv) {
  CLI::App app("capsim — discrete-event capacity-planning and cost simulator", "capsim");
  app.require_subcommand(1);
  app.footer("Examples:\n  capsim validate scenarios/examples/web_shop.json\n"
             "  capsim run scenarios/examples/web_shop.json --out out/run\n"
             "  capsim analyze scenarios/examples/web_shop.json\n"
             "  capsim headroom scenarios/examples/three_tier.json\n"
             "  capsim plan scenarios/examples/growing_shop.json --out out/plan\n"
             "  capsim availability scenarios/examples/availability.json\n"
             "Run 'capsim COMMAND --help' for a command's options.");
  const std::map<std::string, Action> actions{{"analyze", add_analyze_command(app)},
                                              {"audit", add_audit_command(app)},
                                              {"availability", add_availability_command(app)},
                                              {"compare", add_compare_command(app)},
                                              {"headroom", add_headroom_command(app)},
                                              {"plan", add_plan_command(app)},
                                              {"run", add_run_command(app)},
                                              {"size", add_size_command(app)},
                                              {"sweep", add_sweep_command(app)},
                                              {"validate", add_validate_command(app)}};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp &help) {
    return app.exit(help);
  } catch (const CLI::ParseError &error) {
    std::cerr << "capsim: " << error.what() << "\n";
    return kExitBadInput;
  }
  try {
    for (const auto &[name, action] : actions) {
      if (app.got_subcommand(name)) {
        return action();
      }
    }
  } catch (const ScenarioError &error) {
    std::cerr << error.what() << "\n";
    return kExitBadInput;
  } catch (const OutputError &error) {
    std::cerr << "capsim: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const Interrupted &) {
    std::cerr << "capsim: interrupted; no output written\n";
    return kExitInterrupted;
  }
  return kExitBadInput;
}

} // namespace capsim::cli
