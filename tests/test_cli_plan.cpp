// `capsim plan`: help, the files --out writes, a plan without growth or prices, the JSON's
// shape on the growing shop example, identical output for the same seed, the availability
// section of a scenario with reliabilities, the internal consistency of every example's plan,
// and the errors (exit 2) for a missing catalog and an unknown price.
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
  const auto &slo = plan["months"][0]["slo"][0];
  CHECK(slo["class"].is_string());
  CHECK(slo["target_s"].get<double>() > 0.0);
  CHECK(slo["value_s"].get<double>() > 0.0);
  CHECK(slo["met"].get<bool>() == (slo["status"] == "met"));
  CHECK(read(dir / "a" / "plan.csv").starts_with("month,label,load_multiplier"));
  const Outcome again = capsim("plan " + example("growing_shop.json") + kQuick +
                               " --threads 2 --format json --quiet --out " + (dir / "b").string());
  REQUIRE(again.exit_code == 0);
  CHECK(read(dir / "b" / "plan.json") == read(dir / "a" / "plan.json"));
}

namespace {

/// The checks every plan.json must pass: each month's components add up to its total, the
/// bands are ordered, peak instances stay within each tier's bounds, and every timeline event
/// agrees with the month rows (a tier reaches its maximum in the month the rows first show it
/// at its maximum; a saturation falls on a month marked so; an event beyond the horizon
/// happens in at most half of the growth samples).
void check_plan_consistency(const nlohmann::json &plan) {
  const auto &months = plan["months"];
  REQUIRE(months.size() == static_cast<std::size_t>(plan["horizon_months"].get<int>()));
  for (const auto &month : months) {
    CAPTURE(month["label"].get<std::string>());
    const auto &cost = month["cost_usd"];
    double components_usd = 0.0;
    for (const auto &[name, usd] : cost["by_component"].items()) {
      components_usd += usd.get<double>();
    }
    double items_usd = 0.0;
    for (const auto &item : month["line_items"]) {
      items_usd += item["usd"].get<double>();
    }
    CHECK(components_usd == doctest::Approx(cost["total"].get<double>()).epsilon(1e-9));
    CHECK(items_usd == doctest::Approx(cost["total"].get<double>()).epsilon(1e-9));
    CHECK(cost["p10"].get<double>() <= cost["p50"].get<double>());
    CHECK(cost["p50"].get<double>() <= cost["p90"].get<double>());
    for (const auto &entry : month["nodes"].items()) {
      const std::string name = entry.key();
      const auto &node = entry.value();
      CAPTURE(name);
      CHECK(node["peak_instances"]["p10"].get<double>() >= node["min_instances"].get<double>());
      CHECK(node["peak_instances"]["p90"].get<double>() <= node["max_instances"].get<double>());
    }
  }
  for (const auto &event : plan["timeline"]) {
    CAPTURE(event["text"].get<std::string>());
    CHECK(!event["fix"].get<std::string>().empty());
    const int at = event["month"]["p50"].get<int>();
    REQUIRE(at >= 0);
    REQUIRE(at <= static_cast<int>(months.size()));
    if (at == static_cast<int>(months.size())) { // in fewer than half of the growth samples
      CHECK(event["probability"].get<double>() <= 0.5);
      CHECK(event["label"].get<std::string>().starts_with("beyond "));
      continue;
    }
    CHECK(event["label"] == months[at]["label"]);
    const std::string kind = event["kind"];
    const std::string subject = event["subject"];
    if (kind == "reaches_max") {
      CHECK(months[at]["nodes"][subject]["at_max"].get<bool>());
      CHECK((at == 0 || !months[at - 1]["nodes"][subject]["at_max"].get<bool>()));
    } else if (kind == "saturated") {
      CHECK(months[at]["saturated"].get<bool>());
    }
  }
}

} // namespace

TEST_CASE("every example's plan is internally consistent") {
  const auto dir = temp_dir("plan_examples");
  for (const auto &entry : std::filesystem::directory_iterator(std::string(CAPSIM_SOURCE_DIR) +
                                                               "/scenarios/examples")) {
    CAPTURE(entry.path().filename().string());
    const auto out = dir / entry.path().stem();
    const Outcome outcome = capsim("plan " + entry.path().string() +
                                   " --fast --samples 40 --quiet --out " + out.string());
    REQUIRE(outcome.exit_code == 0);
    check_plan_consistency(nlohmann::json::parse(read(out / "plan.json")));
  }
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
