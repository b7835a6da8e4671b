// `capsim headroom`: help, the error for a scenario without SLOs, and the JSON answer on a
// small M/M/1 case whose exact headroom is known (x1.40).
#include "cli_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace cli_support;

TEST_CASE("headroom --help describes the command") {
  const Outcome help = capsim("headroom --help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--tolerance") != std::string::npos);
  CHECK(capsim("--help").out.find("headroom") != std::string::npos);
}

TEST_CASE("headroom needs SLOs") {
  const Outcome outcome = capsim("headroom " + example("web_shop.json"));
  CHECK(outcome.exit_code == 2);
  CHECK(outcome.out.find("expected an \"slos\" list") != std::string::npos);
}

TEST_CASE("headroom answers in JSON with every probe") {
  const Outcome outcome = capsim("headroom " + std::string(CAPSIM_SOURCE_DIR) +
                                 "/scenarios/validation/headroom_mm1.json" +
                                 " --duration 10000s --warmup 500s --format json");
  REQUIRE(outcome.exit_code == 0);
  const auto result = nlohmann::json::parse(outcome.out);
  const double multiplier = result["load_multiplier"].get<double>();
  CHECK(multiplier > 1.3);
  CHECK(multiplier < 1.45);
  CHECK(result["bottleneck"]["node"] == "station");
  CHECK(result["first_broken"]["class"] == "job");
  CHECK(result["probes"].size() >= 5);
  for (const auto &probe : result["probes"]) {
    CHECK(probe["met"].get<bool>() == (probe["slos"][0]["status"] == "met"));
  }
}
