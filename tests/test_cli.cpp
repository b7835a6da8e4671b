// The capsim command as a user meets it: help with examples, exit codes, one-line errors,
// JSON output with the fixed keys, files written by --out, determinism across --threads.
#include "tests/cli_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace cli_support;

namespace {

std::string read_file(const std::filesystem::path &path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

const std::string kShortRun = " --duration 60s --warmup 5s --replications 3";

} // namespace

TEST_CASE("help shows every command with an example") {
  const Outcome help = capsim("--help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("run") != std::string::npos);
  CHECK(help.out.find("validate") != std::string::npos);
  CHECK(help.out.find("Examples") != std::string::npos);
  for (const char *command : {"run", "validate"}) {
    CAPTURE(command);
    const Outcome sub = capsim(std::string(command) + " --help");
    CHECK(sub.exit_code == 0);
    CHECK(sub.out.find("Example") != std::string::npos);
  }
}

TEST_CASE("bad input exits 2 with one line") {
  SUBCASE("missing file") {
    const Outcome outcome = capsim("run /nonexistent/scenario.json");
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.out.find("/nonexistent/scenario.json") != std::string::npos);
  }
  SUBCASE("invalid value names file, pointer and expectation") {
    const auto dir = temp_dir("bad");
    std::ofstream(dir / "bad.json") << R"({"workload": {"arrivals": {"rate": "1/s"},
      "classes": {"r": {"calls": [{"node": "s", "demand": {"constant": 1}}]}}},
      "nodes": {"s": {"type": "service", "instances": -3}}})";
    const Outcome outcome = capsim("run " + (dir / "bad.json").string());
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.out.find("bad.json: /nodes/s/instances: expected an integer >= 1, found -3") !=
          std::string::npos);
    CHECK(std::count(outcome.out.begin(), outcome.out.end(), '\n') == 1);
  }
  SUBCASE("bad option values") {
    CHECK(capsim("run " + example("web_shop.json") + " --duration 5parsecs").exit_code == 2);
    CHECK(capsim("run " + example("web_shop.json") + " --duration 10s --warmup 20s").exit_code ==
          2);
    CHECK(capsim("run " + example("web_shop.json") + " --format xml").exit_code == 2);
    CHECK(capsim("frobnicate").exit_code == 2);
    CHECK(capsim("").exit_code == 2);
  }
}

TEST_CASE("validate describes a scenario without running it") {
  const Outcome outcome = capsim("validate " + example("web_shop.json"));
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.out.find("is valid") != std::string::npos);
  CHECK(outcome.out.find("api") != std::string::npos);
}

TEST_CASE("run --format json prints the result contract") {
  const Outcome outcome = capsim("run " + example("web_shop.json") + kShortRun + " --format json");
  REQUIRE(outcome.exit_code == 0);
  const nlohmann::json result = nlohmann::json::parse(outcome.out);
  for (const char *key :
       {"scenario", "seed", "replications", "duration_s", "warmup_s", "classes", "nodes"}) {
    CHECK(result.contains(key));
  }
  CHECK(result["replications"] == 3);
  const auto &browse = result["classes"]["browse"];
  for (const char *key : {"mean", "p50", "p90", "p95", "p99", "p999"}) {
    CAPTURE(key);
    CHECK(browse["latency_s"][key]["ci95"].size() == 2);
  }
  const auto &api = result["nodes"]["api"];
  CHECK(api["utilization"]["estimate"].get<double>() > 0.0);
  CHECK(api.contains("wait_s"));
  CHECK(api.contains("queue_length"));
  CHECK(api.contains("in_system"));
}

TEST_CASE("--out writes summary.json and report.md, identical for any --threads") {
  const auto one = temp_dir("threads1");
  const auto two = temp_dir("threads2");
  REQUIRE(capsim("run " + example("web_shop.json") + kShortRun + " --quiet --threads 1 --out " +
                 one.string())
              .exit_code == 0);
  REQUIRE(capsim("run " + example("web_shop.json") + kShortRun + " --quiet --threads 2 --out " +
                 two.string())
              .exit_code == 0);
  CHECK(std::filesystem::exists(one / "report.md"));
  const std::string summary = read_file(one / "summary.json");
  CHECK(!summary.empty());
  CHECK(summary == read_file(two / "summary.json"));
}
