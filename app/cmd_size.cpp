// `capsim size SCENARIO [--vary PATH=VALUES ...] [--headroom X]`: the cheapest configuration of
// the scenario's decision space ("size", plus any --vary) that meets every SLO at today's
// load × the headroom (models/size.hpp), with the runners-up and why every other candidate
// was rejected. --out writes size.json and size.csv.
#include "app/commands.hpp"
#include "app/common_options.hpp"
#include "app/interrupt.hpp"
#include "app/output_files.hpp"
#include "app/progress.hpp"
#include "models/scenario_error.hpp"
#include "models/sweep.hpp"
#include "reports/size_report.hpp"

#include <memory>

namespace capsim::cli {
namespace {

struct SizeCommandOptions {
  CommonOptions common;
  std::vector<std::string> vary;
  std::optional<double> headroom;
  std::optional<int> runners_up;
};

/// The scenario's own space with the command line's changes.
SizeSpace decision_space(const SizeCommandOptions &options, const Scenario &base) {
  SizeSpace space = base.size_space.value_or(SizeSpace{});
  for (const std::string &text : options.vary) {
    add_decision(space, decision_of(parse_vary(text)));
  }
  if (space.decisions.empty()) {
    throw ScenarioError(base.source_file.string(), "/size",
                        "expected decisions to search: a \"size\" object in the scenario or "
                        "--vary PATH=VALUES, found neither");
  }
  space.headroom = options.headroom.value_or(space.headroom);
  space.runners_up = options.runners_up.value_or(space.runners_up);
  return space;
}

int size_command(const SizeCommandOptions &options) {
  const Scenario base = load_with_overrides(options.common);
  if (base.slos.empty()) {
    throw ScenarioError(base.source_file.string(), "/slos",
                        "expected a list of SLOs: sizing looks for the cheapest configuration "
                        "meeting them, found none");
  }
  check_event_guard(options.common, base);
  const SizeSpace space = decision_space(options, base);
  SizeOptions size;
  size.run.threads = effective_threads(options.common);
  size.run.limits = run_limits(options.common);
  Progress progress("size", "replications", 0, progress_wanted(options.common.quiet));
  size.run.on_replication_done = progress.on_replication_done();
  const SizeResult result =
      find_size(options.common.scenario_path, variant_overrides(options.common, base), space, size);
  progress.finish();
  throw_if_interrupted();
  warn_if_cut_short(result.stop_reason, "the candidates from the one cut short on were not judged");
  const nlohmann::ordered_json json = size_json(space, result);
  if (!options.common.out_dir.empty()) {
    write_output_file(options.common.out_dir, "size.json", json.dump(2) + "\n");
    write_output_file(options.common.out_dir, "size.csv", size_csv(space, result));
  }
  if (!options.common.quiet) {
    print_result(
        options.common.format,
        {[&] { return size_summary(space, result) + "\n\n" + size_table(space, result).to_text(); },
         [&] { return json.dump(2) + "\n"; }, [&] { return size_csv(space, result); }});
  }
  return kExitOk;
}

} // namespace

Action add_size_command(CLI::App &app) {
  auto options = std::make_shared<SizeCommandOptions>();
  CLI::App *command = app.add_subcommand(
      "size", "Cheapest configuration of the scenario's decisions that meets every SLO");
  command->footer("Examples:\n  capsim size scenarios/examples/growing_shop.json\n"
                  "  capsim size scenarios/validation/mmc_c8_rho070.json "
                  "--vary nodes.srv.concurrency=6..12 --headroom 1.2");
  add_common_options(*command, options->common);
  command
      ->add_option("--vary", options->vary,
                   "PATH=VALUES: the choices of one decision (a list or a range), added to the "
                   "scenario's \"size\" decisions (replacing one of the same path); repeatable")
      ->take_all()
      ->allow_extra_args(false);
  command
      ->add_option("--headroom", options->headroom,
                   "every SLO must hold at today's load times this (default: the scenario's "
                   "size.headroom, else 1)")
      ->check(CLI::Range(1.0, 100.0));
  command
      ->add_option("--runners-up", options->runners_up,
                   "passing candidates to confirm after the cheapest (default 2)")
      ->check(CLI::Range(0, 100));
  return [options] { return size_command(*options); };
}

} // namespace capsim::cli
