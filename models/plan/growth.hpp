#pragma once
// Growth of load over the months of a plan: a compound monthly rate, a table of points
// interpolated log-linearly, or a logistic S-curve, each as a multiplier of month 0's load.
// Any parameter may be uncertain; sampling draws one concrete curve per Monte Carlo sample,
// used for every month of that sample (common random numbers across months).
#include "sim/rng.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace capsim::plan {

/// A growth parameter: a fixed number, a lognormal fitted to its P10 and P90, or a normal
/// truncated to the parameter's domain.
class UncertainParameter {
public:
  static UncertainParameter fixed(double value);
  /// X = shift + L with ln L ~ N(μ, σ) fitted so that P(X < p10) = 0.1 and P(X < p90) = 0.9:
  /// μ = (ln(p10 - shift) + ln(p90 - shift)) / 2, σ = (ln(p90 - shift) - ln(p10 - shift)) /
  /// (2 z₀.₉). Requires shift < p10 <= p90. The shift keeps draws inside a domain such as
  /// "ceiling > 1".
  static UncertainParameter lognormal_p10_p90(double p10, double p90, double shift = 0.0);
  /// Normal(mean, sd) conditioned on X > lower_bound. Requires mean > lower_bound, sd >= 0.
  static UncertainParameter normal(double mean, double sd, double lower_bound);

  bool is_fixed() const { return kind_ == Kind::fixed; }
  /// The central value: the fixed value, the lognormal's median, or the normal's mean.
  double median() const;
  /// The value at cumulative probability u in (0, 1) (the inverse CDF).
  double quantile(double u) const;
  /// One draw by inversion. It consumes exactly one uniform whatever the kind (fixed values
  /// too), so two scenarios that differ in one parameter still share their random numbers.
  double sample(Rng &rng) const { return quantile(rng.uniform_open01()); }

private:
  enum class Kind { fixed, lognormal, normal };
  UncertainParameter(Kind kind, double location, double scale, double bound)
      : kind_(kind), location_(location), scale_(scale), bound_(bound) {}

  Kind kind_;
  double location_; ///< fixed: the value; lognormal: μ; normal: the mean
  double scale_;    ///< lognormal: σ; normal: the standard deviation
  double bound_;    ///< lognormal: the shift; normal: the lower bound
};

/// One point of a growth table: at `month` (>= 0) the quantity is `value` (> 0).
struct GrowthPoint {
  double month;
  double value;
};

enum class GrowthKind { compound, table, logistic };

/// One concrete growth curve, every parameter fixed. Months are real numbers >= 0.
class GrowthCurve {
public:
  /// multiplier(m) = (1 + r)^m, r > -1.
  static GrowthCurve compound(double monthly_rate);
  /// Log-linear interpolation between points (constant growth rate within each segment);
  /// flat beyond the last point. Points start at month 0, months increase, values are > 0.
  static GrowthCurve table(std::vector<GrowthPoint> points);
  /// multiplier(m) = c / (1 + (c - 1) e^{-k m}): 1 at month 0, rising towards the ceiling c > 1
  /// with steepness k > 0 per month; it is halfway to c at month ln(c - 1) / k.
  static GrowthCurve logistic(double ceiling, double rate_per_month);

  GrowthKind kind() const;
  /// Load at `month` relative to month 0.
  double multiplier(double month) const;
  /// The absolute quantity at `month`: the table's interpolated value; for compound and
  /// logistic curves (which have no absolute scale) the multiplier itself.
  double value(double month) const;

private:
  struct Compound {
    double monthly_rate;
  };
  struct Table {
    std::vector<GrowthPoint> points;
  };
  struct Logistic {
    double ceiling;
    double rate_per_month;
  };
  explicit GrowthCurve(std::variant<Compound, Table, Logistic> shape) : shape_(std::move(shape)) {}

  std::variant<Compound, Table, Logistic> shape_;
};

/// A table point whose value may be uncertain.
struct UncertainPoint {
  double month;
  UncertainParameter value;
};

/// A growth curve whose parameters may be uncertain.
class GrowthModel {
public:
  static GrowthModel compound(UncertainParameter monthly_rate);
  static GrowthModel table(const std::vector<UncertainPoint> &points);
  static GrowthModel logistic(UncertainParameter ceiling, UncertainParameter rate_per_month);

  GrowthKind kind() const { return kind_; }
  /// True if some parameter is a distribution.
  bool is_uncertain() const;
  /// The curve of every parameter's median.
  GrowthCurve median() const;
  /// One concrete curve: one draw per parameter, in a fixed order.
  GrowthCurve sample(Rng &rng) const;

private:
  GrowthModel(GrowthKind kind, std::vector<UncertainParameter> parameters,
              std::vector<double> months)
      : kind_(kind), parameters_(std::move(parameters)), months_(std::move(months)) {}
  GrowthCurve curve(std::span<const double> values) const;

  GrowthKind kind_;
  std::vector<UncertainParameter> parameters_; ///< compound: rate; logistic: ceiling, rate;
                                               ///< table: one value per point
  std::vector<double> months_;                 ///< table only: the points' months
};

/// A calendar month, e.g. 2027-01.
struct YearMonth {
  int year;
  int month; ///< 1..12
};

/// "YYYY-MM" (year 1900..9999, month 01..12), or nothing if `text` is not exactly that.
std::optional<YearMonth> parse_year_month(std::string_view text);

/// A scenario's growth: the model, the plan's length and its calendar.
struct GrowthSpec {
  GrowthModel model;
  int horizon_months = 24; ///< the plan covers months 0 .. horizon_months - 1
  std::optional<YearMonth> start;
  std::string of; ///< what a table counts ("users"); empty for compound and logistic

  /// "2027-03" for month 2 of a plan starting 2027-01; "M2" without a start.
  std::string month_label(int month) const;
};

} // namespace capsim::plan
