// Time-varying runs through the command line, on the Saturday-peak example: the profile drives
// the autoscaler (scaling_events.csv), the time series lands in timeseries.csv with the
// chosen --window, --profile none runs the steady base load, and --window 0 writes no series.
#include "cli_support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace cli_support;

namespace {

std::vector<std::vector<std::string>> read_csv(const std::filesystem::path &path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::stringstream cells_text(line);
    for (std::string cell; std::getline(cells_text, cell, ',');) {
      cells.push_back(cell);
    }
    rows.push_back(cells);
  }
  return rows;
}

// Fifteen hours of the June Saturday: the morning climb, the 10:00 spike, the 13:00 drill and
// the 14:00 burst.
std::string saturday(const std::string &options, const std::filesystem::path &out) {
  return "run " + std::string(CAPSIM_SOURCE_DIR) +
         "/scenarios/examples/saturday_peak.json --duration 15h --replications 1 --quiet " +
         options + " --out " + out.string();
}

} // namespace

TEST_CASE("the daily profile drives the autoscaler, logged in scaling_events.csv") {
  const auto dir = temp_dir("dynamics_profile");
  REQUIRE(capsim(saturday("--window 10m", dir / "peak")).exit_code == 0);
  const auto events = read_csv(dir / "peak" / "scaling_events.csv");
  REQUIRE(events.size() > 2);
  CHECK(events[0] ==
        std::vector<std::string>{"time_s", "node", "from", "to", "metric", "value", "threshold"});
  // At the base load (40/s) app runs 2.88 busy slots of 2 × 4: 36%, under its 60% target.
  // The first scale-out comes with the morning climb (x1.4 from 10:00 plus the spike),
  // never before 08:00, and moves up from the initial 2 instances on a measured utilization
  // above the target.
  const std::vector<std::string> &first = events[1];
  CHECK(std::stod(first[0]) >= 8 * 3600.0);
  CHECK(first[1] == "app");
  CHECK(first[2] == "2");
  CHECK(first[3] == "3");
  CHECK(first[4] == "utilization");
  CHECK(std::stod(first[5]) > std::stod(first[6]));

  SUBCASE("the time series has one row per window, metric and class or node") {
    const auto series = read_csv(dir / "peak" / "timeseries.csv");
    REQUIRE(series.size() > 1);
    CHECK(series[0] == std::vector<std::string>{"window_start_s", "window_end_s", "kind", "name",
                                                "metric", "value"});
    double last_end_s = 0.0;
    for (std::size_t row = 1; row < series.size(); ++row) {
      REQUIRE(series[row].size() == 6);
      CHECK(std::stod(series[row][1]) - std::stod(series[row][0]) == doctest::Approx(600.0));
      last_end_s = std::max(last_end_s, std::stod(series[row][1]));
    }
    CHECK(last_end_s == doctest::Approx(15 * 3600.0));
  }
}

TEST_CASE("--profile none runs the steady base load; --window 0 writes no time series") {
  const auto dir = temp_dir("dynamics_steady");
  REQUIRE(capsim(saturday("--profile none --window 0", dir / "steady")).exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(dir / "steady" / "timeseries.csv"));
  // 36% at the base load: only the 13:00 drill and its recovery move the app tier.
  for (const auto &event : read_csv(dir / "steady" / "scaling_events.csv")) {
    if (event.size() == 7 && event[1] == "app" && event[0] != "time_s") {
      CHECK(std::stod(event[0]) >= 13 * 3600.0);
    }
  }
  CHECK(capsim(saturday("--window -5", dir / "bad")).exit_code == 2);
  CHECK(capsim(saturday("--profile weekday", dir / "bad")).exit_code == 2);
}
