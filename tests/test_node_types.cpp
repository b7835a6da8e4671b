// The node types beyond service and cache: how the loader expands them (database replicas
// and connection pools, load balancer limits, CDN per-class settings, failover chains) and
// what the simulation does with them (read/write routing, stale reads, max_connections,
// error rates and failover, bytes served, streaming demand).
#include "models/call_demand.hpp"
#include "models/call_program.hpp"
#include "models/run_scenario.hpp"
#include "models/scenario_error.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include "relative_approx.hpp"
#include <string>

using namespace capsim;

namespace {

Scenario scenario_of(const std::string &classes, const std::string &nodes,
                     const std::string &rate = "50/s") {
  return parse_scenario(R"({"run": {"duration": "400s", "warmup": "20s", "replications": 3},
    "workload": {"arrivals": {"rate": ")" +
                            rate + R"("}, "classes": )" + classes + R"(}, "nodes": )" + nodes + "}",
                        "n.json");
}

std::string error_of(const std::string &classes, const std::string &nodes) {
  try {
    scenario_of(classes, nodes);
  } catch (const ScenarioError &error) {
    return error.what();
  }
  return "(no error)";
}

// An order writes then reads; the database has 2 replicas behind pools of 2 (+1 overflow).
const std::string kOrderClass = R"({"order": {"calls": [
  {"node": "app", "demand": {"exponential": "2ms"}, "calls": [
    {"node": "db", "op": "write", "demand": {"exponential": "3ms"}},
    {"node": "db", "op": "read", "demand": {"exponential": "1ms"}}]}]}})";

std::string database_nodes(const std::string &database_settings) {
  return R"({"app": {"type": "service", "instances": 3, "concurrency": 50},
             "db": {"type": "database", "primary": {"concurrency": 4},
                    "replicas": {"count": 2, "concurrency": 4}, )" +
         database_settings + "}}";
}

} // namespace

TEST_CASE("a database becomes a primary, a replica set and a pool per calling node") {
  const Scenario scenario = scenario_of(kOrderClass, database_nodes(R"("pool": {"size": 2,
    "max_overflow": 1}, "max_connections": 100)"));
  REQUIRE(scenario.nodes.size() == 4);
  const NodeSpec &primary = scenario.nodes[1];
  const NodeSpec &replicas = scenario.nodes[2];
  const NodeSpec &pool = scenario.nodes[3];
  CHECK(primary.name == "db");
  CHECK(replicas.name == "db.replicas");
  CHECK(replicas.instances == 2);
  CHECK(replicas.database.primary_node == 1);
  CHECK(primary.database.replica_node == 2);
  CHECK(pool.name == "db.pool@app");
  CHECK(pool.kind == NodeKind::connection_pool);
  CHECK(pool.instances == 3);   // one pool per app instance
  CHECK(pool.concurrency == 3); // size + max_overflow
  CHECK(pool.balancer == Balancer::caller_affinity);
  // The write goes to the primary and the read to the replicas, each through the pool.
  const CallSpec &app = scenario.workload.classes[0].calls[0];
  REQUIRE(app.calls.size() == 2);
  CHECK(app.calls[0].node == "db.pool@app");
  CHECK(app.calls[0].calls.at(0).node == "db");
  CHECK(app.calls[0].calls.at(0).op == DatabaseOp::write);
  CHECK(app.calls[1].calls.at(0).node == "db.replicas");
}

TEST_CASE("node settings are checked") {
  SUBCASE("a database call says read or write") {
    CHECK(error_of(R"({"r": {"calls": [{"node": "db", "demand": {"constant": 1}}]}})",
                   R"({"db": {"type": "database", "primary": {}}})") ==
          "n.json: /workload/classes/r/calls/0: expected an \"op\" key (\"read\" or \"write\") on "
          "a call to database \"db\", found a call without one");
  }
  SUBCASE("op only on database calls") {
    CHECK(
        error_of(R"({"r": {"calls": [{"node": "app", "op": "read", "demand": {"constant": 1}}]}})",
                 R"({"app": {"type": "service"}})") ==
        "n.json: /workload/classes/r/calls/0/op: expected op only on a call to a database node "
        "(\"app\" is not one), found \"read\"");
  }
  SUBCASE("a pooled database is called from a node") {
    CHECK(error_of(R"({"r": {"calls": [{"node": "db", "op": "read", "demand": {"constant": 1}}]}})",
                   R"({"db": {"type": "database", "primary": {}, "pool": {"size": 2}}})")
              .find("expected a call from another node's call") != std::string::npos);
  }
  SUBCASE("replica sets are reached through their database") {
    CHECK(error_of(R"({"r": {"calls": [{"node": "db.replicas", "demand": {"constant": 1}}]}})",
                   R"({"db": {"type": "database", "primary": {}, "replicas": {"count": 1}}})")
              .find("pools and replica sets are reached through their database") !=
          std::string::npos);
  }
  SUBCASE("replication settings need replicas") {
    CHECK(error_of(R"({"r": {"calls": [{"node": "db", "op": "read", "demand": {"constant": 1}}]}})",
                   R"({"db": {"type": "database", "primary": {}, "read_your_writes": true}})") ==
          "n.json: /nodes/db/read_your_writes: expected read_your_writes only with \"replicas\", "
          "found true");
  }
  SUBCASE("failover chains do not loop") {
    CHECK(error_of(R"({"r": {"calls": [{"node": "a"}]}})",
                   R"({"a": {"type": "external", "latency": {"constant": 1}, "failover": "b"},
                       "b": {"type": "external", "latency": {"constant": 1}, "failover": "a"}})") ==
          "n.json: /nodes/b/failover: expected a failover chain that does not come back to "
          "\"b\", found \"a\"");
  }
  SUBCASE("a cdn's per-class settings name classes") {
    CHECK(error_of(R"({"r": {"calls": [{"node": "cdn"}]}})",
                   R"({"cdn": {"type": "cdn", "latency": {"constant": 1},
                               "hit_ratio": {"default": 0.9, "x": 0.5}}})") ==
          "n.json: /nodes/cdn/hit_ratio/x: unknown request class; did you mean \"r\"? (allowed: "
          "default, r)");
  }
  SUBCASE("sizes have units") {
    CHECK(error_of(R"({"r": {"calls": [{"node": "cdn"}]}})",
                   R"({"cdn": {"type": "cdn", "latency": {"constant": 1}, "hit_ratio": 1,
                               "bytes": "12 KB"}})") ==
          "n.json: /nodes/cdn/bytes: expected a size such as \"250KB\" or \"1.5GiB\" (units B KB "
          "MB GB TB, or KiB MiB GiB TiB), found \"12 KB\"");
  }
  SUBCASE("a load balancer that rejects has no queue") {
    const Scenario scenario = scenario_of(R"({"r": {"calls": [{"node": "lb"}]}})",
                                          R"({"lb": {"type": "load_balancer", "max_connections": 7,
                               "on_limit": "reject", "latency": {"constant": "1ms"}}})");
    CHECK(scenario.nodes[0].concurrency == 7);
    CHECK(scenario.nodes[0].queue_limit == 0);
    CHECK(scenario.workload.classes[0].calls[0].demand_from_node);
  }
}

TEST_CASE("reads and writes are routed, and replication lag makes stale reads") {
  SUBCASE("read-your-writes sends every read after the write to the primary") {
    const RunResult result =
        run_scenario(scenario_of(kOrderClass, database_nodes(R"("read_your_writes": true)")));
    CHECK(result.node("db.replicas").throughput_per_s.estimate == 0.0);
    CHECK(result.node("db").throughput_per_s.estimate ==
          capsim::testing::approx(2 * 50.0).epsilon(0.05));
  }
  SUBCASE("without it, a read within the lag of the request's own write is stale") {
    const RunResult result = run_scenario(
        scenario_of(kOrderClass, database_nodes(R"("replication_lag": {"constant": "10s"})")));
    const NodeSummary &replicas = result.node("db.replicas");
    CHECK(replicas.stale_reads > 0);
    // Every read follows its request's write by far less than 10 s: all are stale.
    const std::int64_t reads = result.classes[0].completed;
    CHECK(replicas.stale_reads >= reads);
    CHECK(replicas.stale_reads <= reads + 3 * 50); // plus reads of requests still in flight
  }
}

TEST_CASE("max_connections refuses connections beyond it") {
  const std::string one_query = R"({"r": {"calls": [
    {"node": "app", "demand": {"constant": 0}, "calls": [
      {"node": "db", "op": "write", "demand": {"exponential": "100ms"}}]}]}})";
  SUBCASE("direct connections: one per call at the database") {
    const RunResult result = run_scenario(
        scenario_of(one_query, R"({"app": {"type": "service", "concurrency": "unlimited"},
                       "db": {"type": "database", "primary": {"concurrency": 1},
                              "max_connections": 2}})"));
    const NodeSummary &db = result.node("db");
    CHECK(db.peak_connections == 2);
    CHECK(db.refused_connections > 0);
    CHECK(result.classes[0].errors == db.refused_connections);
  }
  SUBCASE("pools: pool_size per calling instance, plus overflow within the limit") {
    const RunResult result = run_scenario(scenario_of(
        one_query, R"({"app": {"type": "service", "instances": 2, "concurrency": "unlimited"},
                       "db": {"type": "database", "primary": {"concurrency": "unlimited"},
                              "pool": {"size": 2, "max_overflow": 2}, "max_connections": 5}})"));
    const NodeSummary &db = result.node("db");
    CHECK(db.peak_connections == 5); // 2 x 2 pooled, one overflow at a time
    CHECK(db.refused_connections > 0);
  }
}

TEST_CASE("an external API's errors go to its failover, or fail the call") {
  const std::string classes = R"({"r": {"calls": [{"node": "api"}]}})";
  const std::string api =
      R"("api": {"type": "external", "latency": {"constant": "10ms"}, "error_rate": 0.2)";
  SUBCASE("with a failover") {
    const RunResult result =
        run_scenario(scenario_of(classes, "{" + api + R"(, "failover": "backup"},
                    "backup": {"type": "external", "latency": {"constant": "30ms"}}})"));
    const NodeSummary &node = result.node("api");
    CHECK(node.failed > 0);
    CHECK(node.failovers == node.failed);
    CHECK(result.classes[0].errors == 0);
    // 20% of requests take the backup: 10 ms + 0.2 x 30 ms.
    CHECK(result.classes[0].latency_mean_s.estimate ==
          capsim::testing::approx(0.016).epsilon(0.03));
  }
  SUBCASE("without one") {
    const RunResult result = run_scenario(scenario_of(classes, "{" + api + "}}"));
    const NodeSummary &node = result.node("api");
    CHECK(result.classes[0].errors == node.failed);
    const double total =
        static_cast<double>(result.classes[0].errors + result.classes[0].completed);
    CHECK(static_cast<double>(node.failed) / total == capsim::testing::approx(0.2).epsilon(0.05));
  }
}

TEST_CASE("a CDN serves each class's bytes and fetches misses from the origin") {
  const RunResult result = run_scenario(scenario_of(
      R"({"img": {"share": 0.5, "calls": [{"node": "cdn", "on_miss": [
            {"node": "origin", "demand": {"constant": "5ms"}}]}]},
          "page": {"share": 0.5, "calls": [{"node": "cdn", "on_miss": [
            {"node": "origin", "demand": {"constant": "5ms"}}]}]}})",
      R"({"cdn": {"type": "cdn", "latency": {"constant": "20ms"},
                  "hit_ratio": {"default": 0.9, "page": 0.5},
                  "bytes": {"img": "100KB", "page": "20KB"}},
          "origin": {"type": "service", "concurrency": "unlimited"}})"));
  const NodeSummary &cdn = result.node("cdn");
  CHECK(cdn.unlimited);
  // 25/s of each class: 25·100 kB + 25·20 kB served; misses 10% and 50% of them.
  CHECK(cdn.bytes_served_per_s.estimate == capsim::testing::approx(3.0e6).epsilon(0.03));
  CHECK(cdn.origin_bytes_per_s.estimate ==
        capsim::testing::approx(25 * 0.1 * 1e5 + 25 * 0.5 * 2e4).epsilon(0.06));
  CHECK(result.node("origin").throughput_per_s.estimate ==
        capsim::testing::approx(25 * 0.1 + 25 * 0.5).epsilon(0.05));
  // Edge 20 ms, plus 5 ms at the origin on a miss.
  CHECK(result.classes[1].latency_mean_s.estimate == capsim::testing::approx(0.0225).epsilon(0.01));
}

TEST_CASE("a streaming API's demand adds output tokens at the token rate") {
  const Scenario scenario =
      scenario_of(R"({"r": {"calls": [{"node": "llm"}]}})",
                  R"({"llm": {"type": "external", "latency": {"constant": "400ms"},
                               "service_time_scaling": 2,
                               "streaming": {"output_tokens": {"uniform": {"min": 100, "max": 300}},
                                             "tokens_per_s": 50}}})");
  const CallProgram program = compile_call_program(scenario);
  const DemandMoments moments = demand_moments(program.calls[0], program.node_demand[0]);
  // 2 x 0.4 s + E[tokens] / 50 = 0.8 + 4 s; E[(0.8 + T/50)²] = 0.64 + 2·0.8·4 + E[T²]/2500.
  const double tokens_second_moment = 200.0 * 200.0 + 200.0 * 200.0 / 12.0; // mean² + variance
  CHECK(moments.mean_s == capsim::testing::approx(4.8));
  CHECK(moments.second_moment_s2 ==
        capsim::testing::approx(0.64 + 2 * 0.8 * 4.0 + tokens_second_moment / 2500.0));
  Rng rng = Rng::for_stream(1, 0, 0);
  double sum_s = 0.0;
  constexpr int kDraws = 20000;
  for (int i = 0; i < kDraws; ++i) {
    sum_s += ns_to_seconds(sample_demand_ns(program.calls[0], program.node_demand[0], rng));
  }
  // sd of T/50 is (200/√3)/50 ≈ 1.15 s: the mean of 20,000 draws is within 4·0.0082 s.
  CHECK(sum_s / kDraws == capsim::testing::approx(4.8).epsilon(4 * 0.0082 / 4.8));
}
