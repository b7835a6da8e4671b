// The analytic twin (models/analytic/network_estimate.hpp): exact on the validation cases that
// have a closed form (M/M/1, M/M/c, M/G/1, M/M/c/K, Jackson networks, closed MVA), holding-time
// utilization of callers, the bottleneck and its saturation multiplier computed by hand,
// saturated nodes flagged rather than thrown, and agreement with the simulation on web_shop.
#include "models/analytic/jackson.hpp"
#include "models/analytic/mva.hpp"
#include "models/analytic/network_estimate.hpp"
#include "models/analytic/queueing_formulas.hpp"
#include "models/run_scenario.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include "relative_approx.hpp"
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

using namespace capsim;
using namespace capsim::analytic;

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
/// The estimate evaluates the same closed forms as the reference, in another order of
/// operations (and through a fixed point converged to 1e-12): only rounding may differ.
constexpr double kExact = 1e-9;

Scenario load(const std::string &relative_path) {
  return load_scenario(std::filesystem::path(CAPSIM_SOURCE_DIR) / "scenarios" / relative_path);
}

Scenario scenario_from(const std::string &json) {
  return parse_scenario(json, "test.json");
}

/// One station of a single-node validation case, solved by the formula that is exact for it.
StationResult exact_station(const Scenario &scenario) {
  const NodeSpec &node = scenario.nodes.front();
  const Distribution &demand = scenario.workload.classes.front().calls.front().demand;
  const double arrival_rate_per_s = scenario.workload.arrival_rate_per_s;
  if (node.queue_limit) {
    return mmck(arrival_rate_per_s, 1.0 / demand.mean(), node.concurrency,
                node.concurrency + static_cast<int>(*node.queue_limit));
  }
  if (demand.kind() == DistributionKind::exponential) {
    return mmc(arrival_rate_per_s, 1.0 / demand.mean(), node.concurrency);
  }
  REQUIRE(node.concurrency == 1);
  return mg1(arrival_rate_per_s, demand.mean(), demand.scv());
}

/// api (one slot, 10 ms exponential) calls db (one slot, 5 ms exponential) while holding its
/// slot; `rate` requests per second.
std::string nested_pair(const std::string &rate, int api_slots) {
  return R"({"workload": {"arrivals": {"rate": ")" + rate + R"("}, "classes": {"r": {"calls": [
      {"node": "api", "demand": {"exponential": "10ms"}, "calls": [
        {"node": "db", "demand": {"exponential": "5ms"}}]}]}}},
    "nodes": {"api": {"type": "service", "concurrency": )" +
         std::to_string(api_slots) + R"(}, "db": {"type": "service"}}})";
}

} // namespace

TEST_CASE("single stations match their exact closed forms") {
  for (const char *name : {"mm1_rho050", "mm1_rho090", "mmc_c2_rho070", "mmc_c2_rho095",
                           "mmc_c8_rho070", "mmc_c8_rho095", "md1_rho070", "mg1_lognormal",
                           "mg1_hyperexponential", "mmck_c2_k6", "mmcc_c5"}) {
    CAPTURE(name);
    const Scenario scenario = load(std::string("validation/") + name + ".json");
    const StationResult exact = exact_station(scenario);
    const NetworkEstimate estimate = estimate_network(scenario);
    const NodeEstimate &node = estimate.nodes.front();
    CHECK(node.utilization == capsim::testing::approx(exact.utilization).epsilon(kExact));
    CHECK(node.mean_wait_s == capsim::testing::approx(exact.mean_wait_s).epsilon(kExact));
    CHECK(node.mean_residence_s == capsim::testing::approx(exact.mean_sojourn_s).epsilon(kExact));
    CHECK(node.drop_probability ==
          capsim::testing::approx(exact.blocking_probability).epsilon(kExact));
    CHECK(estimate.classes.front().mean_latency_s ==
          capsim::testing::approx(exact.mean_sojourn_s).epsilon(kExact));
    CHECK_FALSE(node.saturated);
  }
}

TEST_CASE("open Jackson networks match the traffic equations") {
  SUBCASE("tandem") {
    const Scenario scenario = load("validation/jackson_tandem.json");
    Eigen::MatrixXd routing = Eigen::MatrixXd::Zero(3, 3);
    routing(0, 1) = 1.0;
    routing(1, 2) = 1.0;
    const Eigen::Vector3d external(1.0, 0.0, 0.0);
    const std::vector<double> service_rate_per_s{2.0, 1.0 / 0.7, 1.25};
    const std::vector<int> servers{1, 1, 1};
    const JacksonResult exact = open_jackson(external, routing, service_rate_per_s, servers);
    const NetworkEstimate estimate = estimate_network(scenario);
    for (std::size_t i = 0; i < 3; ++i) {
      CAPTURE(i);
      CHECK(estimate.nodes[i].utilization ==
            capsim::testing::approx(exact.stations[i].utilization).epsilon(kExact));
      CHECK(estimate.nodes[i].mean_wait_s ==
            capsim::testing::approx(exact.stations[i].mean_wait_s).epsilon(kExact));
    }
    CHECK(estimate.classes.front().mean_latency_s ==
          capsim::testing::approx(exact.mean_response_time_s).epsilon(kExact));
  }
  SUBCASE("probabilistic branching: b with 0.4 and c with 0.7, independently") {
    const Scenario scenario = load("validation/jackson_branching.json");
    // A Markov routing with the same visit ratios: front 1, b 0.4, c 0.7, d 1.
    Eigen::MatrixXd routing = Eigen::MatrixXd::Zero(4, 4);
    routing(0, 1) = 0.4;
    routing(0, 2) = 0.6 * 0.7;
    routing(0, 3) = 0.6 * 0.3;
    routing(1, 2) = 0.7;
    routing(1, 3) = 0.3;
    routing(2, 3) = 1.0;
    const Eigen::Vector4d external(2.0, 0.0, 0.0, 0.0);
    const std::vector<double> service_rate_per_s{1.0 / 0.3, 1.0 / 1.5, 2.0, 1.0 / 0.6};
    const std::vector<int> servers{1, 2, 1, 2};
    const JacksonResult exact = open_jackson(external, routing, service_rate_per_s, servers);
    const NetworkEstimate estimate = estimate_network(scenario);
    for (std::size_t i = 0; i < 4; ++i) {
      CAPTURE(i);
      CHECK(estimate.nodes[i].arrival_rate_per_s ==
            capsim::testing::approx(exact.arrival_rate_per_s(static_cast<Eigen::Index>(i)))
                .epsilon(kExact));
      CHECK(estimate.nodes[i].utilization ==
            capsim::testing::approx(exact.stations[i].utilization).epsilon(kExact));
      CHECK(estimate.nodes[i].mean_residence_s ==
            capsim::testing::approx(exact.stations[i].mean_sojourn_s).epsilon(kExact));
    }
    CHECK(estimate.classes.front().mean_latency_s ==
          capsim::testing::approx(exact.mean_response_time_s).epsilon(kExact));
  }
}

TEST_CASE("a closed network equals exact MVA") {
  const Scenario scenario = load("validation/closed_mva.json");
  const std::vector<MvaStation> stations{{0.4, 1, false}, {0.6, 1, false}};
  const MvaResult exact = mva(12, 5.0, stations);
  const NetworkEstimate estimate = estimate_network(scenario);
  CHECK(estimate.request_rate_per_s ==
        capsim::testing::approx(exact.throughput_per_s).epsilon(kExact));
  CHECK(estimate.classes.front().throughput_per_s ==
        capsim::testing::approx(exact.throughput_per_s).epsilon(kExact));
  CHECK(estimate.classes.front().mean_latency_s ==
        capsim::testing::approx(exact.response_time_s).epsilon(kExact));
  for (std::size_t i = 0; i < stations.size(); ++i) {
    CAPTURE(i);
    CHECK(estimate.nodes[i].utilization ==
          capsim::testing::approx(exact.station_utilization[i]).epsilon(kExact));
    CHECK(estimate.nodes[i].mean_residence_s ==
          capsim::testing::approx(exact.station_sojourn_s[i]).epsilon(kExact));
  }
  CHECK(estimate.bottleneck.node == "disk");
}

TEST_CASE("a caller's utilization counts the residence of its nested calls") {
  // λ = 50/s; db is M/M/1 with ρ = 0.25: residence 1 / (200 - 50) s. api has 2 slots, each
  // held for its own 10 ms plus the db residence: utilization 50 × (0.010 + 1/150) / 2.
  const NetworkEstimate estimate = estimate_network(scenario_from(nested_pair("50/s", 2)));
  const double db_residence_s = 1.0 / 150.0;
  CHECK(estimate.node("db")->mean_residence_s ==
        capsim::testing::approx(db_residence_s).epsilon(kExact));
  CHECK(estimate.node("api")->mean_holding_s ==
        capsim::testing::approx(0.010 + db_residence_s).epsilon(kExact));
  CHECK(estimate.node("api")->utilization ==
        capsim::testing::approx(50.0 * (0.010 + db_residence_s) / 2.0).epsilon(kExact));
  // The class's latency is api's residence, which already contains db's.
  CHECK(estimate.classes.front().mean_latency_s ==
        capsim::testing::approx(estimate.node("api")->mean_residence_s).epsilon(kExact));
}

TEST_CASE("async calls load their node but add nothing to the latency") {
  const NetworkEstimate estimate =
      estimate_network(scenario_from(R"({"workload": {"arrivals": {"rate": "4/s"},
      "classes": {"r": {"calls": [{"node": "api", "demand": {"exponential": "50ms"}, "calls": [
        {"node": "mailer", "demand": {"exponential": "200ms"}, "async": true}]}]}}},
      "nodes": {"api": {"type": "service"}, "mailer": {"type": "service"}}})"));
  // api alone is M/M/1 at ρ = 0.2: sojourn 1 / (20 - 4) s; the mailer is M/M/1 at ρ = 0.8.
  CHECK(estimate.classes.front().mean_latency_s ==
        capsim::testing::approx(1.0 / 16.0).epsilon(kExact));
  CHECK(estimate.node("mailer")->utilization == capsim::testing::approx(0.8).epsilon(kExact));
  CHECK(estimate.bottleneck.node == "mailer");
}

TEST_CASE("the bottleneck and its saturation load multiplier") {
  SUBCASE("stations without nested calls: 1 / the highest utilization") {
    // Tandem at utilizations 0.5, 0.7, 0.8: c saturates when the load grows by 1 / 0.8.
    const NetworkEstimate estimate = estimate_network(load("validation/jackson_tandem.json"));
    CHECK(estimate.bottleneck.node == "c");
    CHECK(estimate.bottleneck.utilization == capsim::testing::approx(0.8).epsilon(kExact));
    CHECK(estimate.bottleneck.saturation_load_multiplier ==
          capsim::testing::approx(1.25).epsilon(kExact));
  }
  SUBCASE("a caller saturates sooner than 1 / utilization: its nested wait grows too") {
    // api (one slot) over db, both exponential. At x requests/s api's utilization is
    // x (0.010 + 1 / (200 - x)); it reaches 1 at x² - 400x + 20000 = 0, x = 200 - 100√2.
    // At 20/s, api is at 20 × (0.010 + 1/180) = 0.311 and db at 0.1.
    const NetworkEstimate estimate = estimate_network(scenario_from(nested_pair("20/s", 1)));
    CHECK(estimate.bottleneck.node == "api");
    CHECK(estimate.bottleneck.utilization ==
          capsim::testing::approx(20.0 * (0.010 + 1.0 / 180.0)).epsilon(kExact));
    CHECK(estimate.bottleneck.saturation_load_multiplier ==
          capsim::testing::approx((200.0 - 100.0 * std::sqrt(2.0)) / 20.0).epsilon(kExact));
  }
}

TEST_CASE("saturated nodes are flagged, not thrown") {
  SUBCASE("an overloaded leaf") {
    // front at 0.5, back at 1.25 erlangs on one slot.
    const NetworkEstimate estimate =
        estimate_network(scenario_from(R"({"workload": {"arrivals": {"rate": "5/s"},
        "classes": {"r": {"calls": [{"node": "front", "demand": {"exponential": "100ms"}},
                                    {"node": "back", "demand": {"exponential": "250ms"}}]}}},
        "nodes": {"front": {"type": "service"}, "back": {"type": "service"}}})"));
    CHECK(estimate.saturated_nodes == std::vector<std::string>{"back"});
    CHECK_FALSE(estimate.node("front")->saturated);
    CHECK(estimate.node("back")->utilization == capsim::testing::approx(1.25).epsilon(kExact));
    CHECK(estimate.node("back")->mean_wait_s == kInfinity);
    CHECK(estimate.classes.front().mean_latency_s == kInfinity);
    CHECK(estimate.bottleneck.node == "back");
    CHECK(estimate.bottleneck.saturation_load_multiplier ==
          capsim::testing::approx(0.8).epsilon(kExact));
  }
  SUBCASE("a caller of a saturated node is saturated too, but is not the bottleneck") {
    // db at 250/s × 5 ms = 1.25 erlangs on one slot; api (100 slots) waits on it forever.
    const NetworkEstimate estimate = estimate_network(scenario_from(nested_pair("250/s", 100)));
    CHECK(estimate.node("db")->saturated);
    CHECK(estimate.node("api")->saturated);
    CHECK(estimate.node("api")->utilization == kInfinity);
    CHECK(estimate.bottleneck.node == "db");
    CHECK(estimate.bottleneck.saturation_load_multiplier < 0.8);
  }
  SUBCASE("a queue limit turns the overload into drops") {
    // M/M/1/3 at 2 erlangs: it drops, and the utilization it can carry stays below 1.
    const NetworkEstimate estimate =
        estimate_network(scenario_from(R"({"workload": {"arrivals": {"rate": "2/s"},
        "classes": {"r": {"calls": [{"node": "s", "demand": {"exponential": "1s"}}]}}},
        "nodes": {"s": {"type": "service", "queue_limit": 2}}})"));
    const StationResult exact = mmck(2.0, 1.0, 1, 3);
    CHECK(estimate.node("s")->saturated);
    CHECK(estimate.node("s")->drop_probability ==
          capsim::testing::approx(exact.blocking_probability).epsilon(kExact));
    CHECK(estimate.node("s")->utilization ==
          capsim::testing::approx(exact.utilization).epsilon(kExact));
    CHECK(std::isfinite(estimate.classes.front().mean_latency_s));
  }
}

TEST_CASE("analytic utilization agrees with the simulation on web_shop") {
  // Tolerance 3% relative. db and mailer are leaves: their analytic utilization λ·E[S]/slots is
  // exact in expectation, so only simulation noise separates them (the 95% CIs of these 4
  // replications of 20 min are within ±1.3%). api's slots are held through its db calls, so its
  // figure carries the approximate db wait (Allen–Cunneen with Poisson arrivals, at ρ_db ≈ 0.25
  // under 1% of api's holding time). 3% covers that noise plus that bias with room to spare,
  // and still fails on any real mistake: leaving out the nested residence moves api by ~30%.
  Scenario scenario = load("examples/web_shop.json");
  scenario.run.duration_s = 1320.0;
  scenario.run.warmup_s = 120.0;
  scenario.run.replications = 4;
  RunOptions options;
  options.threads = 2;
  const RunResult simulated = run_scenario(scenario, options);
  const NetworkEstimate estimate = estimate_network(scenario);
  for (const NodeSummary &node : simulated.nodes) {
    CAPTURE(node.name);
    const double analytic = estimate.node(node.name)->utilization;
    MESSAGE(node.name << ": simulated utilization " << node.utilization.estimate << " ±"
                      << node.utilization.half_width() << ", analytic " << analytic);
    CHECK(analytic == capsim::testing::approx(node.utilization.estimate).epsilon(0.03));
  }
  for (const ClassSummary &request_class : simulated.classes) {
    MESSAGE(request_class.name << ": simulated mean latency "
                               << request_class.latency_mean_s.estimate << " ±"
                               << request_class.latency_mean_s.half_width() << ", analytic "
                               << estimate.request_class(request_class.name)->mean_latency_s);
  }
}

TEST_CASE("analytic and simulated figures agree on three_tier, every node type in play") {
  // The documented tolerance is 3% relative, on every node with a slot limit and every
  // class. The leaves are exact in expectation; app's and the pool's holding carry the
  // approximate waits of their nested calls; the summary class's simulated latency is
  // ~1.5% above the analytic one because 1% of its LLM calls fail over to the slower
  // backup, which the analytic twin does not route (documented in scenarios/README.md).
  // Nodes without a slot limit (cdn, llm_backup) have no utilization to compare.
  // The twin models a fixed configuration: hold app at its initial 4 instances.
  Scenario scenario = load("examples/three_tier.json");
  for (NodeSpec &node : scenario.nodes) {
    node.autoscaling.reset();
  }
  RunOptions options;
  options.threads = 2;
  const RunResult simulated = run_scenario(scenario, options);
  const NetworkEstimate estimate = estimate_network(scenario);
  for (const NodeSummary &node : simulated.nodes) {
    if (node.unlimited) {
      continue;
    }
    CAPTURE(node.name);
    MESSAGE(node.name << ": simulated utilization " << node.utilization.estimate << " ±"
                      << node.utilization.half_width() << ", analytic "
                      << estimate.node(node.name)->utilization);
    CHECK(estimate.node(node.name)->utilization ==
          capsim::testing::approx(node.utilization.estimate).epsilon(0.03));
  }
  for (const ClassSummary &request_class : simulated.classes) {
    CAPTURE(request_class.name);
    CHECK(estimate.request_class(request_class.name)->mean_latency_s ==
          capsim::testing::approx(request_class.latency_mean_s.estimate).epsilon(0.03));
  }
}
