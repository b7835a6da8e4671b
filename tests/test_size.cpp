// Automatic sizing: the scenario's "size" decisions load as written, --vary decisions join or
// replace them, the search orders candidates by their monthly bill and confirms the cheapest
// passing one, and `capsim size` prints, writes and refuses what it should.
#include "cli_support.hpp"
#include "models/scenario_loader.hpp"
#include "models/size.hpp"
#include "models/sweep.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using namespace capsim;

namespace {

const std::string kSource = CAPSIM_SOURCE_DIR;
const std::string kMmc = kSource + "/scenarios/validation/size_mmc_p95.json";

/// A priced scenario: an API of 2 instances (type and count to decide) before a database.
std::filesystem::path priced_scenario() {
  const auto path = std::filesystem::temp_directory_path() / "capsim_test_size_priced.json";
  std::ofstream(path) << R"({
    "seed": 5, "run": {"duration": "600s", "warmup": "60s", "replications": 4},
    "workload": {"arrivals": {"rate": "30/s"}, "classes": {"req": {"calls": [
      {"node": "api", "demand": {"exponential": "100ms"}}]}}},
    "nodes": {"api": {"type": "service", "instances": 2, "concurrency": 2,
                      "balancer": "least_connections",
                      "cost": {"instance": "ec2.m5.xlarge"}}},
    "slos": [{"class": "req", "percentile": "p95", "target": "400ms"}],
    "pricing": {"catalogs": [")" +
                             kSource + R"(/scenarios/pricing/aws-us-east-1.json"]},
    "size": {"headroom": 1.2, "runners_up": 1, "decisions": [
      {"path": "nodes.api.instances", "values": "1..4"},
      {"name": "api type", "options": {
        "m5.xlarge": {"nodes.api.cost.instance": "ec2.m5.xlarge", "nodes.api.concurrency": 4},
        "t3.medium": {"nodes.api.cost.instance": "ec2.t3.medium", "nodes.api.concurrency": 2}}}
    ]}})";
  return path;
}

} // namespace

TEST_CASE("the scenario's decisions load as written") {
  const Scenario scenario = load_scenario(priced_scenario());
  REQUIRE(scenario.size_space.has_value());
  const SizeSpace &space = *scenario.size_space;
  CHECK(space.headroom == 1.2);
  CHECK(space.runners_up == 1);
  REQUIRE(space.decisions.size() == 2);
  CHECK(space.decisions[0].name == "nodes.api.instances");
  REQUIRE(space.decisions[0].choices.size() == 4);
  CHECK(space.decisions[0].choices[2].label == "3");
  CHECK(space.decisions[0].choices[2].settings.front().value == 3);
  CHECK(space.decisions[1].name == "api type");
  REQUIRE(space.decisions[1].choices.size() == 2);
  CHECK(space.decisions[1].choices[1].label == "t3.medium");
  CHECK(space.decisions[1].choices[1].settings.size() == 2);

  SUBCASE("a --vary of the same path replaces the decision, another one joins") {
    SizeSpace changed = space;
    add_decision(changed, decision_of(parse_vary("nodes.api.instances=2,3")));
    add_decision(changed, decision_of(parse_vary("nodes.api.balancer=random,round_robin")));
    REQUIRE(changed.decisions.size() == 3);
    CHECK(changed.decisions[0].choices.size() == 2);
    CHECK(changed.decisions[2].choices[0].label == "random");
  }
}

TEST_CASE("candidates are judged cheapest first and the cheapest passing one is chosen") {
  const Scenario scenario = load_scenario(priced_scenario());
  SizeOptions options;
  options.run.threads = 2;
  const SizeResult result = find_size(scenario.source_file, {}, *scenario.size_space, options);
  REQUIRE(result.candidates.size() == 8);
  for (std::size_t i = 1; i < result.candidates.size(); ++i) {
    CHECK(result.candidates[i - 1].cost <= result.candidates[i].cost);
  }
  // A t3.medium costs $0.0416 an hour, 730 hours a month.
  CHECK(result.candidates.front().labels == std::vector<std::string>{"1", "t3.medium"});
  CHECK(result.candidates.front().cost == doctest::Approx(0.0416 * 730).epsilon(1e-6));
  CHECK(result.candidates.front().priced);
  // 30/s × 100 ms = 3 busy slots at today's load, 3.6 at x1.2: two slots cannot carry it.
  CHECK(result.candidates.front().status == CandidateStatus::too_little_headroom);
  REQUIRE(result.chosen.has_value());
  const SizeCandidate &chosen = result.candidates[*result.chosen];
  INFO(chosen.reason);
  for (std::size_t i = 0; i < *result.chosen; ++i) {
    CHECK(result.candidates[i].status != CandidateStatus::runner_up);
    CHECK(result.candidates[i].status != CandidateStatus::not_simulated);
  }
  int runners_up = 0;
  for (const SizeCandidate &candidate : result.candidates) {
    runners_up += candidate.status == CandidateStatus::runner_up ? 1 : 0;
  }
  CHECK(runners_up == 1);
}

TEST_CASE("capsim size on the command line") {
  SUBCASE("--help shows an example") {
    const auto outcome = cli_support::capsim("size --help");
    CHECK(outcome.exit_code == 0);
    CHECK(outcome.out.find("Example") != std::string::npos);
  }
  SUBCASE("the winner, in words and in files") {
    const auto dir = cli_support::temp_dir("size");
    const auto outcome = cli_support::capsim(
        "size " + kMmc + " --duration 4000s --warmup 200s --replications 6 --out " + dir.string());
    INFO(outcome.out);
    CHECK(outcome.exit_code == 0);
    CHECK(outcome.out.find("nodes.station.concurrency = 10") != std::string::npos);
    CHECK(outcome.out.find("rejected: headroom") != std::string::npos);
    CHECK(std::filesystem::exists(dir / "size.json"));
    std::ifstream csv(dir / "size.csv");
    std::string header;
    std::getline(csv, header);
    CHECK(header == "nodes.station.concurrency,cost,cost_unit,saturation_load_multiplier,"
                    "status,reason");
  }
  SUBCASE("nothing to decide, or nothing to meet, is bad input") {
    const std::string plain = kSource + "/scenarios/validation/mm1_rho050.json";
    auto outcome = cli_support::capsim("size " + kMmc + " --set /size={\"decisions\":[]} --quiet");
    CHECK(outcome.exit_code == 2);
    outcome = cli_support::capsim("size " + plain + " --vary nodes.station.concurrency=1,2");
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.out.find("/slos: expected a list of SLOs") != std::string::npos);
  }
}
