// The run guards as a user meets them: Ctrl-C stops cleanly (exit 130, no file written),
// --max-events marks the result, a saturated system is reported in words, a burst of 1e8 jobs
// runs in bounded memory and bursts count in the event guard's estimate.
#include "cli_support.hpp"

#include <nlohmann/json.hpp>

#include <fstream>

using namespace cli_support;

namespace {

std::filesystem::path write_overloaded(const std::filesystem::path &dir) {
  const auto path = dir / "overloaded.json";
  std::ofstream(path) << R"({"run": {"duration": "100000000s", "replications": 2},
    "workload": {"arrivals": {"rate": "2/s"}, "classes": {"r": {"calls": [
      {"node": "busy", "demand": {"exponential": "1s"}}]}}},
    "nodes": {"busy": {"type": "service"}}})";
  return path;
}

/// A scenario whose only work is `bursts` bursts of 1e8 jobs each (the loader's maximum), a
/// millisecond each, at the start of a day.
std::filesystem::path write_bursts(const std::filesystem::path &dir, int bursts) {
  std::string list;
  for (int b = 0; b < bursts; ++b) {
    list += std::string(b == 0 ? "" : ", ") +
            R"({"at": 0, "jobs": 1e8, "within": "1h", "class": "batch"})";
  }
  const auto path = dir / ("bursts_" + std::to_string(bursts) + ".json");
  std::ofstream(path) << R"({"run": {"duration": "24h", "replications": 1},
    "workload": {"arrivals": {"rate": "1/h"}, "classes": {
      "web": {"share": 1, "calls": [{"node": "app", "demand": {"constant": "1ms"}}]},
      "batch": {"share": 0, "calls": [{"node": "app", "demand": {"constant": "1ms"}}]}}},
    "profiles": {"batch": {"bursts": [)" +
                             list + R"(]}},
    "nodes": {"app": {"type": "service", "concurrency": 4}}})";
  return path;
}

} // namespace

TEST_CASE("Ctrl-C stops a run cleanly and writes nothing") {
  const auto dir = temp_dir("sigint");
  const auto out = dir / "out";
  CHECK(interrupted_exit_code({"run", write_overloaded(dir).string(), "--quiet", "--threads", "1",
                               "--out", out.string()}) == 130);
  CHECK_FALSE(std::filesystem::exists(out / "summary.json"));
}

TEST_CASE("--max-events ends the run early and says so") {
  const auto dir = temp_dir("max_events");
  const Outcome outcome =
      capsim("run " + write_overloaded(dir).string() + " --max-events 100000 --format json");
  REQUIRE(outcome.exit_code == 0);
  const auto json = nlohmann::json::parse(outcome.out.substr(outcome.out.find('{')));
  CHECK(json["stop_reason"] == "max_events");
  CHECK(json["engine"]["events"] == 200000);
  CHECK(json["nodes"]["busy"]["saturated"] == true);
}

TEST_CASE("a saturated system is reported in words, even with --quiet") {
  const auto dir = temp_dir("saturated");
  const Outcome table = capsim("run " + write_overloaded(dir).string() + " --duration 5000s");
  CHECK(table.exit_code == 0);
  CHECK(table.out.find("warning: node busy is saturated") != std::string::npos);
  CHECK(table.out.find("are lower bounds") != std::string::npos);
  // The analytic layer warns before the run starts.
  CHECK(table.out.find("analytic estimate puts node busy at utilization >= 1") !=
        std::string::npos);
  const Outcome quiet =
      capsim("run " + write_overloaded(dir).string() + " --duration 5000s --quiet");
  CHECK(quiet.out.find("warning: node busy is saturated") != std::string::npos);
}

TEST_CASE("a run estimated far beyond a few minutes is refused unless capped") {
  const Outcome refused = capsim("run " + example("web_shop.json") + " --duration 3650d");
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.find("/run/duration: expected a run of at most 3.00 billion events per "
                         "replication") != std::string::npos);
  CHECK(refused.out.find("--max-events") != std::string::npos);
  const Outcome capped = capsim("run " + example("web_shop.json") +
                                " --duration 3650d --replications 1 --max-events 20000 --quiet");
  CHECK(capped.exit_code == 0);
}

TEST_CASE("a burst of 1e8 jobs runs in bounded memory: one pending event per burst") {
  const auto dir = temp_dir("big_burst");
  // Pre-drawn, its 1e8 arrival events alone would take 2.4 GB.
  const ChildOutcome outcome =
      run_child({"run", write_bursts(dir, 1).string(), "--max-events", "200000", "--threads", "1"});
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.max_rss_kb < 400'000);
}

TEST_CASE("burst jobs count in the event estimate") {
  const auto dir = temp_dir("burst_budget");
  // 40 bursts of 1e8 one-call jobs: 8e9 events, though the steady load is one request an hour.
  const Outcome refused = capsim("run " + write_bursts(dir, 40).string());
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.find("/run/duration: expected a run of at most 3.00 billion events per "
                         "replication (a few minutes each), found an estimated 8.00 billion") !=
        std::string::npos);
  const Outcome capped =
      capsim("run " + write_bursts(dir, 40).string() + " --max-events 100000 --quiet");
  CHECK(capped.exit_code == 0);
}

TEST_CASE("a --duration no longer than the warm-up is refused, both in readable units") {
  const Outcome refused = capsim("run " + example("web_shop.json") + " --duration 60s");
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.find("command line: --warmup: expected a warm-up shorter than the duration "
                         "(1.00 min), found 2.00 min") != std::string::npos);
}
