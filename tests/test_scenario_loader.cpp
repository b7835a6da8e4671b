// The scenario loader: the DESIGN example and every optional part load with the expected
// values, and a table of malformed scenarios each fails with its exact one-line error
// (file, JSON pointer, what was expected and what was found).
#include "models/percentiles.hpp"
#include "models/scenario_error.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include "malformed_scenarios.hpp"
#include "relative_approx.hpp"
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace capsim;
using namespace malformed;

namespace {

std::string error_of(std::string_view json, const std::filesystem::path &file = "s.json") {
  try {
    parse_scenario(json, file);
  } catch (const ScenarioError &error) {
    return error.what();
  }
  return "no error";
}

/// A scratch directory holding the given files, removed afterwards.
class TempDir {
public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() /
              ("capsim_test_scenario_loader_" + std::to_string(std::random_device{}()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path &path() const { return path_; }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  std::filesystem::path write(const std::string &name, std::string_view text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return path_ / name;
  }

private:
  std::filesystem::path path_;
};

constexpr std::string_view kDesignExample = R"({
  // The example of DESIGN §3.
  "name": "M/M/4 example",
  "description": "Four servers behind one queue",
  "seed": 11,
  "run": {"duration": "6h", "warmup": "30m", "replications": 10},
  "workload": {
    "arrivals": {"rate": "3.6/s"},
    "classes": {
      "req": {"share": 1.0, "calls": [
        {"node": "srv", "demand": {"exponential": "1s"}}
      ]}
    }
  },
  "nodes": {
    /* one machine, four slots */
    "srv": {"type": "service", "instances": 1, "concurrency": 4, "queue_limit": 100,
            "balancer": "round_robin"}
  }
})";

} // namespace

TEST_CASE("malformed scenarios fail with one exact line") {
  const std::vector<Malformed> cases = malformed_scenarios();
  CHECK(cases.size() >= 60);
  for (const Malformed &malformed : cases) {
    SUBCASE(malformed.name.c_str()) {
      CAPTURE(malformed.json);
      CHECK(error_of(malformed.json) == malformed.error);
    }
  }
}

TEST_CASE("the DESIGN example loads with the expected values") {
  const Scenario scenario = parse_scenario(kDesignExample, "examples/mm4.json");
  CHECK(scenario.name == "M/M/4 example");
  CHECK(scenario.seed == 11);
  CHECK(scenario.source_file == "examples/mm4.json");
  CHECK(scenario.run.duration_s == 21600.0);
  CHECK(scenario.run.warmup_s == 1800.0);
  CHECK(scenario.run.replications == 10);
  CHECK(scenario.workload.kind == WorkloadKind::open);
  CHECK(scenario.workload.arrival_rate_per_s == 3.6);
  CHECK_FALSE(scenario.workload.think_time.has_value());
  REQUIRE(scenario.workload.classes.size() == 1);
  const RequestClassSpec &request_class = scenario.workload.classes[0];
  CHECK(request_class.name == "req");
  CHECK(request_class.share == 1.0);
  REQUIRE(request_class.calls.size() == 1);
  const CallSpec &call = request_class.calls[0];
  CHECK(call.node == "srv");
  CHECK(call.demand.kind() == DistributionKind::exponential);
  CHECK(call.demand.mean() == capsim::testing::approx(1.0));
  CHECK(call.probability == 1.0);
  CHECK_FALSE(call.async);
  CHECK(call.calls.empty());
  REQUIRE(scenario.nodes.size() == 1);
  const NodeSpec &node = scenario.nodes[0];
  CHECK(node.name == "srv");
  CHECK(node.instances == 1);
  CHECK(node.concurrency == 4);
  CHECK(node.queue_limit == 100);
  CHECK(node.balancer == Balancer::round_robin);
}

TEST_CASE("optional parts take their defaults") {
  const Scenario scenario = parse_scenario(
      with_call(R"({"node": "db", "demand": {"constant": "250ms"}})"), "dir/minimal.json");
  CHECK(scenario.name == "minimal");
  CHECK(scenario.seed == 1);
  CHECK(scenario.run.duration_s == 3600.0);
  CHECK(scenario.run.warmup_s == 0.0);
  CHECK(scenario.run.replications == 10);
  CHECK(scenario.workload.arrival_rate_per_s == 1.0);
  REQUIRE(scenario.workload.classes.size() == 1);
  CHECK(scenario.workload.classes[0].share == 1.0);
  const CallSpec &call = scenario.workload.classes[0].calls.at(0);
  CHECK(call.demand.mean() == capsim::testing::approx(0.25));
  CHECK(call.probability == 1.0);
  CHECK_FALSE(call.async);
  REQUIRE(scenario.nodes.size() == 2);
  CHECK(scenario.nodes[0].name == "app");
  CHECK(scenario.nodes[1].name == "db");
  for (const NodeSpec &node : scenario.nodes) {
    CHECK(node.instances == 1);
    CHECK(node.concurrency == 1);
    CHECK_FALSE(node.queue_limit.has_value());
    CHECK(node.balancer == Balancer::round_robin);
  }
}

TEST_CASE("call trees, classes and balancers") {
  SUBCASE("nested calls keep their order, probabilities and async flags") {
    const Scenario scenario =
        parse_scenario(with_call(R"({"node": "app", "demand": {"exponential": 0.01}, "calls": [
                       {"node": "db", "demand": {"gamma": {"mean": "5ms", "cv": 2}},
                        "probability": 0.3},
                       {"node": "app", "demand": {"constant": "1ms"}, "async": true}]})"),
                       "s.json");
    const CallSpec &root = scenario.workload.classes.at(0).calls.at(0);
    CHECK(root.node == "app");
    REQUIRE(root.calls.size() == 2);
    CHECK(root.calls[0].node == "db");
    CHECK(root.calls[0].probability == 0.3);
    CHECK(root.calls[0].demand.kind() == DistributionKind::gamma);
    CHECK(root.calls[0].demand.mean() == capsim::testing::approx(0.005));
    CHECK(root.calls[1].node == "app"); // async: the caller does not wait, so no cycle
    CHECK(root.calls[1].async);
  }
  SUBCASE("several classes with shares, in document order") {
    const Scenario scenario = parse_scenario(
        with_classes(
            R"({"browse": {"share": 0.7, "calls": [{"node": "app", "demand": {"constant": 1}}]},
                         "buy": {"share": 0.3, "calls": [{"node": "db", "demand": {"constant": 1}}]}})"),
        "s.json");
    REQUIRE(scenario.workload.classes.size() == 2);
    CHECK(scenario.workload.classes[0].name == "browse");
    CHECK(scenario.workload.classes[0].share == 0.7);
    CHECK(scenario.workload.classes[1].name == "buy");
    CHECK(scenario.workload.classes[1].share == 0.3);
  }
  SUBCASE("every balancer") {
    const std::pair<const char *, Balancer> balancers[] = {
        {"round_robin", Balancer::round_robin},
        {"random", Balancer::random},
        {"least_connections", Balancer::least_connections},
        {"power_of_two", Balancer::power_of_two}};
    for (const auto &[name, balancer] : balancers) {
      const char *balancer_name = name; // clang 14 cannot capture a structured binding
      CAPTURE(balancer_name);
      const Scenario scenario = parse_scenario(
          with_node(cat({R"({"type": "service", "balancer": ")", name, R"("})"})), "s.json");
      CHECK(scenario.nodes.at(0).balancer == balancer);
    }
  }
  SUBCASE("every distribution family") {
    const std::pair<const char *, DistributionKind> families[] = {
        {R"({"uniform": {"min": "1s", "max": "3s"}})", DistributionKind::uniform},
        {R"({"lognormal": {"mean": "2s", "cv": 0.5}})", DistributionKind::lognormal},
        {R"({"lognormal": {"median": "2s", "p95": "5s"}})", DistributionKind::lognormal},
        {R"({"erlang": {"k": 3, "mean": "2s"}})", DistributionKind::erlang},
        {R"({"weibull": {"mean": "2s", "cv": 0.5}})", DistributionKind::weibull},
        {R"({"hyperexponential": {"mean": "2s", "cv": 2}})", DistributionKind::hyperexponential},
        {R"({"pareto": {"mean": "2s", "cv": 2}})", DistributionKind::pareto}};
    for (const auto &[json, kind] : families) {
      const char *family = json; // clang 14 cannot capture a structured binding
      CAPTURE(family);
      const Scenario scenario = parse_scenario(with_demand(json), "s.json");
      CHECK(scenario.workload.classes.at(0).calls.at(0).demand.kind() == kind);
    }
  }
}

TEST_CASE("a closed workload") {
  const Scenario scenario =
      parse_scenario(with_workload(R"({"users": 25, "think_time": {"exponential": "4s"},
                        "classes": {"req": {"calls": [{"node": "app", "demand": {"constant": 1}}]}}})"),
                     "s.json");
  CHECK(scenario.workload.kind == WorkloadKind::closed);
  CHECK(scenario.workload.users == 25);
  REQUIRE(scenario.workload.think_time.has_value());
  CHECK(scenario.workload.think_time->mean() == capsim::testing::approx(4.0));
}

TEST_CASE("empirical distributions come from a CSV file next to the scenario") {
  const TempDir dir;
  const std::filesystem::path scenario_file = dir.write("s.json", "");
  const std::string json = with_demand(R"({"empirical": "latency.csv"})");

  SUBCASE("header, blank lines and values") {
    dir.write("latency.csv", "inflight_s\n0.1\n\n  0.2\r\n0.6\n");
    const Distribution demand =
        parse_scenario(json, scenario_file).workload.classes.at(0).calls.at(0).demand;
    CHECK(demand.kind() == DistributionKind::empirical);
    CHECK(demand.mean() == capsim::testing::approx(0.3));
  }
  SUBCASE("a bad line names the CSV file and line") {
    const std::filesystem::path csv = dir.write("latency.csv", "latency_s\n0.1\nslow\n");
    CHECK(error_of(json, scenario_file) ==
          scenario_file.string() +
              ": /workload/classes/req/calls/0/demand/empirical: expected "
              "one number of seconds >= 0 per line, found \"slow\" at " +
              csv.string() + ":3");
  }
  SUBCASE("a negative first line is a bad value, not a header") {
    const std::filesystem::path csv = dir.write("latency.csv", "-0.1\n0.2\n");
    CHECK(error_of(json, scenario_file) ==
          scenario_file.string() +
              ": /workload/classes/req/calls/0/demand/empirical: expected "
              "one number of seconds >= 0 per line, found \"-0.1\" at " +
              csv.string() + ":1");
  }
  SUBCASE("a file with no values") {
    const std::filesystem::path csv = dir.write("latency.csv", "latency_s\n\n");
    CHECK(error_of(json, scenario_file) ==
          scenario_file.string() +
              ": /workload/classes/req/calls/0/demand/empirical: expected "
              "at least one number of seconds in " +
              csv.string() + ", found none");
  }
}

TEST_CASE("scenario files") {
  const TempDir dir;
  SUBCASE("a file is read, named after its stem unless it says otherwise") {
    const std::filesystem::path file = dir.write("shop.json", with_demand(R"({"constant": 1})"));
    const Scenario scenario = load_scenario(file);
    CHECK(scenario.name == "shop");
    CHECK(scenario.source_file == file);
  }
  SUBCASE("a missing file is an error about the whole file") {
    const std::filesystem::path file = dir.path() / "nope.json";
    try {
      load_scenario(file);
      FAIL("no error");
    } catch (const ScenarioError &error) {
      CHECK(std::string(error.what()) == file.string() + ": no such file");
      CHECK(error.file() == file.string());
      CHECK(error.pointer().empty());
      CHECK(error.message() == "no such file");
    }
  }
  SUBCASE("errors carry their parts") {
    try {
      parse_scenario(with_node(R"({"type": "service", "instances": -3})"), "wedsync.json");
      FAIL("no error");
    } catch (const ScenarioError &error) {
      CHECK(std::string(error.what()) ==
            "wedsync.json: /nodes/app/instances: expected an integer >= 1, found -3");
      CHECK(error.file() == "wedsync.json");
      CHECK(error.pointer() == "/nodes/app/instances");
      CHECK(error.message() == "expected an integer >= 1, found -3");
    }
  }
}
