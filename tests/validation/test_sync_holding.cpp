// Synchronous holding: a caller keeps its slot while its nested call runs, so its
// utilization is λ·(own demand + nested sojourn)/c — here with an M/M/1 database whose
// sojourn is 1/(μ - λ).
#include "models/analytic/queueing_formulas.hpp"
#include "validation_support.hpp"

using namespace capsim;
using namespace capsim::validation;

TEST_CASE("a caller's utilization includes the time its slot waits on nested calls") {
  const Scenario scenario = load_case("sync_holding");
  const CallSpec &app_call = scenario.workload.classes.front().calls.front();
  const CallSpec &db_call = app_call.calls.front();
  const double lambda = arrival_rate_per_s(scenario);
  const analytic::StationResult db = analytic::mmc(lambda, 1.0 / db_call.demand.mean(), 1);
  const int app_slots = scenario.nodes.front().concurrency;
  const double app_utilization = lambda * (app_call.demand.mean() + db.mean_sojourn_s) / app_slots;
  const RunResult result = run_case(scenario);

  check_covers(result.nodes[1].residence_mean_s, db.mean_sojourn_s, "database sojourn");
  check_covers(result.nodes[1].utilization, db.utilization, "database utilization");
  check_covers(result.nodes[0].utilization, app_utilization, "app utilization (holding)");
  check_littles_law(result);
}
