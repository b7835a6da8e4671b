// Growth curves and their uncertain parameters (see growth.hpp). Draws are by inversion of
// the CDF (Boost.Math's normal quantile), one uniform per parameter; constructors check
// their domains and throw std::invalid_argument.
#include "models/plan/growth.hpp"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace capsim::plan {
namespace {

/// z such that Φ(z) = 0.9.
constexpr double kZ90 = 1.2815515655446004;

std::string text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

void require(bool condition, const std::string &message) {
  if (!condition) {
    throw std::invalid_argument(message);
  }
}

const boost::math::normal_distribution<double> kStandardNormal;

/// The standard normal quantile, with u kept strictly inside (0, 1): Rng::uniform_open01 can
/// round up to exactly 1 (once in 2^53 draws).
double standard_normal_quantile(double u) {
  constexpr double kLargestBelowOne = 1.0 - std::numeric_limits<double>::epsilon() / 2.0;
  return boost::math::quantile(kStandardNormal,
                               std::clamp(u, std::numeric_limits<double>::min(), kLargestBelowOne));
}

/// Index of the last point at or before `month` (points[0].month is 0).
std::size_t segment_start(const std::vector<GrowthPoint> &points, double month) {
  const auto after = std::upper_bound(points.begin(), points.end(), month,
                                      [](double m, const GrowthPoint &p) { return m < p.month; });
  return static_cast<std::size_t>(after - points.begin()) - 1;
}

} // namespace

// ---- UncertainParameter ------------------------------------------------------------------

UncertainParameter UncertainParameter::fixed(double value) {
  require(std::isfinite(value), "a growth parameter must be finite, got " + text(value));
  return {Kind::fixed, value, 0.0, 0.0};
}

UncertainParameter UncertainParameter::lognormal_p10_p90(double p10, double p90, double shift) {
  require(std::isfinite(p10) && std::isfinite(p90) && std::isfinite(shift) && shift < p10 &&
              p10 <= p90,
          "a lognormal needs " + text(shift) + " < P10 <= P90, got P10 " + text(p10) + ", P90 " +
              text(p90));
  const double log_p10 = std::log(p10 - shift);
  const double log_p90 = std::log(p90 - shift);
  return {Kind::lognormal, 0.5 * (log_p10 + log_p90), (log_p90 - log_p10) / (2.0 * kZ90), shift};
}

UncertainParameter UncertainParameter::normal(double mean, double sd, double lower_bound) {
  require(std::isfinite(mean) && std::isfinite(sd) && sd >= 0.0 && mean > lower_bound,
          "a normal needs a finite mean > " + text(lower_bound) + " and sd >= 0, got mean " +
              text(mean) + ", sd " + text(sd));
  return {Kind::normal, mean, sd, lower_bound};
}

double UncertainParameter::median() const {
  switch (kind_) {
  case Kind::fixed:
  case Kind::normal:
    return location_;
  case Kind::lognormal:
    return bound_ + std::exp(location_);
  }
  return location_;
}

double UncertainParameter::quantile(double u) const {
  switch (kind_) {
  case Kind::fixed:
    return location_;
  case Kind::lognormal:
    return bound_ + std::exp(location_ + scale_ * standard_normal_quantile(u));
  case Kind::normal: {
    if (scale_ == 0.0) {
      return location_;
    }
    // Inversion of the truncated normal: u maps into (Φ(a), 1), a = the standardised bound.
    // As the mean lies above the bound, Φ(a) < 1/2 and the map loses no precision.
    const double below = boost::math::cdf(kStandardNormal, (bound_ - location_) / scale_);
    const double z = standard_normal_quantile(below + u * (1.0 - below));
    return std::max(location_ + scale_ * z, std::nextafter(bound_, location_));
  }
  }
  return location_;
}

// ---- GrowthCurve -------------------------------------------------------------------------

GrowthCurve GrowthCurve::compound(double monthly_rate) {
  require(std::isfinite(monthly_rate) && monthly_rate > -1.0,
          "a compound monthly rate must be > -1, got " + text(monthly_rate));
  return GrowthCurve(Compound{monthly_rate});
}

GrowthCurve GrowthCurve::table(std::vector<GrowthPoint> points) {
  require(!points.empty() && points.front().month == 0.0,
          "a growth table must start with a point at month 0");
  for (std::size_t i = 0; i < points.size(); ++i) {
    require(std::isfinite(points[i].value) && points[i].value > 0.0,
            "growth table values must be > 0, got " + text(points[i].value));
    require(i == 0 || (std::isfinite(points[i].month) && points[i].month > points[i - 1].month),
            "growth table months must increase");
  }
  return GrowthCurve(Table{std::move(points)});
}

GrowthCurve GrowthCurve::logistic(double ceiling, double rate_per_month) {
  require(std::isfinite(ceiling) && ceiling > 1.0,
          "a logistic ceiling must be > 1, got " + text(ceiling));
  require(std::isfinite(rate_per_month) && rate_per_month > 0.0,
          "a logistic rate must be > 0 per month, got " + text(rate_per_month));
  return GrowthCurve(Logistic{ceiling, rate_per_month});
}

GrowthKind GrowthCurve::kind() const {
  return static_cast<GrowthKind>(shape_.index()); // the variant's order is GrowthKind's
}

double GrowthCurve::multiplier(double month) const {
  if (const auto *table = std::get_if<Table>(&shape_)) {
    return value(month) / table->points.front().value;
  }
  if (const auto *compound = std::get_if<Compound>(&shape_)) {
    return std::exp(month * std::log1p(compound->monthly_rate));
  }
  const auto &logistic = std::get<Logistic>(shape_);
  return logistic.ceiling /
         (1.0 + (logistic.ceiling - 1.0) * std::exp(-logistic.rate_per_month * month));
}

double GrowthCurve::value(double month) const {
  const auto *table = std::get_if<Table>(&shape_);
  if (table == nullptr) {
    return multiplier(month);
  }
  const std::vector<GrowthPoint> &points = table->points;
  month = std::max(month, 0.0);
  const std::size_t i = segment_start(points, month);
  if (i + 1 == points.size()) {
    return points.back().value; // flat beyond the last point
  }
  const double fraction = (month - points[i].month) / (points[i + 1].month - points[i].month);
  return points[i].value * std::pow(points[i + 1].value / points[i].value, fraction);
}

// ---- GrowthModel -------------------------------------------------------------------------

GrowthModel GrowthModel::compound(UncertainParameter monthly_rate) {
  return {GrowthKind::compound, {monthly_rate}, {}};
}

GrowthModel GrowthModel::table(const std::vector<UncertainPoint> &points) {
  std::vector<UncertainParameter> values;
  std::vector<double> months;
  for (const UncertainPoint &point : points) {
    values.push_back(point.value);
    months.push_back(point.month);
  }
  GrowthModel model(GrowthKind::table, std::move(values), std::move(months));
  model.median(); // checks the points
  return model;
}

GrowthModel GrowthModel::logistic(UncertainParameter ceiling, UncertainParameter rate_per_month) {
  GrowthModel model(GrowthKind::logistic, {ceiling, rate_per_month}, {});
  model.median(); // checks the domains
  return model;
}

bool GrowthModel::is_uncertain() const {
  return std::any_of(parameters_.begin(), parameters_.end(),
                     [](const UncertainParameter &parameter) { return !parameter.is_fixed(); });
}

GrowthCurve GrowthModel::median() const {
  std::vector<double> values;
  for (const UncertainParameter &parameter : parameters_) {
    values.push_back(parameter.median());
  }
  return curve(values);
}

GrowthCurve GrowthModel::sample(Rng &rng) const {
  std::vector<double> values;
  for (const UncertainParameter &parameter : parameters_) {
    values.push_back(parameter.sample(rng));
  }
  return curve(values);
}

GrowthCurve GrowthModel::curve(std::span<const double> values) const {
  switch (kind_) {
  case GrowthKind::compound:
    return GrowthCurve::compound(values[0]);
  case GrowthKind::logistic:
    return GrowthCurve::logistic(values[0], values[1]);
  case GrowthKind::table:
    break;
  }
  std::vector<GrowthPoint> points;
  for (std::size_t i = 0; i < values.size(); ++i) {
    points.push_back({months_[i], values[i]});
  }
  return GrowthCurve::table(std::move(points));
}

// ---- Calendar ----------------------------------------------------------------------------

std::optional<YearMonth> parse_year_month(std::string_view text) {
  const auto digits = [&](std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') {
        return -1;
      }
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  if (text.size() != 7 || text[4] != '-') {
    return std::nullopt;
  }
  const int year = digits(0, 4);
  const int month = digits(5, 2);
  if (year < 1900 || month < 1 || month > 12) {
    return std::nullopt;
  }
  return YearMonth{year, month};
}

std::string GrowthSpec::month_label(int month) const {
  if (!start) {
    return "M" + std::to_string(month);
  }
  const int index = start->year * 12 + (start->month - 1) + month;
  const int month_of_year = index % 12 + 1;
  return std::to_string(index / 12) + (month_of_year < 10 ? "-0" : "-") +
         std::to_string(month_of_year);
}

} // namespace capsim::plan
