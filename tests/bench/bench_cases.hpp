#pragma once
// The benchmark's cases. Each is measured in its own child process (see child_process.hpp):
// either this program re-run with --run-case NAME, which performs the case's work once, or an
// external command (the SimPy model). Either prints one JSON line: wall_s and cpu_s (the
// work alone, not the program's start), events, customers, and a digest of the results.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace capsim::bench {

struct BenchOptions {
  int repeats = 5;              ///< runs per case (the memory cases run memory_repeats)
  int memory_repeats = 1;       ///< runs of each 10,000 req/s memory case
  double customers = 1e7;       ///< per M/M/c run
  double simpy_customers = 5e4; ///< per SimPy run (rates are compared, not totals)
  std::filesystem::path source_dir = CAPSIM_SOURCE_DIR;
  std::filesystem::path seeds_dir; ///< default: source_dir/scenarios/seeds
  std::filesystem::path output;    ///< bench.json; default: next to this program
  std::string python = "/usr/bin/python3";
  std::string only; ///< run only cases whose name contains this
  bool memory = true;
};

/// What one run of a case measured.
struct Sample {
  double wall_s = 0.0;
  double cpu_s = 0.0; ///< the process's CPU time over the work (all threads): on a machine
                      ///< shared with other work, what the work itself took
  std::uint64_t events = 0;
  std::uint64_t customers = 0; ///< requests started (customers, in queueing terms)
  std::string digest;          ///< FNV-1a of the results' JSON: equal digests, equal results
};

struct BenchCase {
  std::string name;  ///< unique, for --run-case and --only: "mm1", "run:three_tier"
  std::string title; ///< for the table
  std::string group; ///< engine, scenario, plan, threads, memory, simpy
  int runs = 5;
  std::function<Sample()> measure;        ///< the work, in a child (empty for external ones)
  std::vector<std::string> external_argv; ///< a command printing a Sample's JSON line
};

/// Every case, in table order; seed scenarios are discovered in options.seeds_dir now.
std::vector<BenchCase> make_cases(const BenchOptions &options);

/// The JSON line a child prints for a sample, and its parse.
std::string sample_to_json_line(const Sample &sample);
Sample sample_from_json_line(const std::string &line);

} // namespace capsim::bench
