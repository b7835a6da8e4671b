#pragma once
// The benchmark's figures: per case the median over its runs (wall time, and the rates it
// implies), peak RSS, whether every run gave the same results; the comparisons between cases
// (capsim against SimPy, two threads against one, memory at 1 h against 4 h); the issue's
// targets with their verdicts. Printed as a table and written as bench.json.
#include "tests/bench/bench_cases.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace capsim::bench {

struct CaseSummary {
  BenchCase bench;
  std::vector<Sample> samples;
  std::vector<double> peak_rss_mb; ///< per run
  std::string error;               ///< why the case failed, if it did
  double median_wall_s() const;
  double median_cpu_s() const;
  double peak_rss_max_mb() const;
  double events_per_s() const;
  double customers_per_s() const;
  double customers_per_cpu_s() const; ///< by the median CPU time: less hurt by other load
  bool runs_identical() const;        ///< every run's digest is the same
};

struct Target {
  std::string name;
  double value = 0.0;     ///< by wall time: what the target is judged on
  double cpu_value = 0.0; ///< the same figure by CPU time (0 where it does not apply)
  double limit = 0.0;
  std::string unit;
  bool at_least = true; ///< met when value >= limit (else when value <= limit)
  bool met() const { return at_least ? value >= limit : value <= limit; }
};

struct BenchReport {
  std::vector<CaseSummary> cases;
  std::vector<std::string> notes; ///< comparisons in words
  std::vector<Target> targets;
};

/// Derives the comparisons and the targets from the measured cases.
BenchReport make_report(std::vector<CaseSummary> cases);

std::string report_table(const BenchReport &report);
nlohmann::ordered_json report_json(const BenchReport &report);

} // namespace capsim::bench
