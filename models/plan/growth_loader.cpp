// The scenario's growth (see growth_loader.hpp).
#include "models/plan/growth_loader.hpp"

#include <cmath>
#include <sstream>
#include <string>

namespace capsim::plan {
namespace {

constexpr int kMaxHorizonMonths = 120;

std::string number_text(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

/// A parameter whose values must exceed `lower_bound` (a rate > -1, a ceiling > 1, ...).
UncertainParameter read_parameter(const JsonReader &parameter, double lower_bound) {
  const std::string domain = "a number > " + number_text(lower_bound);
  if (parameter.json().is_number()) {
    const double value = parameter.number();
    if (!(value > lower_bound && std::isfinite(value))) {
      parameter.fail_expected(domain);
    }
    return UncertainParameter::fixed(value);
  }
  if (!parameter.json().is_object()) {
    parameter.fail_expected(domain + R"(, {"p10": A, "p90": B} or {"mean": M, "sd": S})");
  }
  if (parameter.has("p10") || parameter.has("p90")) {
    parameter.only_keys({"p10", "p90"});
    const double p10 = parameter.at("p10").number();
    const double p90 = parameter.at("p90").number();
    if (!(p10 > lower_bound && p90 >= p10 && std::isfinite(p90))) {
      parameter.fail("P10 > " + number_text(lower_bound) + " and P90 >= P10");
    }
    return UncertainParameter::lognormal_p10_p90(p10, p90, lower_bound);
  }
  parameter.only_keys({"mean", "sd"});
  const double mean = parameter.at("mean").number();
  const double sd = parameter.at("sd").number();
  if (!(mean > lower_bound && std::isfinite(mean))) {
    parameter.at("mean").fail_expected(domain);
  }
  if (!(sd >= 0.0 && std::isfinite(sd))) {
    parameter.at("sd").fail_expected("a standard deviation >= 0");
  }
  return UncertainParameter::normal(mean, sd, lower_bound);
}

GrowthModel read_table(const JsonReader &table, std::string &of) {
  table.only_keys({"of", "points"});
  if (const auto quantity = table.optional("of")) {
    of = quantity->string();
  }
  const JsonReader points = table.at("points");
  if (points.element_count() == 0) {
    points.fail_expected("at least one point");
  }
  std::vector<UncertainPoint> parsed;
  points.for_each_element([&](std::size_t index, const JsonReader &point) {
    point.only_keys({"month", "value"});
    const JsonReader month = point.at("month");
    const double month_number = month.number();
    if (index == 0 && month_number != 0.0) {
      month.fail_expected("month 0 for the first point (the scenario's own load)");
    }
    if (index > 0 && !(month_number > parsed.back().month && month_number <= kMaxHorizonMonths)) {
      month.fail_expected("a month after the previous point's, up to " +
                          std::to_string(kMaxHorizonMonths));
    }
    parsed.push_back({month_number, read_parameter(point.at("value"), 0.0)});
  });
  return GrowthModel::table(parsed);
}

} // namespace

GrowthSpec read_growth(const JsonReader &growth) {
  growth.only_keys({"compound", "table", "logistic", "horizon_months", "start"});
  const int shapes = static_cast<int>(growth.has("compound")) +
                     static_cast<int>(growth.has("table")) +
                     static_cast<int>(growth.has("logistic"));
  if (shapes != 1) {
    growth.fail("exactly one of \"compound\", \"table\" or \"logistic\", found " +
                std::to_string(shapes));
  }
  std::string of;
  std::optional<GrowthModel> model;
  if (const auto compound = growth.optional("compound")) {
    compound->only_keys({"monthly_rate"});
    model = GrowthModel::compound(read_parameter(compound->at("monthly_rate"), -1.0));
  } else if (const auto logistic = growth.optional("logistic")) {
    logistic->only_keys({"ceiling", "rate_per_month"});
    model = GrowthModel::logistic(read_parameter(logistic->at("ceiling"), 1.0),
                                  read_parameter(logistic->at("rate_per_month"), 0.0));
  } else {
    model = read_table(growth.at("table"), of);
  }
  GrowthSpec spec{*model, 24, std::nullopt, of};
  if (const auto horizon = growth.optional("horizon_months")) {
    spec.horizon_months = static_cast<int>(horizon->integer_in(1, kMaxHorizonMonths));
  }
  if (const auto start = growth.optional("start")) {
    spec.start = parse_year_month(start->string());
    if (!spec.start) {
      start->fail_expected(R"(a month "YYYY-MM")");
    }
  }
  return spec;
}

} // namespace capsim::plan
