// Distribution factories, samplers and analytic moments (see distribution.hpp).
//
// Meaning of the precomputed parameters by kind (unused ones stay 0):
//   constant          a = value (s)
//   exponential       a = mean (s)
//   uniform           a = min (s), b = max - min (s)
//   lognormal         a = mu, b = sigma (of the underlying normal, log-seconds)
//   gamma             a = shape, b = scale (s), c, d = Marsaglia-Tsang d and c for the
//                     sampled shape (shape, or shape + 1 when shape < 1),
//                     e = 1 / shape when shape < 1 (the boost exponent), else 0
//   erlang            k = phases, a = phase mean (s), c, d = Marsaglia-Tsang d and c for shape k
//   weibull           a = shape, b = scale (s), c = 1 / shape
//   hyperexponential  a = p1, b = phase-1 mean (s), c = p2 = 1 - p1, d = phase-2 mean (s)
//   pareto            a = alpha, b = x_m (s), c = -1 / alpha
//   empirical         values_s_ sorted, a = mean (s), b = population variance (s^2)
#include "sim/distribution.hpp"

#include <boost/math/distributions/hyperexponential.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/tools/roots.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numeric>
#include <utility>

namespace capsim {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Erlang draws up to this many phases as the log of a product of uniforms; the product of
// 16 values >= 2^-54 stays far above the smallest double, and beyond 16 the gamma sampler
// is cheaper than k uniforms.
constexpr int kErlangProductMaxPhases = 16;
// The range of cv for which the Weibull shape is bracketed in [0.1, 1000] with a
// well-conditioned equation (shape from about 0.24 to about 130).
constexpr double kWeibullMinCv = 0.01;
constexpr double kWeibullMaxCv = 10.0;
constexpr double kWeibullMinShape = 0.1;
constexpr double kWeibullMaxShape = 1000.0;

std::string compact_number(double value) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%g", value);
  return buffer.data();
}

std::string human_duration(double seconds) {
  if (seconds == 0.0) {
    return "0 s";
  }
  if (seconds < 1e-6) {
    return compact_number(seconds * 1e9) + " ns";
  }
  if (seconds < 1e-3) {
    return compact_number(seconds * 1e6) + " us";
  }
  if (seconds < 1.0) {
    return compact_number(seconds * 1e3) + " ms";
  }
  return compact_number(seconds) + " s";
}

[[noreturn]] void fail(const std::string &expectation, const std::string &found) {
  throw DistributionError(expectation + ", found " + found);
}

void require_finite(double value, const char *name, const char *family) {
  if (!std::isfinite(value)) {
    fail(std::string("finite ") + name + " for " + family, compact_number(value));
  }
}

void require_positive(double value, const char *name, const char *family) {
  require_finite(value, name, family);
  if (!(value > 0.0)) {
    fail(std::string(name) + " > 0 for " + family, compact_number(value));
  }
}

void require_non_negative(double value, const char *name, const char *family) {
  require_finite(value, name, family);
  if (!(value >= 0.0)) {
    fail(std::string(name) + " >= 0 for " + family, compact_number(value));
  }
}

struct MarsagliaTsang {
  double d;
  double c;
};

MarsagliaTsang marsaglia_tsang(double shape) {
  const double d = shape - 1.0 / 3.0;
  return {d, 1.0 / std::sqrt(9.0 * d)};
}

/// Standard normal by the Marsaglia polar method (the second value is discarded).
double standard_normal(Rng &rng) {
  for (;;) {
    const double u = 2.0 * rng.uniform_open01() - 1.0;
    const double v = 2.0 * rng.uniform_open01() - 1.0;
    const double s = u * u + v * v;
    if (s < 1.0 && s > 0.0) {
      return u * std::sqrt(-2.0 * std::log(s) / s);
    }
  }
}

/// Gamma(shape, 1) for shape >= 1 by Marsaglia & Tsang (2000), given d = shape - 1/3 and
/// c = 1 / sqrt(9 d).
double standard_gamma(Rng &rng, double d, double c) {
  for (;;) {
    double x = 0.0;
    double v = 0.0;
    do {
      x = standard_normal(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform_open01();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2 || std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) {
      return d * v;
    }
  }
}

double erlang_product_sample(Rng &rng, int k, double phase_mean_s) {
  double product = rng.uniform_open01();
  for (int i = 1; i < k; ++i) {
    product *= rng.uniform_open01();
  }
  return -phase_mean_s * std::log(product);
}

/// log(Gamma(1 + 2/k) / Gamma(1 + 1/k)^2) = log(1 + cv^2) for a Weibull of shape k.
double weibull_log_one_plus_scv(double shape) {
  return std::lgamma(1.0 + 2.0 / shape) - 2.0 * std::lgamma(1.0 + 1.0 / shape);
}

double weibull_shape_for_cv(double cv) {
  const double target = std::log1p(cv * cv);
  const auto residual = [target](double shape) { return weibull_log_one_plus_scv(shape) - target; };
  std::uintmax_t max_iterations = 200;
  const auto [low, high] = boost::math::tools::toms748_solve(
      residual, kWeibullMinShape, kWeibullMaxShape,
      boost::math::tools::eps_tolerance<double>(std::numeric_limits<double>::digits - 2),
      max_iterations);
  return 0.5 * (low + high);
}

bool inside_unit_interval(double p) {
  return p > 0.0 && p < 1.0;
}

/// The quantile at p = 0 or p = 1 of a distribution supported on [0, inf).
double support_end(double p) {
  return p == 0.0 ? 0.0 : kInfinity;
}

double hyperexponential_quantile(double p1, double mean1_s, double p2, double mean2_s, double p) {
  const std::array<double, 2> probabilities{p1, p2};
  const std::array<double, 2> rates_per_s{1.0 / mean1_s, 1.0 / mean2_s};
  return boost::math::quantile(
      boost::math::hyperexponential_distribution<double>(probabilities, rates_per_s), p);
}

double normal_quantile(double p) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

} // namespace

Distribution Distribution::constant(double value_s) {
  require_non_negative(value_s, "value", "constant");
  Distribution dist;
  dist.kind_ = DistributionKind::constant;
  dist.a_ = value_s;
  return with_moments(dist);
}

Distribution Distribution::exponential(double mean_s) {
  require_positive(mean_s, "mean", "exponential");
  Distribution dist;
  dist.kind_ = DistributionKind::exponential;
  dist.a_ = mean_s;
  return with_moments(dist);
}

Distribution Distribution::uniform(double min_s, double max_s) {
  require_non_negative(min_s, "min", "uniform");
  require_finite(max_s, "max", "uniform");
  if (!(max_s >= min_s)) {
    fail("max >= min for uniform",
         "min " + compact_number(min_s) + " and max " + compact_number(max_s));
  }
  Distribution dist;
  dist.kind_ = DistributionKind::uniform;
  dist.a_ = min_s;
  dist.b_ = max_s - min_s;
  return with_moments(dist);
}

Distribution Distribution::lognormal_mean_cv(double mean_s, double cv) {
  require_positive(mean_s, "mean", "lognormal");
  require_positive(cv, "cv", "lognormal");
  const double sigma2 = std::log1p(cv * cv);
  Distribution dist;
  dist.kind_ = DistributionKind::lognormal;
  dist.a_ = std::log(mean_s) - 0.5 * sigma2;
  dist.b_ = std::sqrt(sigma2);
  return with_moments(dist);
}

Distribution Distribution::lognormal_median_p95(double median_s, double p95_s) {
  require_positive(median_s, "median", "lognormal");
  require_finite(p95_s, "p95", "lognormal");
  if (!(p95_s > median_s)) {
    fail("p95 > median for lognormal",
         "median " + compact_number(median_s) + " and p95 " + compact_number(p95_s));
  }
  Distribution dist;
  dist.kind_ = DistributionKind::lognormal;
  dist.a_ = std::log(median_s);
  dist.b_ = std::log(p95_s / median_s) / normal_quantile(0.95);
  return with_moments(dist);
}

Distribution Distribution::gamma_mean_cv(double mean_s, double cv) {
  require_positive(mean_s, "mean", "gamma");
  require_positive(cv, "cv", "gamma");
  const double shape = 1.0 / (cv * cv);
  const bool boosted = shape < 1.0;
  const MarsagliaTsang mt = marsaglia_tsang(boosted ? shape + 1.0 : shape);
  Distribution dist;
  dist.kind_ = DistributionKind::gamma;
  dist.a_ = shape;
  dist.b_ = mean_s * cv * cv;
  dist.c_ = mt.d;
  dist.d_ = mt.c;
  dist.e_ = boosted ? 1.0 / shape : 0.0;
  return with_moments(dist);
}

Distribution Distribution::erlang(int k, double mean_s) {
  if (k < 1) {
    fail("k >= 1 for erlang", std::to_string(k));
  }
  require_positive(mean_s, "mean", "erlang");
  const MarsagliaTsang mt = marsaglia_tsang(static_cast<double>(k));
  Distribution dist;
  dist.kind_ = DistributionKind::erlang;
  dist.k_ = k;
  dist.a_ = mean_s / static_cast<double>(k);
  dist.c_ = mt.d;
  dist.d_ = mt.c;
  return with_moments(dist);
}

Distribution Distribution::weibull_mean_cv(double mean_s, double cv) {
  require_positive(mean_s, "mean", "weibull");
  require_finite(cv, "cv", "weibull");
  if (!(cv >= kWeibullMinCv && cv <= kWeibullMaxCv)) {
    fail("cv in [" + compact_number(kWeibullMinCv) + ", " + compact_number(kWeibullMaxCv) +
             "] for weibull",
         compact_number(cv));
  }
  const double shape = weibull_shape_for_cv(cv);
  Distribution dist;
  dist.kind_ = DistributionKind::weibull;
  dist.a_ = shape;
  dist.b_ = mean_s / std::tgamma(1.0 + 1.0 / shape);
  dist.c_ = 1.0 / shape;
  return with_moments(dist);
}

Distribution Distribution::hyperexponential_mean_cv(double mean_s, double cv) {
  require_positive(mean_s, "mean", "hyperexponential");
  require_finite(cv, "cv", "hyperexponential");
  if (!(cv > 1.0)) {
    fail("cv > 1 for hyperexponential", compact_number(cv));
  }
  const double scv = cv * cv;
  const double r = std::sqrt((scv - 1.0) / (scv + 1.0));
  // p2 = (1 - r) / 2, written without the cancellation for large cv.
  const double p2 = 1.0 / ((scv + 1.0) * (1.0 + r));
  const double p1 = 0.5 * (1.0 + r);
  Distribution dist;
  dist.kind_ = DistributionKind::hyperexponential;
  dist.a_ = p1;
  dist.b_ = mean_s / (2.0 * p1);
  dist.c_ = p2;
  dist.d_ = mean_s / (2.0 * p2);
  return with_moments(dist);
}

Distribution Distribution::pareto_mean_cv(double mean_s, double cv) {
  require_positive(mean_s, "mean", "pareto");
  require_positive(cv, "cv", "pareto");
  const double alpha = 1.0 + std::sqrt(1.0 + 1.0 / (cv * cv));
  Distribution dist;
  dist.kind_ = DistributionKind::pareto;
  dist.a_ = alpha;
  dist.b_ = mean_s * (alpha - 1.0) / alpha;
  dist.c_ = -1.0 / alpha;
  return with_moments(dist);
}

Distribution Distribution::empirical(std::vector<double> values_s) {
  if (values_s.empty()) {
    fail("at least one value for empirical", "none");
  }
  for (std::size_t i = 0; i < values_s.size(); ++i) {
    if (!std::isfinite(values_s[i]) || !(values_s[i] >= 0.0)) {
      fail("finite values >= 0 for empirical",
           compact_number(values_s[i]) + " at index " + std::to_string(i));
    }
  }
  std::sort(values_s.begin(), values_s.end());
  const double count = static_cast<double>(values_s.size());
  const double mean_s = std::accumulate(values_s.begin(), values_s.end(), 0.0) / count;
  double sum_squares = 0.0;
  for (const double value : values_s) {
    sum_squares += (value - mean_s) * (value - mean_s);
  }
  Distribution dist;
  dist.kind_ = DistributionKind::empirical;
  dist.a_ = mean_s;
  dist.b_ = sum_squares / count;
  dist.values_s_ = std::make_shared<const std::vector<double>>(std::move(values_s));
  return with_moments(dist);
}

double Distribution::sample(Rng &rng) const {
  switch (kind_) {
  case DistributionKind::constant:
    return a_;
  case DistributionKind::exponential:
    return -a_ * std::log(rng.uniform_open01());
  case DistributionKind::uniform:
    return a_ + b_ * rng.uniform_open01();
  case DistributionKind::lognormal:
    return std::exp(a_ + b_ * standard_normal(rng));
  case DistributionKind::gamma: {
    const double draw = b_ * standard_gamma(rng, c_, d_);
    return e_ > 0.0 ? draw * std::pow(rng.uniform_open01(), e_) : draw;
  }
  case DistributionKind::erlang:
    return k_ <= kErlangProductMaxPhases ? erlang_product_sample(rng, k_, a_)
                                         : a_ * standard_gamma(rng, c_, d_);
  case DistributionKind::weibull:
    return b_ * std::pow(-std::log(rng.uniform_open01()), c_);
  case DistributionKind::hyperexponential: {
    const double phase_mean_s = rng.uniform_open01() < a_ ? b_ : d_;
    return -phase_mean_s * std::log(rng.uniform_open01());
  }
  case DistributionKind::pareto:
    return b_ * std::pow(rng.uniform_open01(), c_);
  case DistributionKind::empirical:
    return (*values_s_)[rng.below(values_s_->size())];
  }
  return 0.0;
}

Distribution Distribution::with_moments(Distribution dist) {
  dist.mean_s_ = dist.compute_mean();
  dist.variance_s2_ = dist.compute_variance();
  return dist;
}

double Distribution::compute_mean() const {
  switch (kind_) {
  case DistributionKind::constant:
  case DistributionKind::exponential:
  case DistributionKind::empirical:
    return a_;
  case DistributionKind::uniform:
    return a_ + 0.5 * b_;
  case DistributionKind::lognormal:
    return std::exp(a_ + 0.5 * b_ * b_);
  case DistributionKind::gamma:
    return a_ * b_;
  case DistributionKind::erlang:
    return static_cast<double>(k_) * a_;
  case DistributionKind::weibull:
    return b_ * std::tgamma(1.0 + c_);
  case DistributionKind::hyperexponential:
    return a_ * b_ + c_ * d_;
  case DistributionKind::pareto:
    return a_ * b_ / (a_ - 1.0);
  }
  return 0.0;
}

double Distribution::compute_variance() const {
  switch (kind_) {
  case DistributionKind::constant:
    return 0.0;
  case DistributionKind::exponential:
    return a_ * a_;
  case DistributionKind::uniform:
    return b_ * b_ / 12.0;
  case DistributionKind::lognormal:
    return std::expm1(b_ * b_) * std::exp(2.0 * a_ + b_ * b_);
  case DistributionKind::gamma:
    return a_ * b_ * b_;
  case DistributionKind::erlang:
    return static_cast<double>(k_) * a_ * a_;
  case DistributionKind::weibull: {
    const double mean_s = compute_mean();
    return mean_s * mean_s * std::expm1(weibull_log_one_plus_scv(a_));
  }
  case DistributionKind::hyperexponential: {
    const double mean_s = compute_mean();
    return 2.0 * (a_ * b_ * b_ + c_ * d_ * d_) - mean_s * mean_s;
  }
  case DistributionKind::pareto:
    return b_ * b_ * a_ / ((a_ - 1.0) * (a_ - 1.0) * (a_ - 2.0));
  case DistributionKind::empirical:
    return b_;
  }
  return 0.0;
}

double Distribution::scv() const {
  const double mean_s = mean();
  return mean_s > 0.0 ? variance() / (mean_s * mean_s) : 0.0;
}

double Distribution::cdf(double x_s) const {
  if (std::isnan(x_s)) {
    return x_s;
  }
  if (x_s == kInfinity) {
    return 1.0;
  }
  switch (kind_) {
  case DistributionKind::constant:
    return x_s >= a_ ? 1.0 : 0.0;
  case DistributionKind::exponential:
    return x_s > 0.0 ? -std::expm1(-x_s / a_) : 0.0;
  case DistributionKind::uniform:
    if (b_ == 0.0) {
      return x_s >= a_ ? 1.0 : 0.0;
    }
    return std::clamp((x_s - a_) / b_, 0.0, 1.0);
  case DistributionKind::lognormal:
    return x_s > 0.0 ? 0.5 * std::erfc(-(std::log(x_s) - a_) / (b_ * std::sqrt(2.0))) : 0.0;
  case DistributionKind::gamma:
    return x_s > 0.0 ? boost::math::gamma_p(a_, x_s / b_) : 0.0;
  case DistributionKind::erlang:
    return x_s > 0.0 ? boost::math::gamma_p(static_cast<double>(k_), x_s / a_) : 0.0;
  case DistributionKind::weibull:
    return x_s > 0.0 ? -std::expm1(-std::pow(x_s / b_, a_)) : 0.0;
  case DistributionKind::hyperexponential:
    return x_s > 0.0 ? 1.0 - a_ * std::exp(-x_s / b_) - c_ * std::exp(-x_s / d_) : 0.0;
  case DistributionKind::pareto:
    return x_s > b_ ? -std::expm1(a_ * std::log(b_ / x_s)) : 0.0;
  case DistributionKind::empirical: {
    const auto above = std::upper_bound(values_s_->begin(), values_s_->end(), x_s);
    return static_cast<double>(above - values_s_->begin()) / static_cast<double>(values_s_->size());
  }
  }
  return 0.0;
}

double Distribution::quantile(double p) const {
  if (!(p >= 0.0 && p <= 1.0)) {
    fail("p in [0, 1] for quantile", compact_number(p));
  }
  switch (kind_) {
  case DistributionKind::constant:
    return a_;
  case DistributionKind::exponential:
    return -a_ * std::log1p(-p);
  case DistributionKind::uniform:
    return a_ + p * b_;
  case DistributionKind::weibull:
    return b_ * std::pow(-std::log1p(-p), c_);
  case DistributionKind::pareto:
    return b_ * std::pow(1.0 - p, c_);
  case DistributionKind::empirical: {
    // The smallest value whose empirical cdf reaches p.
    const std::size_t count = values_s_->size();
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(count)));
    return (*values_s_)[std::clamp<std::size_t>(rank, 1, count) - 1];
  }
  case DistributionKind::lognormal:
    return inside_unit_interval(p) ? std::exp(a_ + b_ * normal_quantile(p)) : support_end(p);
  case DistributionKind::gamma:
    return inside_unit_interval(p) ? b_ * boost::math::gamma_p_inv(a_, p) : support_end(p);
  case DistributionKind::erlang:
    return inside_unit_interval(p) ? a_ * boost::math::gamma_p_inv(static_cast<double>(k_), p)
                                   : support_end(p);
  case DistributionKind::hyperexponential:
    return inside_unit_interval(p) ? hyperexponential_quantile(a_, b_, c_, d_, p) : support_end(p);
  }
  return 0.0;
}

std::string Distribution::describe() const {
  const std::string mean_text = "mean " + human_duration(mean());
  const std::string cv_text = ", cv " + compact_number(std::sqrt(scv()));
  switch (kind_) {
  case DistributionKind::constant:
    return "constant(" + human_duration(a_) + ")";
  case DistributionKind::exponential:
    return "exponential(" + mean_text + ")";
  case DistributionKind::uniform:
    return "uniform(min " + human_duration(a_) + ", max " + human_duration(a_ + b_) + ")";
  case DistributionKind::lognormal:
    return "lognormal(" + mean_text + cv_text + ")";
  case DistributionKind::gamma:
    return "gamma(" + mean_text + cv_text + ")";
  case DistributionKind::erlang:
    return "erlang(k " + std::to_string(k_) + ", " + mean_text + ")";
  case DistributionKind::weibull:
    return "weibull(" + mean_text + cv_text + ")";
  case DistributionKind::hyperexponential:
    return "hyperexponential(" + mean_text + cv_text + ")";
  case DistributionKind::pareto:
    return "pareto(" + mean_text + cv_text + ")";
  case DistributionKind::empirical:
    return "empirical(" + std::to_string(values_s_->size()) + " values, " + mean_text + ")";
  }
  return "unknown";
}

} // namespace capsim
