// The benchmark's cases (see bench_cases.hpp): the reference models, the examples, every seed
// scenario's run and 24-month plan, replications on one and two threads, memory at 10,000
// requests/s, and the M/M/1 in SimPy.
#include "tests/bench/bench_cases.hpp"

#include "models/json_document.hpp"
#include "models/plan/planner.hpp"
#include "models/run_scenario.hpp"
#include "models/scenario_loader.hpp"
#include "reports/json_report.hpp"
#include "reports/plan_report.hpp"
#include "tests/bench/reference_models.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace capsim::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kPlanHorizonMonths = 24;
constexpr int kThreadCaseReplications = 6;
constexpr double kMemoryRatePerS = 10'000.0;
constexpr double kMemoryShortHours = 1.0;
constexpr double kMemoryLongHours = 4.0;

std::string fnv1a_hex(const std::string &text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// CPU time of this process so far, every thread included.
double process_cpu_s() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

Sample run_once(const Scenario &scenario, int threads) {
  RunOptions options;
  options.threads = threads;
  const auto start = Clock::now();
  const double cpu_start_s = process_cpu_s();
  const RunResult result = run_scenario(scenario, options);
  const double cpu_s = process_cpu_s() - cpu_start_s;
  const double wall_s = seconds_since(start);
  return {wall_s, cpu_s, result.events, result.requests_started,
          fnv1a_hex(run_result_to_json(result).dump())};
}

Sample plan_once(const Scenario &scenario, bool fast) {
  plan::PlanOptions options;
  options.simulate = !fast;
  options.run.threads = 1;
  const auto start = Clock::now();
  const double cpu_start_s = process_cpu_s();
  const plan::PlanResult result = plan::make_plan(scenario, options);
  const double cpu_s = process_cpu_s() - cpu_start_s;
  const double wall_s = seconds_since(start);
  Sample sample{wall_s, cpu_s, 0, 0, fnv1a_hex(plan_to_json(scenario, result).dump())};
  for (const plan::MonthPlan &month : result.months) {
    if (month.peak) {
      sample.events += month.peak->result.events;
      sample.customers += month.peak->result.requests_started;
    }
  }
  return sample;
}

ScenarioOverride set(const std::string &assignment) {
  return parse_override(assignment);
}

/// The scenario's plan over 24 months: its growth's horizon set to 24 when it has growth
/// (a scenario without one is flat for the default horizon).
Scenario plan_scenario(const fs::path &file) {
  const nlohmann::ordered_json document = read_json_file(file, {file.string(), file.parent_path()});
  if (!document.contains("growth")) {
    return load_scenario(file);
  }
  return load_scenario(file, {set("growth.horizon_months=" + std::to_string(kPlanHorizonMonths))});
}

/// The three-tier example at 10,000 requests/s (25 times its rate) for `hours`, one
/// replication, every tier's capacity 25 times as large (slots per instance, pools and
/// limits; the same instance counts, so that balancers scan as many instances as in the
/// example) so that it runs at the example's utilizations.
Scenario three_tier_at_10k(const fs::path &file, double hours) {
  return load_scenario(
      file,
      {set("workload.arrivals.rate=" + std::to_string(static_cast<int>(kMemoryRatePerS)) + "/s"),
       set("run.duration=" + std::to_string(hours * 3600.0)), set("run.warmup=0"),
       set("run.replications=1"), set("nodes.lb.max_connections=50000"),
       set("nodes.app.concurrency=800"), set("nodes.redis.concurrency=400"),
       set("nodes.db.primary.concurrency=200"), set("nodes.db.replicas.concurrency=200"),
       set("nodes.db.pool={\"size\": 250, \"max_overflow\": 125}"),
       set("nodes.db.max_connections=5000"), set("nodes.jobs.concurrency=50"),
       set("nodes.llm.rate_limit={\"rate\": \"75000/m\", \"burst\": 1250}"),
       set("nodes.llm.max_in_flight=5000")});
}

/// Seed scenarios present now, by file name.
std::vector<fs::path> seed_files(const fs::path &dir) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const fs::directory_entry &entry : fs::directory_iterator(dir, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

BenchCase in_process(std::string name, std::string title, std::string group, int runs,
                     std::function<Sample()> measure) {
  return {std::move(name), std::move(title), std::move(group), runs, std::move(measure), {}};
}

} // namespace

std::vector<BenchCase> make_cases(const BenchOptions &options) {
  const int runs = options.repeats;
  const double customers = options.customers;
  const fs::path examples = options.source_dir / "scenarios" / "examples";
  const fs::path three_tier = examples / "three_tier.json";
  const fs::path growing_shop = examples / "growing_shop.json";
  std::vector<BenchCase> cases{
      in_process("mm1", "M/M/1 rho=0.9", "engine", runs,
                 [=] { return run_once(mmc_station(1, 0.9, customers), 1); }),
      in_process("mm8", "M/M/8 rho=0.9", "engine", runs,
                 [=] { return run_once(mmc_station(8, 0.9, customers), 1); }),
      in_process("jackson10", "Jackson, 10 nodes", "engine", runs,
                 [=] { return run_once(jackson_network(customers / 5.0), 1); }),
      in_process("run:three_tier", "run three_tier", "scenario", runs,
                 [=] { return run_once(load_scenario(three_tier), 1); }),
  };
  const fs::path seeds_dir =
      options.seeds_dir.empty() ? options.source_dir / "scenarios" / "seeds" : options.seeds_dir;
  const std::vector<fs::path> seeds = seed_files(seeds_dir);
  for (const fs::path &seed : seeds) {
    const std::string stem = seed.stem().string();
    cases.push_back(in_process("run:" + stem, "run " + stem, "scenario", runs,
                               [=] { return run_once(load_scenario(seed), 1); }));
  }
  std::vector<fs::path> planned = seeds;
  planned.insert(planned.begin(), growing_shop); // the example of `make run`, seeds or not
  for (const fs::path &file : planned) {
    const std::string stem = file.stem().string();
    cases.push_back(in_process("plan:" + stem, "plan " + stem, "plan", runs,
                               [=] { return plan_once(plan_scenario(file), false); }));
    cases.push_back(in_process("plan-fast:" + stem, "plan --fast " + stem, "plan", runs,
                               [=] { return plan_once(plan_scenario(file), true); }));
  }
  for (const int threads : {1, 2}) {
    cases.push_back(in_process("threads" + std::to_string(threads) + ":three_tier",
                               "three_tier x" + std::to_string(kThreadCaseReplications) + ", " +
                                   std::to_string(threads) +
                                   (threads == 1 ? " thread" : " threads"),
                               "threads", runs, [=] {
                                 Scenario scenario = load_scenario(three_tier);
                                 scenario.run.replications = kThreadCaseReplications;
                                 return run_once(scenario, threads);
                               }));
  }
  if (options.memory) {
    for (const double hours : {kMemoryShortHours, kMemoryLongHours}) {
      const std::string label = std::to_string(static_cast<int>(hours)) + "h";
      cases.push_back(in_process("memory" + label + ":three_tier", "three_tier 10k/s, " + label,
                                 "memory", options.memory_repeats, [=] {
                                   return run_once(three_tier_at_10k(three_tier, hours), 1);
                                 }));
    }
  }
  cases.push_back(
      {"simpy:mm1",
       "M/M/1 rho=0.9 SimPy",
       "simpy",
       runs,
       {},
       {options.python, (options.source_dir / "tests" / "bench" / "mm1_simpy.py").string(),
        "--customers", std::to_string(static_cast<long long>(options.simpy_customers))}});
  if (!options.only.empty()) {
    std::erase_if(cases, [&](const BenchCase &bench) {
      return bench.name.find(options.only) == std::string::npos;
    });
  }
  return cases;
}

std::string sample_to_json_line(const Sample &sample) {
  return nlohmann::ordered_json{{"wall_s", sample.wall_s},
                                {"cpu_s", sample.cpu_s},
                                {"events", sample.events},
                                {"customers", sample.customers},
                                {"digest", sample.digest}}
      .dump();
}

Sample sample_from_json_line(const std::string &line) {
  const nlohmann::json json = nlohmann::json::parse(line);
  return {json.at("wall_s").get<double>(), json.at("cpu_s").get<double>(),
          json.at("events").get<std::uint64_t>(), json.at("customers").get<std::uint64_t>(),
          json.value("digest", std::string{})};
}

} // namespace capsim::bench
