// Extreme but valid inputs either run or fail fast with a clear message: a 1 ns service time
// (runs, with a warning about the nanosecond clock), a billion users (refused at once), a
// 10-year run (stopped by --timeout, marked), a 120-month plan (runs; 121 is refused).
#include "cli_support.hpp"

#include <nlohmann/json.hpp>

#include <fstream>

using namespace cli_support;

namespace {

std::string write(const std::filesystem::path &dir, const std::string &name,
                  const std::string &text) {
  std::ofstream(dir / name) << text;
  return (dir / name).string();
}

nlohmann::json json_of(const Outcome &outcome) {
  return nlohmann::json::parse(outcome.out.substr(outcome.out.find('{')));
}

} // namespace

TEST_CASE("a 1 ns service time runs, with a warning about the nanosecond clock") {
  const auto dir = temp_dir("extreme_ns");
  const std::string scenario =
      write(dir, "ns.json", R"({"run": {"duration": "1s", "replications": 2},
    "workload": {"arrivals": {"rate": "100000/s"}, "classes": {"r": {"calls": [
      {"node": "fast", "demand": {"constant": "1ns"}}]}}},
    "nodes": {"fast": {"type": "service"}}})");
  const Outcome outcome = capsim("run " + scenario + " --format json");
  REQUIRE(outcome.exit_code == 0);
  CHECK(outcome.out.find("warning: calls to fast have a mean demand of 1.00 ns, under 10 ns") !=
        std::string::npos);
  const nlohmann::json json = json_of(outcome);
  CHECK(json["stop_reason"] == "completed");
  // A whole nanosecond is exact: utilization 1e5/s x 1 ns.
  CHECK(json["nodes"]["fast"]["utilization"]["estimate"].get<double>() ==
        doctest::Approx(1e-4).epsilon(0.02));
  CHECK(capsim("validate " + scenario).out.find("under 10 ns") != std::string::npos);
}

TEST_CASE("a billion users fail fast with a clear message") {
  const auto dir = temp_dir("extreme_users");
  const std::string scenario = write(dir, "users.json", R"({"workload": {"users": 1e9,
    "think_time": {"exponential": "1s"}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"exponential": "1ms"}}]}}},
    "nodes": {"app": {"type": "service"}}})");
  const Outcome outcome = capsim("run " + scenario);
  CHECK(outcome.exit_code == 2);
  CHECK(outcome.out ==
        scenario + ": /workload/users: expected an integer <= 10000000, found 1000000000.0\n");
}

TEST_CASE("a 10-year run is accepted, and --timeout stops it with its result marked") {
  const auto dir = temp_dir("extreme_years");
  const std::string scenario = write(dir, "years.json", R"({"run": {"duration": "3650d",
      "replications": 1},
    "workload": {"arrivals": {"rate": "1/s"}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"exponential": "100ms"}}]}}},
    "nodes": {"app": {"type": "service"}}})");
  const Outcome outcome = capsim("run " + scenario + " --timeout 1s --format json");
  REQUIRE(outcome.exit_code == 0);
  CHECK(json_of(outcome)["stop_reason"] == "timeout");
}

TEST_CASE("a 120-month plan runs; 121 months are refused") {
  const auto dir = temp_dir("extreme_months");
  const auto plan_of = [&](int months) {
    return write(dir, "plan" + std::to_string(months) + ".json",
                 R"({"workload": {"arrivals": {"rate": "2/s"}, "classes": {"r": {"calls": [
                   {"node": "app", "demand": {"exponential": "50ms"}}]}}},
                   "growth": {"compound": {"monthly_rate": 0.01}, "horizon_months": )" +
                     std::to_string(months) + R"(},
                   "slos": [{"class": "r", "percentile": "p95", "target": "1s"}],
                   "nodes": {"app": {"type": "service", "instances": {"min": 1, "max": 20},
                                     "autoscaling": {"target": 0.6}}}})");
  };
  const Outcome plan =
      capsim("plan " + plan_of(120) + " --requests 1000 --replications 2 --format json");
  REQUIRE(plan.exit_code == 0);
  const nlohmann::json json = json_of(plan);
  REQUIRE(json["months"].size() == 120);
  CHECK(json["months"][119]["peak_run"]["slos"][0]["status"] == "met");
  const Outcome refused = capsim("plan " + plan_of(121) + " --fast");
  CHECK(refused.exit_code == 2);
  CHECK(refused.out ==
        plan_of(121) + ": /growth/horizon_months: expected an integer <= 120, found 121\n");
}
