// Medians, comparisons, targets, the table and bench.json (see bench_report.hpp).
#include "tests/bench/bench_report.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace capsim::bench {
namespace {

constexpr double kMillion = 1e6;
constexpr double kMmOneCustomersPerS = 12e6;
constexpr double kSimPyRatio = 70.0;
constexpr double kScenarioRequestsPerS = 1.5e6;
constexpr double kPlanSeconds = 10.0;
constexpr double kPlanFastSeconds = 0.2;
constexpr double kTwoThreadSpeedup = 1.8;
constexpr double kMemoryLimitMb = 200.0;
constexpr double kMemoryGrowthLimit = 1.1; // RSS at 4 h over RSS at 1 h

double median(std::vector<double> values) {
  if (values.empty()) {
    return 0.0;
  }
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string significant(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

/// 12.3M, 456k, 789; "-" for none
std::string rate_text(double value) {
  if (value <= 0.0) {
    return "-";
  }
  if (value >= kMillion) {
    return fixed(value / kMillion, 2) + "M";
  }
  if (value >= 1e3) {
    return fixed(value / 1e3, 1) + "k";
  }
  return fixed(value, 0);
}

const CaseSummary *find(const std::vector<CaseSummary> &cases, const std::string &name) {
  for (const CaseSummary &summary : cases) {
    if (summary.bench.name == name && summary.error.empty() && !summary.samples.empty()) {
      return &summary;
    }
  }
  return nullptr;
}

bool starts_with(const std::string &text, const std::string &prefix) {
  return text.rfind(prefix, 0) == 0;
}

std::string after_colon(const std::string &name) {
  return name.substr(name.find(':') + 1);
}

} // namespace

double CaseSummary::median_wall_s() const {
  std::vector<double> walls;
  for (const Sample &sample : samples) {
    walls.push_back(sample.wall_s);
  }
  return median(walls);
}

double CaseSummary::median_cpu_s() const {
  std::vector<double> cpus;
  for (const Sample &sample : samples) {
    cpus.push_back(sample.cpu_s);
  }
  return median(cpus);
}

double CaseSummary::customers_per_cpu_s() const {
  const double cpu_s = median_cpu_s();
  return samples.empty() || cpu_s <= 0.0 ? 0.0
                                         : static_cast<double>(samples.front().customers) / cpu_s;
}

double CaseSummary::peak_rss_max_mb() const {
  return peak_rss_mb.empty() ? 0.0 : *std::max_element(peak_rss_mb.begin(), peak_rss_mb.end());
}

double CaseSummary::events_per_s() const {
  const double wall_s = median_wall_s();
  return samples.empty() || wall_s <= 0.0 ? 0.0
                                          : static_cast<double>(samples.front().events) / wall_s;
}

double CaseSummary::customers_per_s() const {
  const double wall_s = median_wall_s();
  return samples.empty() || wall_s <= 0.0 ? 0.0
                                          : static_cast<double>(samples.front().customers) / wall_s;
}

bool CaseSummary::runs_identical() const {
  return std::all_of(samples.begin(), samples.end(), [&](const Sample &sample) {
    return sample.digest == samples.front().digest && sample.events == samples.front().events;
  });
}

BenchReport make_report(std::vector<CaseSummary> cases) {
  BenchReport report;
  report.cases = std::move(cases);
  const std::vector<CaseSummary> &all = report.cases;
  const CaseSummary *mm1 = find(all, "mm1");
  if (mm1 != nullptr) {
    report.targets.push_back({"M/M/1 customers/s", mm1->customers_per_s(),
                              mm1->customers_per_cpu_s(), kMmOneCustomersPerS, "customers/s",
                              true});
  }
  if (const CaseSummary *simpy = find(all, "simpy:mm1"); mm1 != nullptr && simpy != nullptr) {
    const double ratio = mm1->customers_per_s() / simpy->customers_per_s();
    const double cpu_ratio = mm1->customers_per_cpu_s() / simpy->customers_per_cpu_s();
    report.notes.push_back("M/M/1: capsim " + rate_text(mm1->customers_per_s()) +
                           " customers/s, SimPy " + rate_text(simpy->customers_per_s()) +
                           " customers/s: capsim/SimPy = " + fixed(ratio, 0) + "x");
    report.targets.push_back({"M/M/1 capsim/SimPy", ratio, cpu_ratio, kSimPyRatio, "x", true});
  }
  for (const CaseSummary &summary : all) {
    if (!summary.error.empty() || summary.samples.empty()) {
      continue;
    }
    const std::string &name = summary.bench.name;
    if (starts_with(name, "run:")) {
      report.targets.push_back({summary.bench.title + " requests/s", summary.customers_per_s(),
                                summary.customers_per_cpu_s(), kScenarioRequestsPerS, "requests/s",
                                true});
    } else if (starts_with(name, "plan:")) {
      report.targets.push_back({"plan " + after_colon(name) + " (24 months)",
                                summary.median_wall_s(), summary.median_cpu_s(), kPlanSeconds, "s",
                                false});
    } else if (starts_with(name, "plan-fast:")) {
      report.targets.push_back({"plan --fast " + after_colon(name) + " (24 months)",
                                summary.median_wall_s(), summary.median_cpu_s(), kPlanFastSeconds,
                                "s", false});
    }
  }
  const CaseSummary *one = find(all, "threads1:three_tier");
  const CaseSummary *two = find(all, "threads2:three_tier");
  if (one != nullptr && two != nullptr) {
    const double speedup = two->customers_per_s() / one->customers_per_s();
    const bool identical = one->samples.front().digest == two->samples.front().digest &&
                           one->runs_identical() && two->runs_identical();
    report.notes.push_back(
        std::string("replications on 2 threads: ") + fixed(speedup, 2) + "x" +
        " the 1-thread throughput; results " + (identical ? "identical" : "DIFFERENT") +
        " (digest " + one->samples.front().digest + " vs " + two->samples.front().digest + ")");
    report.targets.push_back({"2 threads / 1 thread", speedup, 0.0, kTwoThreadSpeedup, "x", true});
    report.targets.push_back(
        {"2 threads: identical results", identical ? 1.0 : 0.0, 0.0, 1.0, "", true});
  }
  const CaseSummary *short_run = find(all, "memory1h:three_tier");
  const CaseSummary *long_run = find(all, "memory4h:three_tier");
  if (short_run != nullptr) {
    report.targets.push_back({"three_tier 10k/s 1 h peak RSS", short_run->peak_rss_max_mb(), 0.0,
                              kMemoryLimitMb, "MB", false});
  }
  if (short_run != nullptr && long_run != nullptr) {
    const double growth = long_run->peak_rss_max_mb() / short_run->peak_rss_max_mb();
    report.notes.push_back("10,000 requests/s through three_tier: peak RSS " +
                           fixed(short_run->peak_rss_max_mb(), 1) + " MB" + " at 1 h, " +
                           fixed(long_run->peak_rss_max_mb(), 1) + " MB" + " at 4 h");
    report.targets.push_back({"peak RSS 4 h / 1 h", growth, 0.0, kMemoryGrowthLimit, "x", false});
  }
  return report;
}

std::string report_table(const BenchReport &report) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-32s %4s %9s %9s %9s %12s %12s %8s  %s\n", "case", "runs",
                "median s", "CPU s", "events/s", "customers/s", "cust./CPU s", "RSS MB",
                "same results");
  out << line;
  for (const CaseSummary &summary : report.cases) {
    if (!summary.error.empty()) {
      std::snprintf(line, sizeof line, "%-32s failed: %s\n", summary.bench.title.c_str(),
                    summary.error.c_str());
      out << line;
      continue;
    }
    std::snprintf(line, sizeof line, "%-32s %4zu %9.3f %9.3f %9s %12s %12s %8.1f  %s\n",
                  summary.bench.title.c_str(), summary.samples.size(), summary.median_wall_s(),
                  summary.median_cpu_s(), rate_text(summary.events_per_s()).c_str(),
                  rate_text(summary.customers_per_s()).c_str(),
                  rate_text(summary.customers_per_cpu_s()).c_str(), summary.peak_rss_max_mb(),
                  summary.runs_identical() ? "yes" : "NO");
    out << line;
  }
  out << "\n";
  for (const std::string &note : report.notes) {
    out << note << "\n";
  }
  out << "\ntargets (judged by wall time; in brackets the same figure by CPU time):\n";
  for (const Target &target : report.targets) {
    const bool rate = target.unit == "customers/s" || target.unit == "requests/s";
    const auto text = [&](double value) { return rate ? rate_text(value) : significant(value, 3); };
    const std::string cpu = target.cpu_value > 0.0 ? "(" + text(target.cpu_value) + ")" : "";
    std::snprintf(line, sizeof line, "  %-40s %8s %9s %s %-7s %-11s %s\n", target.name.c_str(),
                  text(target.value).c_str(), cpu.c_str(),
                  target.at_least ? ">=" : "<=", text(target.limit).c_str(), target.unit.c_str(),
                  target.met() ? "met" : "NOT MET");
    out << line;
  }
  return out.str();
}

nlohmann::ordered_json report_json(const BenchReport &report) {
  nlohmann::ordered_json cases = nlohmann::ordered_json::array();
  for (const CaseSummary &summary : report.cases) {
    nlohmann::ordered_json entry = {{"name", summary.bench.name},
                                    {"title", summary.bench.title},
                                    {"group", summary.bench.group}};
    if (!summary.error.empty()) {
      entry["error"] = summary.error;
      cases.push_back(entry);
      continue;
    }
    std::vector<double> walls;
    for (const Sample &sample : summary.samples) {
      walls.push_back(sample.wall_s);
    }
    entry["runs"] = summary.samples.size();
    entry["wall_s"] = {{"median", summary.median_wall_s()},
                       {"min", *std::min_element(walls.begin(), walls.end())},
                       {"max", *std::max_element(walls.begin(), walls.end())},
                       {"all", walls}};
    std::vector<double> cpus;
    for (const Sample &sample : summary.samples) {
      cpus.push_back(sample.cpu_s);
    }
    entry["cpu_s"] = {{"median", summary.median_cpu_s()}, {"all", cpus}};
    entry["events"] = summary.samples.front().events;
    entry["customers"] = summary.samples.front().customers;
    entry["events_per_s"] = summary.events_per_s();
    entry["customers_per_s"] = summary.customers_per_s();
    entry["customers_per_cpu_s"] = summary.customers_per_cpu_s();
    entry["peak_rss_mb"] = summary.peak_rss_max_mb();
    entry["digest"] = summary.samples.front().digest;
    entry["runs_identical"] = summary.runs_identical();
    cases.push_back(entry);
  }
  nlohmann::ordered_json targets = nlohmann::ordered_json::array();
  for (const Target &target : report.targets) {
    targets.push_back({{"name", target.name},
                       {"value", target.value},
                       {"value_by_cpu_time", target.cpu_value},
                       {target.at_least ? "at_least" : "at_most", target.limit},
                       {"unit", target.unit},
                       {"met", target.met()}});
  }
  return {{"cases", cases}, {"comparisons", report.notes}, {"targets", targets}};
}

} // namespace capsim::bench
