// Growth curves and their uncertain parameters: each shape against its formula, P10/P90
// fits against their quantiles, sampling reproducible and shared across sample counts, and
// the scenario's "growth" read with its errors.
#include "models/plan/growth.hpp"
#include "models/scenario_error.hpp"
#include "models/scenario_loader.hpp"

#include <doctest/doctest.h>

#include "relative_approx.hpp"
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace capsim;
using namespace capsim::plan;
using capsim::testing::approx;

namespace {

Scenario with_growth(const std::string &growth) {
  return parse_scenario(R"({"workload": {"arrivals": {"rate": 1}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"constant": 0.1}}]}}},
      "nodes": {"app": {"type": "service"}}, "growth": )" +
                            growth + "}",
                        "s.json");
}

std::string growth_error(const std::string &growth) {
  try {
    with_growth(growth);
  } catch (const ScenarioError &error) {
    return error.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("growth curves follow their formulas") {
  SUBCASE("compound: (1 + r)^m") {
    const GrowthCurve curve = GrowthCurve::compound(0.08);
    CHECK(curve.multiplier(0) == 1.0);
    CHECK(curve.multiplier(12) == approx(std::pow(1.08, 12)));
    CHECK(curve.multiplier(2.5) == approx(std::pow(1.08, 2.5)));
  }
  SUBCASE("table: log-linear between points, flat after the last") {
    const GrowthCurve curve = GrowthCurve::table({{0, 1000}, {6, 5000}, {12, 10000}, {24, 25000}});
    CHECK(curve.multiplier(6) == approx(5.0));
    CHECK(curve.value(3) == approx(std::sqrt(1000.0 * 5000.0))); // geometric midpoint
    CHECK(curve.value(18) == approx(std::sqrt(10000.0 * 25000.0)));
    CHECK(curve.value(30) == approx(25000.0));
  }
  SUBCASE("logistic: 1 at month 0, halfway to the ceiling at ln(c - 1) / k") {
    const GrowthCurve curve = GrowthCurve::logistic(5.0, 0.3);
    CHECK(curve.multiplier(0) == approx(1.0));
    CHECK(curve.multiplier(std::log(4.0) / 0.3) == approx(2.5));
    CHECK(curve.multiplier(200) == approx(5.0));
  }
}

TEST_CASE("uncertain parameters") {
  SUBCASE("a lognormal through P10 and P90 has them as its quantiles") {
    const auto rate = UncertainParameter::lognormal_p10_p90(0.05, 0.12, -1.0);
    CHECK(rate.quantile(0.1) == approx(0.05));
    CHECK(rate.quantile(0.9) == approx(0.12));
    CHECK(rate.median() == approx(std::sqrt(1.05 * 1.12) - 1.0));
  }
  SUBCASE("a truncated normal stays above its bound") {
    const auto ceiling = UncertainParameter::normal(1.5, 2.0, 1.0);
    CHECK(ceiling.quantile(1e-9) > 1.0);
    CHECK(ceiling.quantile(0.5) > 1.5); // truncation moves the median up
  }
  SUBCASE("sampling is reproducible, and 1,000 draws have ~10% below P10") {
    const GrowthModel model =
        GrowthModel::compound(UncertainParameter::lognormal_p10_p90(0.02, 0.10, -1.0));
    Rng first = Rng::for_stream(7, 1, 2);
    Rng again = Rng::for_stream(7, 1, 2);
    CHECK(model.sample(first).multiplier(12) == model.sample(again).multiplier(12));
    int below = 0;
    Rng rng = Rng::for_stream(7, 1, 3);
    for (int i = 0; i < 1000; ++i) {
      below += model.sample(rng).multiplier(1) < 1.02 ? 1 : 0;
    }
    // Binomial(1000, 0.1): sd 9.5, so ±4 sd is 62..138.
    CHECK(below > 62);
    CHECK(below < 138);
  }
}

TEST_CASE("the scenario's growth") {
  SUBCASE("compound with P10/P90, horizon and start") {
    const Scenario scenario = with_growth(
        R"({"compound": {"monthly_rate": {"p10": 0.05, "p90": 0.12}}, "horizon_months": 36,
            "start": "2027-11"})");
    REQUIRE(scenario.growth);
    CHECK(scenario.growth->horizon_months == 36);
    CHECK(scenario.growth->model.is_uncertain());
    CHECK(scenario.growth->month_label(2) == "2028-01");
  }
  SUBCASE("a table of users") {
    const Scenario scenario = with_growth(
        R"({"table": {"of": "users", "points": [{"month": 0, "value": 1000},
            {"month": 12, "value": {"mean": 10000, "sd": 2000}}]}})");
    CHECK(scenario.growth->of == "users");
    CHECK(scenario.growth->model.median().multiplier(12) == approx(10.0));
    CHECK(scenario.growth->month_label(3) == "M3");
  }
  SUBCASE("errors name the pointer") {
    CHECK(growth_error(R"({"compound": {"monthly_rate": 0.1}, "logistic": {}})") ==
          "s.json: /growth: expected exactly one of \"compound\", \"table\" or \"logistic\", "
          "found 2");
    CHECK(growth_error(R"({"compound": {"monthly_rate": -1.5}})") ==
          "s.json: /growth/compound/monthly_rate: expected a number > -1, found -1.5");
    CHECK(growth_error(R"({"logistic": {"ceiling": 0.5, "rate_per_month": 0.2}})") ==
          "s.json: /growth/logistic/ceiling: expected a number > 1, found 0.5");
    CHECK(growth_error(R"({"compound": {"monthly_rate": {"p10": 0.2, "p90": 0.1}}})") ==
          "s.json: /growth/compound/monthly_rate: expected P10 > -1 and P90 >= P10");
    CHECK(growth_error(R"({"table": {"points": [{"month": 3, "value": 10}]}})") ==
          "s.json: /growth/table/points/0/month: expected month 0 for the first point (the "
          "scenario's own load), found 3");
    CHECK(growth_error(
              R"({"table": {"points": [{"month": 0, "value": 1}, {"month": 0, "value": 2}]}})") ==
          "s.json: /growth/table/points/1/month: expected a month after the previous point's, up "
          "to 120, found 0");
    CHECK(growth_error(R"({"compound": {"monthly_rate": 0.1}, "start": "2027-13"})") ==
          "s.json: /growth/start: expected a month \"YYYY-MM\", found \"2027-13\"");
    CHECK(growth_error(R"({"compound": {"monthly_rate": 0.1}, "horizon_months": 0})") ==
          "s.json: /growth/horizon_months: expected an integer >= 1, found 0");
    CHECK(growth_error(R"({"compund": {"monthly_rate": 0.1}})") ==
          "s.json: /growth/compund: unknown key; did you mean \"compound\"? (allowed: "
          "compound, horizon_months, logistic, start, table)");
  }
}
