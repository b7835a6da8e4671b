// capsim_bench: throughput of the engine on reference models, single thread, statistics on.
// Each case runs one replication several times; we report the median wall time and the
// customers (requests) and events per second it implies. Not a test: it asserts nothing.
// Usage: capsim_bench [--repeats N] [--customers N]
#include "models/call_program.hpp"
#include "models/network_simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace capsim;

namespace {

struct BenchCase {
  std::string name;
  Scenario scenario;
};

Scenario single_station(const std::string &name, int servers, double utilization,
                        double customers) {
  Scenario scenario;
  scenario.name = name;
  scenario.seed = 1;
  const double arrival_rate_per_s = utilization * servers; // mean service 1 s
  scenario.run = RunSpec{customers / arrival_rate_per_s, 0.0, 1};
  scenario.workload.kind = WorkloadKind::open;
  scenario.workload.arrival_rate_per_s = arrival_rate_per_s;
  scenario.workload.classes.push_back(
      RequestClassSpec{"job", 1.0, {make_call("station", Distribution::exponential(1.0))}});
  NodeSpec station;
  station.name = "station";
  station.concurrency = servers;
  scenario.nodes.push_back(station);
  return scenario;
}

struct Measurement {
  double median_s;
  std::uint64_t customers;
  std::uint64_t events;
};

Measurement measure(const Scenario &scenario, int repeats) {
  const CallProgram program = compile_call_program(scenario);
  std::vector<double> seconds;
  ReplicationResult last;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    last = simulate_replication(scenario, program, 0);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  return {seconds[seconds.size() / 2], last.requests_started, last.events};
}

} // namespace

int main(int argc, char **argv) {
  int repeats = 5;
  double customers = 2e7;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--repeats") == 0) {
      repeats = std::max(1, std::atoi(argv[i + 1]));
    } else if (std::strcmp(argv[i], "--customers") == 0) {
      customers = std::max(1e3, std::atof(argv[i + 1]));
    }
  }
  const std::vector<BenchCase> cases{
      {"M/M/1 rho=0.9", single_station("mm1", 1, 0.9, customers)},
      {"M/M/8 rho=0.9", single_station("mm8", 8, 0.9, customers)},
  };
  std::printf("%-16s %12s %14s %14s %12s\n", "case", "median s", "customers/s", "events/s",
              "customers");
  for (const BenchCase &bench : cases) {
    const Measurement m = measure(bench.scenario, repeats);
    std::printf("%-16s %12.3f %14.3e %14.3e %12llu\n", bench.name.c_str(), m.median_s,
                static_cast<double>(m.customers) / m.median_s,
                static_cast<double>(m.events) / m.median_s,
                static_cast<unsigned long long>(m.customers));
  }
  return 0;
}
