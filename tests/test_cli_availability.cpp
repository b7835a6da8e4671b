// `capsim availability`: help with an example, the answer on scenarios/examples/availability.json
// (the read path misses 99.9%, and the advice — a second read replica, spread over both zones —
// meets it, analytically and in the simulation), the JSON and the files --out writes, identical
// output for any thread count, what validate says, and one-line errors with exit code 2.
#include "cli_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace cli_support;

namespace {

const std::string kExample = example("availability.json");
const std::string kShort = " --replications 6 --duration 1825d";

std::string read_file(const std::filesystem::path &path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

TEST_CASE("availability --help shows an example") {
  const Outcome help = capsim("availability --help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("capsim availability scenarios/examples/availability.json") !=
        std::string::npos);
  CHECK(help.out.find("--format") != std::string::npos);
  CHECK(capsim("--help").out.find("availability") != std::string::npos);
}

TEST_CASE("availability answers for the example: who misses 99.9%, why, and what meets it") {
  const Outcome outcome = capsim("availability " + kExample + kShort + " --threads 2");
  REQUIRE(outcome.exit_code == 0);
  CHECK(outcome.out.find("Target 99.9% for every class.") != std::string::npos);
  CHECK(outcome.out.find("browse: 99.799% (analytic; simulated") != std::string::npos);
  CHECK(outcome.out.find("misses it") != std::string::npos);
  CHECK(outcome.out.find("To meet 99.9%: add a second read replica to db, then spread "
                         "db.replicas over zones a and b") != std::string::npos);
  CHECK(outcome.out.find("To also have the capacity the peak needs 99.9% of the time") !=
        std::string::npos);
  for (const char *section : {"Classes", "Outages", "Error budget", "Requests failed", "Components",
                              "Failover", "What limits browse"}) {
    CAPTURE(section);
    CHECK(outcome.out.find(section) != std::string::npos);
  }
  // The same answer on one thread.
  CHECK(capsim("availability " + kExample + kShort + " --threads 1").out == outcome.out);
}

TEST_CASE("availability --format json and --out") {
  const auto dir = temp_dir("availability");
  const Outcome outcome =
      capsim("availability " + kExample + kShort + " --format json --out " + dir.string());
  REQUIRE(outcome.exit_code == 0);
  const auto json = nlohmann::json::parse(outcome.out);
  CHECK(json["target"] == 0.999);
  CHECK(json["replications"] == 6);
  const auto &browse = json["classes"]["browse"];
  const double analytic = browse["availability"]["analytic"].get<double>();
  const auto &simulated = browse["availability"]["simulated"];
  CHECK(analytic > 0.997);
  CHECK(analytic < 0.999);
  CHECK(simulated["ci95"][0].get<double>() < simulated["ci95"][1].get<double>());
  CHECK(browse["verdict"] == "misses it");
  CHECK(browse["probability_month_meets"]["99.9%"]["estimate"].get<double>() < 0.9);
  CHECK(browse["requests"]["failed_per_year"]["in_flight"].get<double>() > 0.0);
  CHECK(json["components"]["db"]["redundancy"] == "active_passive");
  CHECK(json["components"]["db"]["rto_s"] == 120.0);
  CHECK(json["components"]["api"]["needed_at_peak"] == 2);
  CHECK(json["weakest"]["class"] == "browse");
  CHECK(json["advice"]["meets_target"] == true);
  CHECK(json["advice"]["classes"]["browse"]["simulated"]["estimate"].get<double>() > 0.999);
  CHECK(read_file(dir / "availability.json") == outcome.out);
  CHECK(read_file(dir / "report.md").find("# Availability: Web shop with failures") == 0);
  CHECK(read_file(dir / "report.html").find("<svg") != std::string::npos);
}

TEST_CASE("validate says how the nodes fail") {
  const Outcome outcome = capsim("validate " + kExample);
  REQUIRE(outcome.exit_code == 0);
  CHECK(outcome.out.find("Availability: target 99.9%, 2 zone(s), 0 region(s)") !=
        std::string::npos);
  CHECK(outcome.out.find("  api: MTBF 30.0 d, MTTR 10.0 min") != std::string::npos);
  CHECK(outcome.out.find("standby taking over in 2.00 min (async replication)") !=
        std::string::npos);
}

TEST_CASE("availability errors are one line with exit code 2") {
  const Outcome no_reliability = capsim("availability " + example("web_shop.json"));
  CHECK(no_reliability.exit_code == 2);
  CHECK(no_reliability.out.find("/nodes: expected a node with a \"reliability\"") !=
        std::string::npos);
  const Outcome bad_set =
      capsim("availability " + kExample + " --set nodes.api.reliability.mttr=-5m");
  CHECK(bad_set.exit_code == 2);
  CHECK(bad_set.out.find("/nodes/api/reliability/mttr: expected a duration") != std::string::npos);
  const Outcome short_run = capsim("availability " + kExample + " --duration 2d");
  CHECK(short_run.exit_code == 2);
  CHECK(short_run.out.find("--duration: expected a simulated time from one month") !=
        std::string::npos);
}
