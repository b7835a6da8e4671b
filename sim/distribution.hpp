#pragma once
// Probability distributions of service demands, think times and latencies (DESIGN §3).
// Each is built from the user's terms (mean and coefficient of variation, median and p95,
// ...) with the parameters converted exactly, and sampled without allocation or virtual
// dispatch: a tagged struct and a switch, because sampling sits on the engine's hot path.
#include "sim/rng.hpp"
#include "sim/time.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace capsim {

enum class DistributionKind {
  constant,
  exponential,
  uniform,
  lognormal,
  gamma,
  erlang,
  weibull,
  hyperexponential,
  pareto,
  empirical
};

/// Thrown by the factories when a parameter is outside the distribution's domain.
/// what() reads as the end of "expected ...": e.g. "cv > 1 for hyperexponential, found 0.5".
class DistributionError : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

class Distribution {
public:
  static Distribution constant(double value_s);
  static Distribution exponential(double mean_s);
  static Distribution uniform(double min_s, double max_s);
  static Distribution lognormal_mean_cv(double mean_s, double cv);
  static Distribution lognormal_median_p95(double median_s, double p95_s);
  static Distribution gamma_mean_cv(double mean_s, double cv);
  static Distribution erlang(int k, double mean_s);
  static Distribution weibull_mean_cv(double mean_s, double cv);
  /// Two-phase hyperexponential with balanced means; requires cv > 1.
  static Distribution hyperexponential_mean_cv(double mean_s, double cv);
  /// Classical (type I) Pareto with the given mean and cv (finite variance by construction).
  static Distribution pareto_mean_cv(double mean_s, double cv);
  /// Resamples the given non-negative values uniformly (bootstrap).
  static Distribution empirical(std::vector<double> values_s);

  /// One draw, in seconds (always >= 0).
  double sample(Rng &rng) const;
  /// One draw, rounded to integer nanoseconds.
  SimTimeNs sample_ns(Rng &rng) const { return seconds_to_ns(sample(rng)); }

  /// Mean and variance, computed once by the factory (the analytic layer asks for them in
  /// every evaluation of its fixed point).
  double mean() const { return mean_s_; }
  double variance() const { return variance_s2_; }
  /// Squared coefficient of variation, variance / mean^2 (0 for a zero mean).
  double scv() const;
  double cdf(double x_s) const;
  double quantile(double p) const;
  DistributionKind kind() const { return kind_; }
  /// Short human description, e.g. "lognormal(mean 50 ms, cv 1.5)".
  std::string describe() const;

private:
  Distribution() = default;
  /// The factories' last step: `dist` with its moments filled in.
  static Distribution with_moments(Distribution dist);
  double compute_mean() const;
  double compute_variance() const;

  DistributionKind kind_ = DistributionKind::constant;
  // Precomputed sampling parameters; their meaning depends on kind_ (see distribution.cpp).
  double a_ = 0.0;
  double b_ = 0.0;
  double c_ = 0.0;
  double d_ = 0.0;
  double e_ = 0.0;
  int k_ = 0;
  double mean_s_ = 0.0;
  double variance_s2_ = 0.0;
  std::shared_ptr<const std::vector<double>> values_s_; // empirical only, sorted
};

} // namespace capsim
