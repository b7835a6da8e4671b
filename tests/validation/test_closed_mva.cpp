// A closed network of N users with exponential think time over two exponential
// single-server stations: throughput and response time against exact Mean Value Analysis.
#include "models/analytic/mva.hpp"
#include "validation_support.hpp"

#include <vector>

using namespace capsim;
using namespace capsim::validation;

TEST_CASE("closed network matches exact MVA") {
  const Scenario scenario = load_case("closed_mva");
  REQUIRE(scenario.workload.kind == WorkloadKind::closed);
  std::vector<analytic::MvaStation> stations;
  for (const CallSpec &call : scenario.workload.classes.front().calls) {
    stations.push_back({call.demand.mean(), 1, false});
  }
  const analytic::MvaResult exact = analytic::mva(static_cast<int>(scenario.workload.users),
                                                  scenario.workload.think_time->mean(), stations);
  const RunResult result = run_case(scenario);

  check_covers(result.classes.front().throughput_per_s, exact.throughput_per_s, "throughput");
  check_covers(result.classes.front().latency_mean_s, exact.response_time_s, "response time");
  for (std::size_t i = 0; i < stations.size(); ++i) {
    check_covers(result.nodes[i].utilization, exact.station_utilization[i],
                 "utilization of " + result.nodes[i].name);
    check_covers(result.nodes[i].residence_mean_s, exact.station_sojourn_s[i],
                 "residence at " + result.nodes[i].name);
  }
  check_littles_law(result);
}
