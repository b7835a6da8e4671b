// capsim sweep: --vary syntax, grids and Latin hypercubes, and a sweep over the servers of an
// M/M/c station that reproduces Erlang C's mean wait at every point, identically on one or
// two threads.
#include "cli_support.hpp"
#include "models/analytic/queueing_formulas.hpp"
#include "models/scenario_error.hpp"
#include "models/sweep.hpp"
#include "reports/sweep_report.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

using namespace capsim;

namespace {

std::string vary_error(const std::string &text) {
  try {
    parse_vary(text);
  } catch (const ScenarioError &error) {
    return error.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("--vary values: lists, integer and real ranges") {
  const SweepParameter list = parse_vary("nodes.app.balancer=random,round_robin");
  REQUIRE(list.values.size() == 2);
  CHECK(list.values[0] == "random");
  const SweepParameter counts = parse_vary("nodes.app.instances=2..8:3");
  CHECK(counts.values == std::vector<nlohmann::ordered_json>{2, 5, 8});
  CHECK(counts.integer);
  const SweepParameter ratios = parse_vary("nodes.cache.hit_ratio=0.5..0.9:0.2");
  REQUIRE(ratios.values.size() == 3);
  CHECK(ratios.values[2].get<double>() == doctest::Approx(0.9));
  CHECK(vary_error("nodes.app.instances") ==
        "command line: --vary: expected PATH=VALUES, e.g. nodes.app.instances=2..8 or "
        "nodes.app.balancer=random,round_robin, found \"nodes.app.instances\"");
  CHECK(vary_error("x=8..2") == "command line: --vary: expected PATH=LOW..HIGH or "
                                "PATH=LOW..HIGH:STEP with LOW <= HIGH and STEP > 0, found "
                                "\"x=8..2\"");
  CHECK(vary_error("x=1,,2") == "command line: --vary: expected a comma-separated list without "
                                "empty values, found \"x=1,,2\"");
}

TEST_CASE("grids and Latin hypercubes") {
  const std::vector<SweepParameter> two{parse_vary("a=1,2,3"), parse_vary("b=x,y")};
  const auto grid = sweep_points(two, std::nullopt, 1);
  REQUIRE(grid.size() == 6);
  CHECK(grid[1] == std::vector<nlohmann::ordered_json>{1, "y"}); // last parameter fastest
  const std::vector<SweepParameter> ranges{parse_vary("a=0.0..1.0:0.5"), parse_vary("b=1..100")};
  const auto cube = sweep_points(ranges, 10, 7);
  REQUIRE(cube.size() == 10);
  // One point in each tenth of every range.
  std::set<int> strata_a;
  std::set<int> strata_b;
  for (const auto &point : cube) {
    strata_a.insert(static_cast<int>(point[0].get<double>() * 10.0));
    strata_b.insert(static_cast<int>((point[1].get<double>() - 1.0) / 99.0 * 10.0 - 1e-9));
  }
  CHECK(strata_a.size() == 10);
  CHECK(strata_b.size() >= 9); // integer rounding may move a value across a stratum edge
  CHECK(sweep_points(ranges, 10, 7) == cube);
}

TEST_CASE("a sweep over M/M/c servers reproduces Erlang C at every point") {
  const std::filesystem::path scenario =
      std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/mmc_c2_rho070.json";
  const std::vector<ScenarioOverride> shorter{parse_override("run.duration=40000"),
                                              parse_override("run.replications=10")};
  const std::vector<SweepParameter> servers{parse_vary("nodes.station.concurrency=2..4")};
  SweepOptions options;
  options.run.threads = 1;
  const std::vector<SweepPoint> points = run_sweep(scenario, shorter, servers, options);
  REQUIRE(points.size() == 3);
  for (const SweepPoint &point : points) {
    const int c = point.values[0].get<int>();
    CAPTURE(c);
    // λ = 1.4/s, mean service 1 s: W = C(c, 1.4) / (c − 1.4).
    const double exact_wait_s = analytic::erlang_c(c, 1.4) / (c - 1.4);
    const Estimate &wait = point.result.nodes[0].wait_mean_s;
    const double slack = 0.25 * wait.half_width();
    CHECK(exact_wait_s >= wait.ci_low - slack);
    CHECK(exact_wait_s <= wait.ci_high + slack);
    CHECK(point.saturation_load_multiplier == doctest::Approx(c / 1.4));
  }
  options.run.threads = 2;
  CHECK(sweep_csv(servers, run_sweep(scenario, shorter, servers, options)) ==
        sweep_csv(servers, points));
}

TEST_CASE("sweep on the command line") {
  const auto dir = cli_support::temp_dir("sweep");
  const auto outcome = cli_support::capsim(
      "sweep " + cli_support::example("web_shop.json") +
      " --vary nodes.api.instances=2..3 --vary nodes.api.concurrency=4,8 --duration 60s "
      "--warmup 10s --replications 2 --out " +
      dir.string());
  REQUIRE(outcome.exit_code == 0);
  CHECK(outcome.out.find("4 configurations") != std::string::npos);
  CHECK(std::filesystem::file_size(dir / "sweep.csv") > 100);
  CHECK(std::filesystem::file_size(dir / "report.html") > 1000);
  const auto bad = cli_support::capsim("sweep " + cli_support::example("web_shop.json") +
                                       " --vary nodes.api.instances=0..2");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find("/nodes/api/instances: expected an integer >= 1, found 0") !=
        std::string::npos);
}
