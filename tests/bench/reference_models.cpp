// The reference models as JSON scenario documents (see reference_models.hpp).
#include "tests/bench/reference_models.hpp"

#include "models/scenario_loader.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <string>

namespace capsim::bench {
namespace {

using nlohmann::ordered_json;

Scenario parse(const ordered_json &document, const std::string &name) {
  return parse_scenario(document.dump(), name + ".json");
}

ordered_json one_replication(double duration_s) {
  return {{"duration", duration_s}, {"warmup", 0}, {"replications", 1}};
}

ordered_json exponential_s(double mean_s) {
  return {{"exponential", mean_s}};
}

} // namespace

Scenario mmc_station(int servers, double rho, double customers) {
  const double rate_per_s = rho * servers; // mean service 1 s
  const ordered_json document = {
      {"name", "M/M/" + std::to_string(servers)},
      {"seed", 1},
      {"run", one_replication(customers / rate_per_s)},
      {"workload",
       {{"arrivals", {{"rate", std::to_string(rate_per_s) + "/s"}}},
        {"classes",
         {{"job", {{"calls", {{{"node", "station"}, {"demand", exponential_s(1.0)}}}}}}}}}},
      {"nodes", {{"station", {{"type", "service"}, {"concurrency", servers}}}}}};
  return parse(document, "mmc");
}

Scenario jackson_network(double customers) {
  struct Station {
    double probability;
    int servers;
    double rho;
  };
  constexpr std::array<Station, 10> kStations{{{1.0, 1, 0.8},
                                               {0.6, 2, 0.7},
                                               {0.9, 1, 0.9},
                                               {0.5, 4, 0.6},
                                               {1.0, 1, 0.5},
                                               {0.3, 1, 0.7},
                                               {0.8, 2, 0.85},
                                               {0.7, 1, 0.6},
                                               {0.4, 8, 0.8},
                                               {1.0, 2, 0.75}}};
  constexpr double kRatePerS = 1.0;
  ordered_json calls = ordered_json::array();
  ordered_json nodes = ordered_json::object();
  for (std::size_t i = 0; i < kStations.size(); ++i) {
    const Station &station = kStations[i];
    const std::string name = "s" + std::to_string(i);
    // rho = rate * probability * mean / servers
    const double mean_s = station.rho * station.servers / (kRatePerS * station.probability);
    ordered_json call = {{"node", name}, {"demand", exponential_s(mean_s)}};
    if (station.probability < 1.0) {
      call["probability"] = station.probability;
    }
    calls.push_back(call);
    nodes[name] = {{"type", "service"}, {"concurrency", station.servers}};
  }
  const ordered_json document = {
      {"name", "Jackson network, 10 stations"},
      {"seed", 1},
      {"run", one_replication(customers / kRatePerS)},
      {"workload", {{"arrivals", {{"rate", "1/s"}}}, {"classes", {{"job", {{"calls", calls}}}}}}},
      {"nodes", nodes}};
  return parse(document, "jackson");
}

} // namespace capsim::bench
