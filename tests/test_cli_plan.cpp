// `capsim plan`: help, the files --out writes, a plan without growth or prices, the JSON's
// shape on the growing shop example, identical output for the same seed, the availability
// section of a scenario with reliabilities, and the errors (exit 2) for a missing catalog and
// an unknown price.
#include "cli_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace cli_support;

namespace {

const std::string kQuick = " --samples 30 --requests 3000 --replications 3";

std::string read(const std::filesystem::path &path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

TEST_CASE("plan --help describes the command") {
  const Outcome help = capsim("plan --help");
  CHECK(help.exit_code == 0);
  for (const char *option : {"--samples", "--fast", "--requests", "--warn-utilization"}) {
    CHECK(help.out.find(option) != std::string::npos);
  }
  CHECK(capsim("--help").out.find("plan") != std::string::npos);
}

TEST_CASE("plan has an availability section when the scenario says how its nodes fail") {
  const auto dir = temp_dir("plan_availability");
  const Outcome text =
      capsim("plan " + example("availability.json") + " --fast --out " + dir.string());
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.find("Availability (analytic, today's configuration") != std::string::npos);
  CHECK(text.out.find("To meet 99.9%: add a second read replica to db") != std::string::npos);
  const auto plan = nlohmann::json::parse(read(dir / "plan.json"));
  CHECK(plan["availability"]["classes"]["browse"]["availability"].get<double>() < 0.999);
  CHECK(plan["availability"]["changes"].size() == 2);
  CHECK(read(dir / "report.html").find("<section id=\"availability\">") != std::string::npos);
  CHECK(read(dir / "report.md").find("## Availability") != std::string::npos);
  const Outcome without = capsim("plan " + example("growing_shop.json") + " --fast --format json");
  CHECK(nlohmann::json::parse(without.out)["availability"].is_null());
}

TEST_CASE("plan writes its files and the same seed gives the same plan") {
  const auto dir = temp_dir("plan");
  const Outcome first = capsim("plan " + example("growing_shop.json") + kQuick + " --threads 1" +
                               " --format json --out " + (dir / "a").string());
  REQUIRE(first.exit_code == 0);
  for (const char *file : {"plan.json", "plan.csv", "plan_costs.csv", "report.md", "report.html"}) {
    CHECK(std::filesystem::file_size(dir / "a" / file) > 100);
  }
  const auto plan = nlohmann::json::parse(first.out);
  CHECK(plan["horizon_months"] == 24);
  CHECK(plan["samples"] == 30);
  REQUIRE(plan["months"].size() == 24);
  const auto &last = plan["months"][23];
  CHECK(last["label"] == "2028-12");
  CHECK(last["cost_usd"]["p10"].get<double>() <= last["cost_usd"]["p50"].get<double>());
  CHECK(last["cost_usd"]["p50"].get<double>() <= last["cost_usd"]["p90"].get<double>());
  CHECK(last["nodes"]["api"]["peak_instances"]["p50"].get<double>() >= 2);
  CHECK(plan["months"][0]["peak_run"]["slos"].size() == 3);
  CHECK(read(dir / "a" / "plan.csv").starts_with("month,label,load_multiplier"));
  const Outcome again = capsim("plan " + example("growing_shop.json") + kQuick +
                               " --threads 2 --format json --quiet --out " + (dir / "b").string());
  REQUIRE(again.exit_code == 0);
  CHECK(read(dir / "b" / "plan.json") == read(dir / "a" / "plan.json"));
}

TEST_CASE("plan without growth or prices: twelve flat months, analytic with --fast") {
  const Outcome outcome = capsim("plan " + example("web_shop.json") + " --fast");
  REQUIRE(outcome.exit_code == 0);
  CHECK(outcome.out.find("12 months") != std::string::npos);
  CHECK(outcome.out.find("cost") == std::string::npos); // nothing priced
  CHECK(outcome.out.find("not simulated") != std::string::npos);
}

TEST_CASE("audit prints each claim's verdict; a scenario without claims is an error") {
  const Outcome audit = capsim("audit " + example("growing_shop.json") + " --fast");
  REQUIRE(audit.exit_code == 0);
  CHECK(audit.out.find("12 API instances are enough for two years") != std::string::npos);
  CHECK(audit.out.find("fails        $1,511 a month in 2028-12") != std::string::npos);
  CHECK(audit.out.find("not checked  latency not simulated") != std::string::npos);
  const Outcome none = capsim("audit " + example("web_shop.json") + " --fast");
  CHECK(none.exit_code == 2);
  CHECK(none.out.find("expected a \"claims\" list to audit") != std::string::npos);
  CHECK(capsim("audit --help").out.find("--samples") != std::string::npos);
}

TEST_CASE("plan errors exit 2 with the file and pointer") {
  const auto dir = temp_dir("plan_errors");
  std::ofstream(dir / "s.json") << R"({"workload": {"arrivals": {"rate": 1}, "classes": {"r":
      {"calls": [{"node": "app", "demand": {"constant": 0.1}}]}}},
      "nodes": {"app": {"type": "service", "cost": {"instance": "ec2.c5.xlarg"}}},
      "pricing": {"catalogs": [")" + std::string(CAPSIM_SOURCE_DIR) +
                                       R"(/scenarios/pricing/aws-us-east-1.json"]}})";
  const Outcome unknown = capsim("plan " + (dir / "s.json").string() + " --fast");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.out.find("/nodes/app/cost/instance: expected a price key of the scenario's "
                         "catalogs") != std::string::npos);
  CHECK(unknown.out.find("did you mean \"ec2.c5.xlarge\"?") != std::string::npos);
  std::ofstream(dir / "t.json") << R"({"workload": {"arrivals": {"rate": 1}, "classes": {"r":
      {"calls": [{"node": "app", "demand": {"constant": 0.1}}]}}},
      "nodes": {"app": {"type": "service"}}, "pricing": {"catalogs": ["gone.json"]}})";
  const Outcome missing = capsim("plan " + (dir / "t.json").string());
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.find("/pricing/catalogs/0: expected a price catalog file, found "
                         "\"gone.json\" (no such file") != std::string::npos);
}
