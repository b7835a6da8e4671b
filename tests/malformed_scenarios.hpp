#pragma once
// The table of malformed scenarios: each a scenario text and the exact one-line error it must
// fail with (file "s.json", JSON pointer, what was expected, what was found). The loader test
// checks every message through parse_scenario; the CLI test writes each to s.json and checks
// `capsim validate s.json` exits 2 printing exactly that line.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace malformed {

constexpr std::string_view kNodes =
    R"("nodes": {"app": {"type": "service"}, "db": {"type": "service"}})";
constexpr std::string_view kDemandPointer = "s.json: /workload/classes/req/calls/0/demand";
constexpr std::string_view kDurationSyntax =
    R"(a duration such as "250ms" or "1.5s" (units ns us ms s m h d))";

inline std::string cat(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (const std::string_view part : parts) {
    text += part;
  }
  return text;
}

/// A valid open scenario whose class "req" makes the given call (nodes "app" and "db").
inline std::string with_call(std::string_view call) {
  return cat({R"({"workload": {"arrivals": {"rate": 1}, "classes": {"req": {"calls": [)", call,
              "]}}}, ", kNodes, "}"});
}

/// A valid scenario whose single call to "app" has the given demand.
inline std::string with_demand(std::string_view demand) {
  return with_call(cat({R"({"node": "app", "demand": )", demand, "}"}));
}

/// A valid scenario with the given "workload" member.
inline std::string with_workload(std::string_view workload) {
  return cat({R"({"workload": )", workload, ", ", kNodes, "}"});
}

/// A valid open scenario with the given "classes".
inline std::string with_classes(std::string_view classes) {
  return with_workload(cat({R"({"arrivals": {"rate": 1}, "classes": )", classes, "}"}));
}

/// A valid scenario whose only node "app" is the given object.
inline std::string with_node(std::string_view node) {
  return cat({R"({"workload": {"arrivals": {"rate": 1}, "classes": {"req": {"calls": [)",
              R"({"node": "app", "demand": {"constant": 1}}]}}}, "nodes": {"app": )", node, "}}"});
}

/// A valid scenario with extra top-level members (each followed by a comma).
inline std::string with_top(std::string_view members) {
  return cat({"{", members, with_call(R"({"node": "app", "demand": {"constant": 1}})").substr(1)});
}

struct Malformed {
  std::string name;
  std::string json;
  std::string error;
};

inline std::vector<Malformed> malformed_scenarios() {
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
       "s.json: /sed: unknown key; did you mean \"seed\"? (allowed: "
       "availability, claims, description, failures, growth, name, nodes, pricing, profile, "
       "profiles, run, seed, "
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
      // Duplicate keys: the parser would keep the last one silently.
      {"duplicate top-level key", with_top(R"("seed": 1, "seed": 2,)"),
       R"(s.json: expected each key at most once, found "seed" twice)"},
      {"duplicate node key", with_node(R"({"type": "service", "instances": 2, "instances": 3})"),
       R"(s.json: /nodes/app: expected each key at most once, found "instances" twice)"},
      {"duplicate key in an array element",
       with_call(R"({"node": "app", "node": "db", "demand": {"constant": 1}})"),
       R"(s.json: /workload/classes/req/calls/0: expected each key at most once, found "node" twice)"},
      // Autoscaling.
      {"utilization target above 1",
       with_node(R"({"type": "service", "instances": {"min": 1, "max": 4},
                    "autoscaling": {"target": 1.5}})"),
       "s.json: /nodes/app/autoscaling/target: expected a utilization target in (0, 1], found 1.5"},
      {"autoscaling min above max",
       with_node(R"({"type": "service", "instances": {"min": 5, "max": 2},
                    "autoscaling": {"target": 0.6}})"),
       "s.json: /nodes/app/instances/max: expected max >= min (5), found 2"},
      {"autoscaling with a fixed count",
       with_node(R"({"type": "service", "instances": 3, "autoscaling": {"target": 0.6}})"),
       R"(s.json: /nodes/app/instances: expected {"min": N, "max": M} (and optionally "initial") with autoscaling, found 3)"},
      {"misspelt autoscaling key",
       with_node(R"({"type": "service", "instances": {"min": 1, "max": 4},
                    "autoscaling": {"traget": 0.6}})"),
       R"(s.json: /nodes/app/autoscaling/traget: unknown key; did you mean "target"? (allowed: interval, metric, provisioning, scale_in, scale_in_cooldown, scale_out, scale_out_cooldown, schedule, target, window))"},
      {"schedule min above max", with_node(R"({"type": "service", "instances": {"min": 1, "max": 4},
                    "autoscaling": {"target": 0.6, "schedule": [{"at": "1h", "min": 6}]}})"),
       "s.json: /nodes/app/autoscaling/schedule/0: expected min <= max once the schedule applies, "
       "found min 6 and max 4"},
      {"schedule change without a sign",
       with_node(R"({"type": "service", "instances": {"min": 1, "max": 4},
                    "autoscaling": {"target": 0.6, "schedule": [{"at": "1h", "change": "50%"}]}})"),
       R"(s.json: /nodes/app/autoscaling/schedule/0/change: expected a change like "+50%", "-25%", "+3", "-2" or "x2", found "50%")"},
      {"schedule change removing everything",
       with_node(R"({"type": "service", "instances": {"min": 1, "max": 4},
                    "autoscaling": {"target": 0.6, "schedule": [{"at": "1h", "change": "-100%"}]}})"),
       R"(s.json: /nodes/app/autoscaling/schedule/0/change: expected a change like "+50%", "-25%", "+3", "-2" or "x2", found "-100%")"},
      {"schedule entry that does nothing",
       with_node(R"({"type": "service", "instances": {"min": 1, "max": 4},
                    "autoscaling": {"target": 0.6, "schedule": [{"at": "1h"}]}})"),
       R"(s.json: /nodes/app/autoscaling/schedule/0: expected a "min", a "max" or a "change", found none)"},
      // Profiles.
      {"daily profile of 23 hours",
       with_top(R"("profiles": {"day": {"daily": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                                   1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}},)"),
       "s.json: /profiles/day/daily: expected 24 hourly multipliers (a day), found an array"},
      {"negative profile multiplier",
       with_top(R"("profiles": {"day": {"points": [[0, 1], ["1h", -2]]}},)"),
       "s.json: /profiles/day/points/1/1: expected a multiplier in [0, 1e6], found -2"},
      {"profile points going back in time",
       with_top(R"("profiles": {"day": {"points": [["2h", 1], ["1h", 2]]}},)"),
       "s.json: /profiles/day/points/1: expected times increasing from one point to the next, "
       "found an array"},
      {"unknown active profile", with_top(R"("profiles": {"day": {}}, "profile": "night",)"),
       R"(s.json: /profile: expected a profile name (one of: day), found "night")"},
      {"burst of an unknown class",
       with_top(R"("profiles": {"b": {"bursts": [{"at": 0, "jobs": 5, "within": "1m",
                                                   "class": "batch"}]}},)"),
       R"(s.json: /profiles/b/bursts/0/class: expected a request class (one of: req), found "batch")"},
      {"burst of too many jobs",
       with_top(R"("profiles": {"b": {"bursts": [{"at": 0, "jobs": 1e9, "within": "1m",
                                                   "class": "req"}]}},)"),
       "s.json: /profiles/b/bursts/0/jobs: expected an integer <= 100000000, found 1000000000.0"},
      // Failure drills.
      {"kill fraction above 1",
       with_top(R"("failures": [{"at": "1m", "node": "app", "kill_fraction": 1.5}],)"),
       "s.json: /failures/0/kill_fraction: expected a fraction of the instances in [0, 1], found "
       "1.5"},
      {"failure of an unknown node",
       with_top(R"("failures": [{"at": "1m", "node": "ap", "kill": 1}],)"),
       R"(s.json: /failures/0/node: expected the name of a node (one of: app, db), found "ap"; did you mean "app"?)"},
      {"failure with two faults",
       with_top(R"("failures": [{"at": "1m", "node": "app", "kill": 1, "slow": 2}],)"),
       R"(s.json: /failures/0: expected exactly one of "kill", "kill_fraction", "slow" or "down_for", found an object)"},
      // Growth.
      {"growth horizon of 121 months",
       with_top(R"("growth": {"compound": {"monthly_rate": 0.05}, "horizon_months": 121},)"),
       "s.json: /growth/horizon_months: expected an integer <= 120, found 121"},
      {"growth with two models", with_top(R"("growth": {"compound": {"monthly_rate": 0.05},
                              "logistic": {"ceiling": 3, "rate_per_month": 0.2}},)"),
       R"(s.json: /growth: expected exactly one of "compound", "table" or "logistic", found 2)"},
      {"growth rate of -100%", with_top(R"("growth": {"compound": {"monthly_rate": -1}},)"),
       "s.json: /growth/compound/monthly_rate: expected a number > -1, found -1"},
      {"growth start not a month",
       with_top(R"("growth": {"compound": {"monthly_rate": 0.05}, "start": "2027-13"},)"),
       R"(s.json: /growth/start: expected a month "YYYY-MM", found "2027-13")"},
      // Pricing.
      {"missing price catalog", with_top(R"("pricing": {"catalogs": ["nowhere.json"]},)"),
       R"(s.json: /pricing/catalogs/0: expected a price catalog file, found "nowhere.json" (no such file: nowhere.json))"},
      {"unknown instance price",
       cat({R"({"pricing": {"prices": {"vm.small": {"usd": 0.1, "per": "hour", "source": "test",)",
            R"( "date": "2026-01"}}},)",
            R"("workload": {"arrivals": {"rate": 1}, "classes": {"req": {"calls": [)",
            R"({"node": "app", "demand": {"constant": 1}}]}}}, "nodes": {"app": )",
            R"({"type": "service", "cost": {"instance": "vm.smal"}}}})"}),
       R"(s.json: /nodes/app/cost/instance: expected a price key of the scenario's catalogs (one of: vm.small), found "vm.smal"; did you mean "vm.small"?)"},
      {"negative price",
       with_top(R"("pricing": {"prices": {"vm.small": {"usd": -1, "per": "hour"}}},)"),
       "s.json: /pricing/prices/vm.small/usd: expected a price in dollars >= 0, found -1"},
      // SLOs and claims.
      {"SLO of an unknown class",
       with_top(R"("slos": [{"class": "rq", "percentile": "p95", "target": "1s"}],)"),
       R"(s.json: /slos/0/class: expected a request class (one of: req), found "rq"; did you mean "req"?)"},
      {"SLO with an unknown percentile",
       with_top(R"("slos": [{"class": "req", "percentile": "p96", "target": "1s"}],)"),
       R"(s.json: /slos/0/percentile: expected a latency figure (one of: mean, p50, p90, p95, p99, p999), found "p96"; did you mean "p90"?)"},
      {"claim without a statement", with_top(R"("claims": [{"text": "fast enough"}],)"),
       "s.json: /claims/0: expected exactly one of slo, max_instances, cost_usd_at_most, "
       "cost_per_request_usd_at_most, headroom_at_least, utilization_at_most, memory_at_most or "
       "availability_at_least, "
       "found 0"},
      {"claim on a tier that does not scale",
       with_top(R"("claims": [{"text": "app is enough", "max_instances": "app"}],)"),
       R"(s.json: /claims/0/max_instances: expected an autoscaled node, found "app")"},
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

} // namespace malformed
