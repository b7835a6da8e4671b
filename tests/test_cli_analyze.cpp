// `capsim analyze` as a user meets it: help with an example, the bottleneck line on the
// example shop, JSON with the documented keys, exit code 2 on a bad scenario, and the
// analytic figures `capsim run` shows beside the simulated ones.
#include "tests/cli_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

using namespace cli_support;

TEST_CASE("analyze --help shows an example") {
  const Outcome help = capsim("analyze --help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("Example") != std::string::npos);
  CHECK(help.out.find("capsim analyze") != std::string::npos);
  CHECK(capsim("--help").out.find("analyze") != std::string::npos);
}

TEST_CASE("analyze prints the per-node table and the bottleneck") {
  const Outcome outcome = capsim("analyze " + example("web_shop.json"));
  REQUIRE(outcome.exit_code == 0);
  CHECK(outcome.out.find("bottleneck: ") != std::string::npos);
  CHECK(outcome.out.find("× the current load") != std::string::npos);
  for (const char *node : {"api", "db", "mailer"}) {
    CAPTURE(node);
    CHECK(outcome.out.find(node) != std::string::npos);
  }
  CHECK(capsim("analyze " + example("web_shop.json") + " --quiet").out.empty());
}

TEST_CASE("analyze --format json has the documented keys") {
  const Outcome outcome = capsim("analyze " + example("web_shop.json") + " --format json");
  REQUIRE(outcome.exit_code == 0);
  const nlohmann::json result = nlohmann::json::parse(outcome.out);
  CHECK(result["scenario"] == "Web shop");
  for (const char *node : {"api", "db", "mailer"}) {
    CAPTURE(node);
    for (const char *key :
         {"arrival_rate_per_s", "utilization", "mean_wait_s", "mean_residence_s", "saturated"}) {
      CAPTURE(key);
      CHECK(result["nodes"][node].contains(key));
    }
    CHECK(result["nodes"][node]["saturated"] == false);
  }
  for (const char *request_class : {"browse", "search", "checkout"}) {
    CAPTURE(request_class);
    CHECK(result["classes"][request_class]["mean_latency_s"].get<double>() > 0.0);
  }
  const auto &bottleneck = result["bottleneck"];
  CHECK(bottleneck["node"].is_string());
  CHECK(bottleneck["utilization"].get<double>() > 0.0);
  CHECK(bottleneck["saturation_load_multiplier"].get<double>() *
            bottleneck["utilization"].get<double>() ==
        doctest::Approx(1.0).epsilon(0.025)); // around 1, doctest's epsilon is relative / 2
}

TEST_CASE("analyze exits 2 on bad input") {
  CHECK(capsim("analyze /nonexistent/scenario.json").exit_code == 2);
  const auto dir = temp_dir("analyze_bad");
  std::ofstream(dir / "bad.json") << R"({"workload": {"arrivals": {"rate": "1/s"},
    "classes": {"r": {"calls": [{"node": "s", "demand": {"constant": 1}}]}}},
    "nodes": {"s": {"type": "service", "concurrency": 0}}})";
  const Outcome outcome = capsim("analyze " + (dir / "bad.json").string());
  CHECK(outcome.exit_code == 2);
  CHECK(outcome.out.find("bad.json: /nodes/s/concurrency") != std::string::npos);
  CHECK(capsim("analyze " + example("web_shop.json") + " --format xml").exit_code == 2);
}

TEST_CASE("run shows the analytic estimate beside the simulated one") {
  const std::string run = "run " + example("web_shop.json") +
                          " --duration 30s --warmup 5s --replications 2 --threads 1";
  const nlohmann::json result = nlohmann::json::parse(capsim(run + " --format json").out);
  CHECK(result["nodes"]["db"]["analytic"]["utilization"].get<double>() > 0.0);
  CHECK(result["classes"]["browse"]["analytic"]["mean_latency_s"].get<double>() > 0.0);
  CHECK(result["nodes"]["db"].contains("utilization")); // the simulated figures stay
  const Outcome table = capsim(run);
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find("analytic") != std::string::npos);
}
