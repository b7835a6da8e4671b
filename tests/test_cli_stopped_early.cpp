// Ctrl-C, --timeout and --max-events in every command that runs several simulations (plan,
// audit, headroom, compare, sweep, size), as a user meets them: Ctrl-C exits 130 and writes
// nothing; after a limit the result says it stopped early (text and JSON "stop_reason") and
// no verdict claims "met" from a truncated run, or the command refuses (compare, exit 2).
#include "cli_support.hpp"

#include <nlohmann/json.hpp>

#include <fstream>

using namespace cli_support;

namespace {

/// A stable M/M/1 (utilization 0.5) whose replications last 1e8 simulated seconds: any run of
/// it outlasts a one-second --timeout and a 20,000-event budget.
std::string write_long_stable(const std::filesystem::path &dir) {
  const auto path = dir / "long.json";
  std::ofstream(path) << R"({"run": {"duration": "100000000s", "replications": 2},
    "workload": {"arrivals": {"rate": "1/s"}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"exponential": "500ms"}}]}}},
    "nodes": {"app": {"type": "service"}},
    "slos": [{"class": "r", "percentile": "p95", "target": "10s"}],
    "claims": [{"text": "p95 within 10 s",
                "slo": {"class": "r", "percentile": "p95", "target": "10s"}}]})";
  return path.string();
}

/// Each multi-run command on that scenario; plan and audit run each peak for 1e8 s too.
std::vector<std::vector<std::string>> commands(const std::string &scenario) {
  const std::vector<std::string> long_peaks{"--duration", "100000000s"};
  std::vector<std::vector<std::string>> all{
      {"plan", scenario},
      {"audit", scenario},
      {"headroom", scenario},
      {"compare", scenario, "--b", "nodes.app.instances=2"},
      {"sweep", scenario, "--vary", "nodes.app.instances=1,2"},
      {"size", scenario, "--vary", "nodes.app.instances=1..3"}};
  all[0].insert(all[0].end(), long_peaks.begin(), long_peaks.end());
  all[1].insert(all[1].end(), long_peaks.begin(), long_peaks.end());
  return all;
}

std::string joined(const std::vector<std::string> &words) {
  std::string text;
  for (const std::string &word : words) {
    text += word + " ";
  }
  return text;
}

/// The JSON a command printed (its warnings, on stderr, come first).
nlohmann::json json_of(const Outcome &outcome) {
  const std::size_t start = outcome.out.find_first_of("{[");
  const std::size_t end = outcome.out.find_last_of("}]");
  REQUIRE(start < end);
  return nlohmann::json::parse(outcome.out.substr(start, end - start + 1));
}

/// Every "status" anywhere in `json` that is an SLO verdict's.
void collect_slo_statuses(const nlohmann::json &json, std::vector<std::string> &statuses) {
  if (json.is_object()) {
    if (json.contains("met") && json.contains("status")) {
      statuses.push_back(json["status"]);
    }
    for (const auto &member : json) {
      collect_slo_statuses(member, statuses);
    }
  } else if (json.is_array()) {
    for (const auto &element : json) {
      collect_slo_statuses(element, statuses);
    }
  }
}

} // namespace

TEST_CASE("Ctrl-C stops every multi-run command: exit 130, nothing written") {
  const auto dir = temp_dir("stopped_sigint");
  const std::string scenario = write_long_stable(dir);
  for (std::vector<std::string> command : commands(scenario)) {
    SUBCASE(command.front().c_str()) {
      const auto out = dir / ("out_" + command.front());
      // --timeout bounds the test should Ctrl-C be ignored (it would then exit 0).
      command.insert(command.end(), {"--quiet", "--timeout", "60s", "--out", out.string()});
      CHECK(interrupted_exit_code(command) == 130);
      CHECK((!std::filesystem::exists(out) || std::filesystem::is_empty(out)));
    }
  }
}

TEST_CASE("after --timeout or --max-events a result says it stopped early and judges nothing") {
  const auto dir = temp_dir("stopped_limits");
  const std::string scenario = write_long_stable(dir);
  for (const auto &[limit, reason] :
       {std::pair{"--timeout 1s", "timeout"}, std::pair{"--max-events 20000", "max_events"}}) {
    for (const std::vector<std::string> &command : commands(scenario)) {
      if (command.front() == "compare") {
        continue; // refuses: see below
      }
      SUBCASE((command.front() + " " + limit).c_str()) {
        const Outcome outcome = capsim(joined(command) + limit + " --format json");
        REQUIRE(outcome.exit_code == 0);
        CHECK(outcome.out.find(std::string("warning: stopped early (") + reason + ")") !=
              std::string::npos);
        const nlohmann::json json = json_of(outcome);
        if (command.front() == "audit") {
          CHECK(json[0]["status"] == "not checked");
          CHECK(json[0]["evidence"].get<std::string>().find("stopped early") != std::string::npos);
          continue;
        }
        CHECK(json["stop_reason"] == reason);
        std::vector<std::string> statuses;
        collect_slo_statuses(json, statuses);
        for (const std::string &status : statuses) {
          CHECK(status == "not judged");
        }
      }
    }
  }
}

TEST_CASE("the text of a stopped command says so plainly") {
  const auto dir = temp_dir("stopped_text");
  const std::string scenario = write_long_stable(dir);
  const Outcome plan = capsim("plan " + scenario + " --duration 100000000s --max-events 20000");
  CHECK(plan.out.find("The simulation stopped early (max_events) at M0's peak") !=
        std::string::npos);
  CHECK(plan.out.find("meets every SLO") == std::string::npos);
  CHECK(plan.out.find("not simulated (max_events)") != std::string::npos);
  const Outcome headroom = capsim("headroom " + scenario + " --max-events 20000");
  CHECK(headroom.out.find("The search stopped early (max_events): the probe at x1.00 was cut "
                          "short and is not counted, so there is no final answer") !=
        std::string::npos);
  CHECK(headroom.out.find("cut short (max_events)") != std::string::npos);
  const Outcome size = capsim("size " + scenario +
                              " --vary nodes.app.instances=1..3 --max-events "
                              "20000");
  CHECK(size.out.find("The search stopped early (max_events)") != std::string::npos);
  CHECK(size.out.find("chosen") == std::string::npos);
  const Outcome sweep =
      capsim("sweep " + scenario + " --vary nodes.app.instances=1,2 --max-events 20000");
  CHECK(sweep.out.find("cut short (max_events)") != std::string::npos);
  CHECK(sweep.out.find("2 of 2 points were cut short") != std::string::npos);
  const Outcome run = capsim("run " + scenario + " --max-events 20000");
  CHECK(run.out.find("not judged") != std::string::npos);
}

TEST_CASE("compare refuses to compare truncated runs: exit 2, one line, nothing written") {
  const auto dir = temp_dir("stopped_compare");
  const std::string scenario = write_long_stable(dir);
  const auto out = dir / "out";
  for (const auto &[limit, option] :
       {std::pair{"--timeout 1s", "--timeout"}, std::pair{"--max-events 20000", "--max-events"}}) {
    const Outcome outcome = capsim("compare " + scenario + " --b nodes.app.instances=2 " + limit +
                                   " --out " + out.string());
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.out ==
          std::string("command line: ") + option +
              ": expected the runs of A and B to end within the limit, found A's "
              "cut short; no comparison is made from truncated runs (" +
              (option == std::string("--timeout") ? "allow more time" : "raise --max-events") +
              " or shorten --duration)\n");
    CHECK_FALSE(std::filesystem::exists(out / "compare.json"));
  }
}
