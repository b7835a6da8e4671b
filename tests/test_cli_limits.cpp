// The run guards as a user meets them: Ctrl-C stops cleanly (exit 130, no file written),
// --max-events marks the result, and a saturated system is reported in words.
#include "cli_support.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <thread>
#include <unistd.h>

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

} // namespace

TEST_CASE("Ctrl-C stops a run cleanly and writes nothing") {
  const auto dir = temp_dir("sigint");
  const auto scenario = write_overloaded(dir);
  const auto out = dir / "out";
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::freopen("/dev/null", "w", stderr); // keep the child's warnings out of the test log
    execl(CAPSIM_BINARY, CAPSIM_BINARY, "run", scenario.c_str(), "--quiet", "--threads", "1",
          "--out", out.c_str(), static_cast<char *>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(child, SIGINT);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
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
