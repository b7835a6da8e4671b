// `capsim availability SCENARIO`: how often each request class is served given how its
// components fail (models/availability/availability_study.hpp) — Markov models beside a long
// failure simulation, downtime per month and year, the chance of meeting 99.9% and 99.95% in a
// month, the weakest component and the redundancy that would meet the target. Writes
// availability.json, report.md and report.html with --out.
#include "app/commands.hpp"
#include "app/common_options.hpp"
#include "app/interrupt.hpp"
#include "app/output_files.hpp"
#include "models/availability/availability_study.hpp"
#include "models/scenario_error.hpp"
#include "models/units.hpp"
#include "reports/availability_report.hpp"
#include "reports/availability_tables.hpp"

#include <memory>

namespace capsim::cli {
namespace {

struct AvailabilityCommandOptions {
  std::string scenario_path;
  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
  std::optional<std::string> duration;
  int threads = 0;
  OutputFormat format = OutputFormat::table;
  std::vector<std::string> overrides;
  std::string out_dir;
  bool quiet = false;
};

Scenario load(const AvailabilityCommandOptions &options) {
  Scenario scenario = load_with_set(options.scenario_path, options.overrides);
  if (options.seed) {
    scenario.seed = *options.seed;
  }
  if (options.replications) {
    scenario.availability.replications = *options.replications;
  }
  if (options.duration) {
    double duration_s = 0.0;
    try {
      duration_s = parse_duration_s(*options.duration);
    } catch (const std::invalid_argument &error) {
      throw ScenarioError("command line", "--duration", std::string("expected ") + error.what());
    }
    if (duration_s < kSecondsPerMonth || duration_s > 100.0 * kSecondsPerYear) {
      throw ScenarioError("command line", "--duration",
                          "expected a simulated time from one month (730h) to 100 years "
                          "(36500d), found " +
                              *options.duration);
    }
    scenario.availability.duration_s = duration_s;
  }
  return scenario;
}

int availability_command(const AvailabilityCommandOptions &options) {
  check_output_directory(options.out_dir);
  const Scenario scenario = load(options);
  CommonOptions threads_option;
  threads_option.threads = options.threads;
  const int threads = effective_threads(threads_option);
  const availability::AvailabilityStudy study = availability::study_availability(scenario, threads);
  throw_if_interrupted();
  const std::string json = availability_to_json(scenario, study).dump(2) + "\n";
  if (!options.out_dir.empty()) {
    write_output_file(options.out_dir, "availability.json", json);
    write_output_file(options.out_dir, "report.md", availability_report_markdown(scenario, study));
    write_output_file(options.out_dir, "report.html", availability_report_html(scenario, study));
  }
  if (!options.quiet) {
    print_result(options.format,
                 {[&] { return availability_report_text(scenario, study); }, [&] { return json; },
                  [&] { return availability_sections(scenario, study).front().table().to_csv(); }});
  }
  return kExitOk;
}

} // namespace

Action add_availability_command(CLI::App &app) {
  auto options = std::make_shared<AvailabilityCommandOptions>();
  CLI::App *command = app.add_subcommand(
      "availability", "How often each class is served as components fail and are repaired; "
                      "what redundancy would meet the target");
  command->footer("Example:\n  capsim availability scenarios/examples/availability.json --out "
                  "out/availability\n"
                  "Failures come from each node's \"reliability\" and the \"availability\" section "
                  "(scenarios/README.md).");
  command->add_option("SCENARIO", options->scenario_path, "Scenario file (JSON)")->required();
  command->add_option("--seed", options->seed, "Override the scenario's random seed");
  command
      ->add_option("--replications", options->replications,
                   "Replications of the failure simulation (default: the scenario's, or 20)")
      ->check(CLI::Range(1, 10000));
  command->add_option("--duration", options->duration,
                      "Simulated time per replication, e.g. 3650d (default: the scenario's, or "
                      "ten years)");
  command
      ->add_option("--threads", options->threads,
                   "Worker threads for replications (0: one per core); results do not depend on it")
      ->check(CLI::Range(0, 1024));
  add_format_option(*command, options->format);
  command->add_option("--out", options->out_dir,
                      "Directory to write availability.json, report.md and report.html into");
  add_override_option(*command, options->overrides);
  command->add_flag("--quiet,-q", options->quiet, "Print nothing on success (files still written)");
  return [options] { return availability_command(*options); };
}

} // namespace capsim::cli
