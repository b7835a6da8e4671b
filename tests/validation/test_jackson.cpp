// Open Jackson networks: each station behaves as an independent M/M/c queue fed by the
// solution of the traffic equations, and the end-to-end mean latency is Σ L_i / γ.
#include "models/analytic/jackson.hpp"
#include "validation_support.hpp"

#include <vector>

using namespace capsim;
using namespace capsim::validation;

namespace {

struct Station {
  double service_rate_per_s;
  int servers;
};

std::vector<Station> stations_of(const Scenario &scenario) {
  std::vector<Station> stations;
  for (const NodeSpec &node : scenario.nodes) {
    // Each node is visited by exactly one call of the single class.
    for (const CallSpec &call : scenario.workload.classes.front().calls) {
      if (call.node == node.name) {
        stations.push_back({1.0 / call.demand.mean(), node.concurrency});
      }
    }
  }
  return stations;
}

void check_jackson(const std::string &name, const Eigen::MatrixXd &routing) {
  const Scenario scenario = load_case(name);
  const std::vector<Station> stations = stations_of(scenario);
  REQUIRE(stations.size() == scenario.nodes.size());
  Eigen::VectorXd external = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(stations.size()));
  external(0) = arrival_rate_per_s(scenario);
  std::vector<double> rates;
  std::vector<int> servers;
  for (const Station &station : stations) {
    rates.push_back(station.service_rate_per_s);
    servers.push_back(station.servers);
  }
  const analytic::JacksonResult exact = analytic::open_jackson(external, routing, rates, servers);
  const RunResult result = run_case(scenario);

  for (std::size_t i = 0; i < stations.size(); ++i) {
    check_covers(result.nodes[i].utilization, exact.stations[i].utilization,
                 "utilization of " + result.nodes[i].name);
    check_covers(result.nodes[i].throughput_per_s,
                 exact.arrival_rate_per_s(static_cast<Eigen::Index>(i)),
                 "throughput of " + result.nodes[i].name);
  }
  check_covers(result.classes.front().latency_mean_s, exact.mean_response_time_s,
               "end-to-end mean latency");
  check_littles_law(result);
}

} // namespace

TEST_CASE("open Jackson networks match the traffic equations and M/M/c stations") {
  SUBCASE("three stations in tandem") {
    Eigen::MatrixXd routing = Eigen::MatrixXd::Zero(3, 3);
    routing(0, 1) = 1.0; // a -> b
    routing(1, 2) = 1.0; // b -> c
    check_jackson("jackson_tandem", routing);
  }
  SUBCASE("probabilistic branching") {
    // front -> b with 0.4; otherwise (or after b) -> c with 0.7; then always -> d.
    Eigen::MatrixXd routing = Eigen::MatrixXd::Zero(4, 4);
    routing(0, 1) = 0.4;
    routing(0, 2) = 0.6 * 0.7;
    routing(0, 3) = 0.6 * 0.3;
    routing(1, 2) = 0.7;
    routing(1, 3) = 0.3;
    routing(2, 3) = 1.0;
    check_jackson("jackson_branching", routing);
  }
}
