// The scenario loader: the DESIGN example and every optional part load with the expected
// values, and a table of malformed scenarios each fails with its exact one-line error
// (file, JSON pointer, what was expected and what was found).
#include "models/percentiles.hpp"
#include "models/scenario_error.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include "relative_approx.hpp"
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace capsim;

namespace {

constexpr std::string_view kNodes =
    R"("nodes": {"app": {"type": "service"}, "db": {"type": "service"}})";
constexpr std::string_view kDemandPointer = "s.json: /workload/classes/req/calls/0/demand";
constexpr std::string_view kDurationSyntax =
    R"(a duration such as "250ms" or "1.5s" (units ns us ms s m h d))";

std::string cat(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (const std::string_view part : parts) {
    text += part;
  }
  return text;
}

/// A valid open scenario whose class "req" makes the given call (nodes "app" and "db").
std::string with_call(std::string_view call) {
  return cat({R"({"workload": {"arrivals": {"rate": 1}, "classes": {"req": {"calls": [)", call,
              "]}}}, ", kNodes, "}"});
}

/// A valid scenario whose single call to "app" has the given demand.
std::string with_demand(std::string_view demand) {
  return with_call(cat({R"({"node": "app", "demand": )", demand, "}"}));
}

/// A valid scenario with the given "workload" member.
std::string with_workload(std::string_view workload) {
  return cat({R"({"workload": )", workload, ", ", kNodes, "}"});
}

/// A valid open scenario with the given "classes".
std::string with_classes(std::string_view classes) {
  return with_workload(cat({R"({"arrivals": {"rate": 1}, "classes": )", classes, "}"}));
}

/// A valid scenario whose only node "app" is the given object.
std::string with_node(std::string_view node) {
  return cat({R"({"workload": {"arrivals": {"rate": 1}, "classes": {"req": {"calls": [)",
              R"({"node": "app", "demand": {"constant": 1}}]}}}, "nodes": {"app": )", node, "}}"});
}

/// A valid scenario with extra top-level members (each followed by a comma).
std::string with_top(std::string_view members) {
  return cat({"{", members, with_call(R"({"node": "app", "demand": {"constant": 1}})").substr(1)});
}

std::string error_of(std::string_view json, const std::filesystem::path &file = "s.json") {
  try {
    parse_scenario(json, file);
  } catch (const ScenarioError &error) {
    return error.what();
  }
  return "no error";
}

struct Malformed {
  std::string name;
  std::string json;
  std::string error;
};

std::vector<Malformed> malformed_scenarios() {
  const std::string demand = std::string(kDemandPointer);
  const std::string call = "s.json: /workload/classes/req/calls/0";
  return {
      // Syntax and document shape.
      {"syntax error", "{\n  \"seed\": 1,\n  \"run\": }",
       "s.json: line 3, column 10: syntax error while parsing value: unexpected '}'; expected "
       "'[', '{', or a literal"},
      {"trailing comma", R"({"seed": 1,})",
       "s.json: line 1, column 12: syntax error while parsing object key: unexpected '}'; "
       "expected string literal"},
      {"empty text", "",
       "s.json: line 1, column 1: syntax error while parsing value: unexpected end of input; "
       "expected '[', '{', or a literal"},
      {"number overflow", R"({"seed": 1e999})", "s.json: number overflow parsing '1e999'"},
      {"root is an array", "[]", "s.json: expected an object, found an empty array"},
      {"unknown top-level key", with_top(R"("sed": 3,)"),
       "s.json: /sed: unknown key; did you mean \"seed\"? (allowed: availability, claims, "
       "description, failures, growth, name, nodes, pricing, profile, profiles, run, seed, "
       "size, slos, workload)"},
      {"negative seed", with_top(R"("seed": -1,)"),
       "s.json: /seed: expected an integer >= 0, found -1"},
      {"fractional seed", with_top(R"("seed": 1.5,)"),
       "s.json: /seed: expected an integer >= 0, found 1.5"},
      {"description is an array", with_top(R"("description": ["a", "b"],)"),
       "s.json: /description: expected a string, found an array"},
      {"long values are shortened",
       with_top(R"("seed": "a very long seed that nobody could ever want to type",)"),
       R"(s.json: /seed: expected an integer >= 0, found "a very long seed that nobody could ev...")"},
      {"name is a number", with_top(R"("name": 3,)"), "s.json: /name: expected a string, found 3"},
      {"no nodes", R"({"workload": {}})",
       R"(s.json: expected a "nodes" key, found an object without one)"},
      {"empty nodes", R"({"nodes": {}})",
       "s.json: /nodes: expected at least one node, found an empty object"},
      // Run.
      {"negative duration string", with_top(R"("run": {"duration": "-1h"},)"),
       cat({"s.json: /run/duration: expected ", kDurationSyntax, R"(, found "-1h")"})},
      {"zero duration", with_top(R"("run": {"duration": 0},)"),
       "s.json: /run/duration: expected a positive duration, found 0"},
      {"bad duration unit", with_top(R"("run": {"duration": "6 hours"},)"),
       cat({"s.json: /run/duration: expected ", kDurationSyntax, R"(, found "6 hours")"})},
      {"duration of the wrong type", with_top(R"("run": {"duration": true},)"),
       cat({"s.json: /run/duration: expected ", kDurationSyntax, ", found true"})},
      {"warmup not shorter than duration",
       with_top(R"("run": {"duration": "1h", "warmup": "60m"},)"),
       R"(s.json: /run/warmup: expected a warmup shorter than the duration (3600 s), found "60m")"},
      {"negative warmup", with_top(R"("run": {"warmup": -5},)"),
       "s.json: /run/warmup: expected a non-negative duration, found -5"},
      {"zero replications", with_top(R"("run": {"replications": 0},)"),
       "s.json: /run/replications: expected an integer >= 1, found 0"},
      {"too many replications", with_top(R"("run": {"replications": 10001},)"),
       "s.json: /run/replications: expected an integer <= 10000, found 10001"},
      {"misspelt run key", with_top(R"("run": {"duraton": "1h"},)"),
       "s.json: /run/duraton: unknown key; did you mean \"duration\"? (allowed: duration, "
       "replications, warmup, window)"},
      {"run is a string", with_top(R"("run": "6h",)"),
       R"(s.json: /run: expected an object, found "6h")"},
      // Nodes.
      {"negative instances", with_node(R"({"type": "service", "instances": -3})"),
       "s.json: /nodes/app/instances: expected an integer >= 1, found -3"},
      {"instances as a string", with_node(R"({"type": "service", "instances": "2"})"),
       R"(s.json: /nodes/app/instances: expected an integer >= 1, found "2")"},
      {"zero concurrency", with_node(R"({"type": "service", "concurrency": 0})"),
       "s.json: /nodes/app/concurrency: expected an integer >= 1, found 0"},
      {"huge concurrency", with_node(R"({"type": "service", "concurrency": 3000000000})"),
       "s.json: /nodes/app/concurrency: expected an integer <= 1073741823, found 3000000000"},
      {"negative queue limit", with_node(R"({"type": "service", "queue_limit": -1})"),
       "s.json: /nodes/app/queue_limit: expected an integer >= 0, found -1"},
      {"misspelt node key", with_node(R"({"type": "service", "concurency": 4})"),
       "s.json: /nodes/app/concurency: unknown key; did you mean \"concurrency\"? (allowed: "
       "autoscaling, balancer, concurrency, cost, cpu, instances, latency, memory, "
       "memory_use, queue_limit, reliability, service_time_scaling, type)"},
      {"unknown node type", with_node(R"({"type": "mainframe"})"),
       R"(s.json: /nodes/app/type: expected a node type (one of: service, cache, load_balancer, cdn, database, queue, external, realtime), found "mainframe")"},
      {"missing node type", with_node(R"({"instances": 2})"),
       R"(s.json: /nodes/app: expected a "type" key, found an object without one)"},
      {"misspelt balancer", with_node(R"({"type": "service", "balancer": "round_robbin"})"),
       "s.json: /nodes/app/balancer: expected a balancer (one of: round_robin, random, "
       "least_connections, power_of_two), found \"round_robbin\"; did you mean \"round_robin\"?"},
      {"unknown balancer", with_node(R"({"type": "service", "balancer": "fastest"})"),
       "s.json: /nodes/app/balancer: expected a balancer (one of: round_robin, random, "
       "least_connections, power_of_two), found \"fastest\""},
      // Workload.
      {"both arrivals and users",
       with_workload(R"({"arrivals": {"rate": 1}, "users": 3, "classes": {}})"),
       R"(s.json: /workload: expected either "arrivals" (open) or "users" (closed), found both)"},
      {"neither arrivals nor users", with_workload(R"({"classes": {}})"),
       R"(s.json: /workload: expected either "arrivals" (open) or "users" (closed), found neither)"},
      {"users without think time", with_workload(R"({"users": 3, "classes": {}})"),
       R"(s.json: /workload: expected a "think_time" key, found an object without one)"},
      {"think time with arrivals",
       with_workload(R"({"arrivals": {"rate": 1}, "think_time": {"constant": 1}, "classes": {}})"),
       "s.json: /workload/think_time: expected no \"think_time\" with \"arrivals\" (it goes with "
       "\"users\"), found an object"},
      {"zero users", with_workload(R"({"users": 0, "think_time": {"constant": 1}, "classes": {}})"),
       "s.json: /workload/users: expected an integer >= 1, found 0"},
      {"a billion users",
       with_workload(R"({"users": 1e9, "think_time": {"constant": 1}, "classes": {}})"),
       "s.json: /workload/users: expected an integer <= 10000000, found 1000000000.0"},
      {"bad think time",
       with_workload(R"({"users": 2, "think_time": {"exponential": "4 s"}, "classes": {}})"),
       cat({"s.json: /workload/think_time/exponential: expected ", kDurationSyntax,
            R"(, found "4 s")"})},
      {"zero rate", with_workload(R"({"arrivals": {"rate": 0}, "classes": {}})"),
       "s.json: /workload/arrivals/rate: expected a positive rate, found 0"},
      {"negative rate", with_workload(R"({"arrivals": {"rate": -2}, "classes": {}})"),
       "s.json: /workload/arrivals/rate: expected a positive rate, found -2"},
      {"zero rate string", with_workload(R"({"arrivals": {"rate": "0/s"}, "classes": {}})"),
       R"(s.json: /workload/arrivals/rate: expected a positive rate, found "0/s")"},
      {"bad rate unit", with_workload(R"({"arrivals": {"rate": "3.6/sec"}, "classes": {}})"),
       "s.json: /workload/arrivals/rate: expected a rate such as \"3.6/s\" or \"50k/m\" (a "
       "number, optionally k or M, then /s /m /h or /d), found \"3.6/sec\""},
      {"misspelt rate", with_workload(R"({"arrivals": {"rat": 1}, "classes": {}})"),
       "s.json: /workload/arrivals/rat: unknown key; did you mean \"rate\"? (allowed: rate)"},
      {"empty classes", with_classes("{}"),
       "s.json: /workload/classes: expected at least one request class, found an empty object"},
      {"empty calls", with_classes(R"({"req": {"calls": []}})"),
       "s.json: /workload/classes/req/calls: expected at least one call, found an empty array"},
      {"calls not an array", with_classes(R"({"req": {"calls": {}}})"),
       "s.json: /workload/classes/req/calls: expected an array, found an empty object"},
      {"pointer escaping", with_classes(R"({"a/b~c": {"calls": []}})"),
       "s.json: /workload/classes/a~1b~0c/calls: expected at least one call, found an empty "
       "array"},
      {"control character in a key", with_classes("{\"a\\nb\": {\"calls\": []}}"),
       "s.json: /workload/classes/a\\u000ab/calls: expected at least one call, found an empty "
       "array"},
      {"shares not summing to 1",
       with_classes(R"({"a": {"share": 0.5, "calls": [{"node": "app", "demand": {"constant": 1}}]},
                        "b": {"share": 0.4, "calls": [{"node": "db", "demand": {"constant": 1}}]}})"),
       "s.json: /workload/classes: expected shares summing to 1, found a sum of 0.9"},
      {"share above 1",
       with_classes(
           R"({"a": {"share": 1.5, "calls": [{"node": "app", "demand": {"constant": 1}}]}})"),
       "s.json: /workload/classes/a/share: expected a share in [0, 1], found 1.5"},
      {"share missing among several classes",
       with_classes(R"({"a": {"share": 0.5, "calls": [{"node": "app", "demand": {"constant": 1}}]},
                        "b": {"calls": [{"node": "db", "demand": {"constant": 1}}]}})"),
       R"(s.json: /workload/classes/b: expected a "share" key, found an object without one)"},
      // Calls.
      {"misspelt node in a call", with_call(R"({"node": "ap", "demand": {"constant": 1}})"),
       call +
           R"(/node: expected the name of a node (one of: app, db), found "ap"; did you mean "app"?)"},
      {"unknown node in a call", with_call(R"({"node": "cache", "demand": {"constant": 1}})"),
       call + R"(/node: expected the name of a node (one of: app, db), found "cache")"},
      {"node given as a number", with_call(R"({"node": 3, "demand": {"constant": 1}})"),
       call + "/node: expected the name of a node (one of: app, db), found 3"},
      {"missing demand", with_call(R"({"node": "app"})"),
       call +
           R"(: expected a "demand" key (node "app" has no "latency" to use instead), found a call without one)"},
      {"probability above 1",
       with_call(R"({"node": "app", "demand": {"constant": 1}, "probability": 1.5})"),
       call + "/probability: expected a probability in [0, 1], found 1.5"},
      {"negative probability",
       with_call(R"({"node": "app", "demand": {"constant": 1}, "probability": -0.1})"),
       call + "/probability: expected a probability in [0, 1], found -0.1"},
      {"async not a boolean",
       with_call(R"({"node": "app", "demand": {"constant": 1}, "async": "yes"})"),
       call + R"(/async: expected true or false, found "yes")"},
      {"misspelt call key",
       with_call(R"({"node": "app", "demand": {"constant": 1}, "probabilty": 0.5})"),
       call + "/probabilty: unknown key; did you mean \"probability\"? (allowed: async, calls, "
              "demand, fanout, node, on_miss, op, probability, retries, retry_backoff, session, "
              "timeout)"},
      {"timeout on an async call",
       with_call(R"({"node": "app", "demand": {"constant": 1}, "async": true, "timeout": "1s"})"),
       call + "/timeout: expected no timeout on an async call (nobody waits for it), found \"1s\""},
      {"zero timeout", with_call(R"({"node": "app", "demand": {"constant": 1}, "timeout": 0})"),
       call + "/timeout: expected a positive duration, found 0"},
      {"too many retries",
       with_call(R"({"node": "app", "demand": {"constant": 1}, "retries": 101})"),
       call + "/retries: expected an integer <= 100, found 101"},
      {"negative backoff",
       with_call(R"({"node": "app", "demand": {"constant": 1}, "retry_backoff": -1})"),
       call + "/retry_backoff: expected a non-negative duration, found -1"},
      {"synchronous cycle", with_call(R"({"node": "app", "demand": {"constant": 1}, "calls": [
                      {"node": "db", "demand": {"constant": 1}, "calls": [
                        {"node": "app", "demand": {"constant": 1}}]}]})"),
       call + "/calls/0/calls/0/node: expected no synchronous call back into \"app\" while it is "
              "held (cycle app → db → app), found \"app\""},
      {"synchronous self call", with_call(R"({"node": "db", "demand": {"constant": 1}, "calls": [
                      {"node": "db", "demand": {"constant": 1}}]})"),
       call + "/calls/0/node: expected no synchronous call back into \"db\" while it is held "
              "(cycle db → db), found \"db\""},
      {"nested calls not an array",
       with_call(R"({"node": "app", "demand": {"constant": 1}, "calls": {"node": "db"}})"),
       call + "/calls: expected an array, found an object"},
      // Distributions.
      {"demand as a bare number", with_demand("0.5"),
       demand + ": expected a distribution: an object with one key naming the family, e.g. "
                R"({"exponential": "250ms"}, found 0.5)"},
      {"demand with no family", with_demand("{}"),
       demand + ": expected a distribution: an object with one key naming the family, e.g. "
                R"({"exponential": "250ms"}, found an empty object)"},
      {"demand with two families", with_demand(R"({"constant": 1, "exponential": 1})"),
       demand + ": expected a distribution: an object with one key naming the family, e.g. "
                R"({"exponential": "250ms"}, found an object)"},
      {"misspelt family", with_demand(R"({"exponental": "1s"})"),
       demand + "/exponental: unknown distribution family; did you mean \"exponential\"? "
                "(allowed: constant, empirical, erlang, exponential, gamma, hyperexponential, "
                "lognormal, pareto, uniform, weibull)"},
      {"zero exponential mean", with_demand(R"({"exponential": "0ms"})"),
       demand + ": expected mean > 0 for exponential, found 0"},
      {"negative exponential mean", with_demand(R"({"exponential": -1})"),
       demand + "/exponential: expected a non-negative duration, found -1"},
      {"duration in parsecs", with_demand(R"({"exponential": "5 parsecs"})"),
       demand + "/exponential: expected " + std::string(kDurationSyntax) +
           R"(, found "5 parsecs")"},
      {"hyperexponential cv below 1",
       with_demand(R"({"hyperexponential": {"mean": 1, "cv": 0.5}})"),
       demand + ": expected cv > 1 for hyperexponential, found 0.5"},
      {"gamma cv zero", with_demand(R"({"gamma": {"mean": "1s", "cv": 0}})"),
       demand + ": expected cv > 0 for gamma, found 0"},
      {"weibull cv too large", with_demand(R"({"weibull": {"mean": "1s", "cv": 100}})"),
       demand + ": expected cv in [0.01, 10] for weibull, found 100"},
      {"cv as a string", with_demand(R"({"pareto": {"mean": "1s", "cv": "high"}})"),
       demand + R"(/pareto/cv: expected a number, found "high")"},
      {"unknown gamma parameter", with_demand(R"({"gamma": {"mean": "1s", "sd": 2}})"),
       demand + "/gamma/sd: unknown key (allowed: cv, mean)"},
      {"lognormal with both forms",
       with_demand(R"({"lognormal": {"mean": "1s", "cv": 1, "median": "1s"}})"),
       demand +
           R"(/lognormal: expected either "mean" and "cv" or "median" and "p95", found a mix of both)"},
      {"lognormal p95 below median",
       with_demand(R"({"lognormal": {"median": "1s", "p95": "500ms"}})"),
       demand + ": expected p95 > median for lognormal, found median 1 and p95 0.5"},
      {"uniform missing max", with_demand(R"({"uniform": {"min": 1}})"),
       demand + R"(/uniform: expected a "max" key, found an object without one)"},
      {"uniform max below min", with_demand(R"({"uniform": {"min": 2, "max": 1}})"),
       demand + ": expected max >= min for uniform, found min 2 and max 1"},
      {"erlang with zero phases", with_demand(R"({"erlang": {"k": 0, "mean": "1s"}})"),
       demand + "/erlang/k: expected an integer >= 1, found 0"},
      {"missing empirical file", with_demand(R"({"empirical": "missing.csv"})"),
       demand + "/empirical: expected a readable CSV file of seconds, found \"missing.csv\" (no "
                "such file: missing.csv)"},
      {"empirical file name not a string", with_demand(R"({"empirical": 3})"),
       demand + "/empirical: expected a string, found 3"},
      // Sizing decisions.
      {"size without decisions", with_top(R"("size": {"headroom": 1.3},)"),
       R"(s.json: /size: expected a "decisions" key, found an object without one)"},
      {"size with no decision", with_top(R"("size": {"decisions": []},)"),
       "s.json: /size/decisions: expected at least one decision, found an empty array"},
      {"size headroom below 1",
       with_top(R"("size": {"headroom": 0.8, "decisions": [{"path": "seed", "values": [1]}]},)"),
       "s.json: /size/headroom: expected a load multiplier in [1, 100], found 0.8"},
      {"size range reversed",
       with_top(R"("size": {"decisions": [{"path": "nodes.app.instances", "values": "8..2"}]},)"),
       "s.json: /size/decisions/0/values: expected a range \"LOW..HIGH\" or "
       "\"LOW..HIGH:STEP\" (LOW <= HIGH, STEP > 0), found \"8..2\""},
      {"size decision twice",
       with_top(R"("size": {"decisions": [{"path": "seed", "values": [1]},)"
                R"( {"path": "seed", "values": [2]}]},)"),
       "s.json: /size/decisions/1/path: expected a decision not given before, found \"seed\""},
      {"size option without settings",
       with_top(R"("size": {"decisions": [{"name": "type", "options": {"small": {}}}]},)"),
       "s.json: /size/decisions/0/options/small: expected an object of PATH: VALUE settings, at "
       "least one, found an empty object"},
      {"size decision with a typo",
       with_top(R"("size": {"decisions": [{"path": "seed", "vales": [1]}]},)"),
       "s.json: /size/decisions/0/vales: unknown key; did you mean \"values\"? (allowed: path, "
       "values)"},
  };
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
  CHECK(cases.size() >= 45);
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
      CAPTURE(name);
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
      CAPTURE(json);
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
