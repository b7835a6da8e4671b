// capsim_bench: the benchmark suite (`make bench`; never part of `make test`). Every case runs
// --repeats times, each run in its own child process (this program with --run-case, or the
// SimPy script), single thread unless the case says otherwise, every statistic on. Figures per
// case: the median wall time and the events/s and customers/s it implies, the peak RSS, and
// whether every run gave the same results. Prints a table with the targets of issue #8 and
// writes bench.json. Not a test: it asserts nothing, and its exit code only says it ran.
#include "tests/bench/bench_cases.hpp"
#include "tests/bench/bench_report.hpp"
#include "tests/bench/child_process.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace {

using namespace capsim::bench;
namespace fs = std::filesystem;

/// The arguments that make a child build the same cases as its parent.
std::vector<std::string> child_argv(const BenchOptions &options, const std::string &name) {
  return {fs::read_symlink("/proc/self/exe").string(),
          "--run-case",
          name,
          "--customers",
          std::to_string(options.customers),
          "--source",
          options.source_dir.string(),
          "--seeds",
          options.seeds_dir.string()};
}

CaseSummary measure(const BenchCase &bench, const BenchOptions &options) {
  CaseSummary summary{bench, {}, {}, {}};
  const std::vector<std::string> argv =
      bench.external_argv.empty() ? child_argv(options, bench.name) : bench.external_argv;
  std::fprintf(stderr, "%s: %d run%s\n", bench.title.c_str(), bench.runs,
               bench.runs == 1 ? "" : "s");
  for (int run = 0; run < bench.runs; ++run) {
    try {
      const ChildOutput output = run_child(argv);
      if (output.exit_status != 0) {
        summary.error = "exit status " + std::to_string(output.exit_status);
        break;
      }
      summary.samples.push_back(sample_from_json_line(output.stdout_text));
      summary.peak_rss_mb.push_back(output.peak_rss_mb);
    } catch (const std::exception &error) {
      summary.error = error.what();
      break;
    }
  }
  return summary;
}

int run_case(const BenchOptions &options, const std::string &name) {
  for (const BenchCase &bench : make_cases(options)) {
    if (bench.name == name && bench.measure) {
      std::cout << sample_to_json_line(bench.measure()) << std::endl;
      return 0;
    }
  }
  std::cerr << "capsim_bench: no case " << name << "\n";
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  BenchOptions options;
  options.output = fs::path(CAPSIM_BINARY_DIR) / "bench.json";
  std::string run_case_name;
  CLI::App app{"capsim benchmark suite: throughput, plan times, threads, memory, SimPy"};
  app.add_option("--repeats", options.repeats, "Runs per case (median reported; default 5)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--memory-repeats", options.memory_repeats,
                 "Runs of each 10,000 req/s memory case (default 1: RSS does not need a "
                 "median, and the 4 h case takes minutes)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--customers", options.customers, "Customers per M/M/c run (default 1e7)")
      ->check(CLI::Range(1e3, 1e10));
  app.add_option("--simpy-customers", options.simpy_customers,
                 "Customers per SimPy run (default 5e4)")
      ->check(CLI::Range(1e3, 1e9));
  app.add_option("--output", options.output, "Where to write bench.json (default: build dir)");
  app.add_option("--source", options.source_dir, "The capsim source tree (scenarios, scripts)");
  app.add_option("--seeds", options.seeds_dir,
                 "Directory of seed scenarios (default SOURCE/scenarios/seeds)");
  app.add_option("--python", options.python, "Python with SimPy (default /usr/bin/python3)");
  app.add_option("--only", options.only, "Run only the cases whose name contains this");
  app.add_flag("!--no-memory", options.memory, "Skip the 10,000 req/s memory cases");
  app.add_option("--run-case", run_case_name, "Internal: run one case once, print its sample")
      ->group("");
  CLI11_PARSE(app, argc, argv);
  if (options.seeds_dir.empty()) {
    options.seeds_dir = options.source_dir / "scenarios" / "seeds";
  }
  if (!run_case_name.empty()) {
    return run_case(options, run_case_name);
  }

  std::vector<CaseSummary> summaries;
  for (const BenchCase &bench : make_cases(options)) {
    summaries.push_back(measure(bench, options));
  }
  const BenchReport report = make_report(std::move(summaries));
  std::cout << report_table(report);
  std::ofstream(options.output) << report_json(report).dump(2) << "\n";
  std::cout << "\nwrote " << options.output.string() << "\n";
  return 0;
}
