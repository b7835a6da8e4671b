// Tests for sim/distribution.hpp: samplers against analytic moments and quantiles, factory
// parameter conversions, validation messages, describe() and nanosecond rounding.
// Every stream is seeded, so the tests are deterministic; the statistical tolerances are
// 99.9% confidence intervals, so a biased sampler or a wrong conversion fails them.
#include "sim/distribution.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

namespace capsim {
namespace {

constexpr std::uint64_t kSeed = 0x5EEDCA9517ULL;
constexpr std::size_t kSamples = 200'000;
constexpr std::size_t kBatches = 40;
constexpr double kConfidence = 0.999;
// Two-sided 99.9% quantile of the standard normal distribution.
constexpr double kZ999 = 3.29;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

enum class VarianceCheck { yes, no };

struct Interval {
  double low;
  double high;
  bool contains(double value) const { return value >= low && value <= high; }
};

std::vector<double> draw(const Distribution &dist, std::uint64_t stream) {
  Rng rng = Rng::for_stream(kSeed, 0, stream);
  std::vector<double> samples(kSamples);
  for (double &sample : samples) {
    sample = dist.sample(rng);
  }
  return samples;
}

double mean_of(const std::vector<double> &values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

/// Unbiased sample variance (n - 1 denominator).
double sample_variance(const std::vector<double> &values) {
  const double mean = mean_of(values);
  double sum_squares = 0.0;
  for (const double value : values) {
    sum_squares += (value - mean) * (value - mean);
  }
  return sum_squares / static_cast<double>(values.size() - 1);
}

/// Student-t confidence interval at kConfidence for the expectation of i.i.d. batch values.
Interval t_interval(const std::vector<double> &batch_values) {
  const double count = static_cast<double>(batch_values.size());
  const boost::math::students_t t_distribution(count - 1.0);
  const double t =
      boost::math::quantile(boost::math::complement(t_distribution, 0.5 * (1.0 - kConfidence)));
  const double centre = mean_of(batch_values);
  const double half_width = t * std::sqrt(sample_variance(batch_values) / count);
  return {centre - half_width, centre + half_width};
}

struct BatchStatistics {
  std::vector<double> means;
  std::vector<double> variances;
};

BatchStatistics batch_statistics(const std::vector<double> &samples) {
  const std::size_t batch_size = samples.size() / kBatches;
  BatchStatistics stats;
  for (std::size_t batch = 0; batch < kBatches; ++batch) {
    const auto first = samples.begin() + static_cast<std::ptrdiff_t>(batch * batch_size);
    const std::vector<double> values(first, first + static_cast<std::ptrdiff_t>(batch_size));
    stats.means.push_back(mean_of(values));
    stats.variances.push_back(sample_variance(values));
  }
  return stats;
}

/// The analytic mean (and variance) lie in the batch-means t-intervals of the samples.
void check_moments(const Distribution &dist, const std::vector<double> &samples,
                   VarianceCheck variance_check) {
  const BatchStatistics stats = batch_statistics(samples);
  const Interval mean_interval = t_interval(stats.means);
  INFO("mean interval [", mean_interval.low, ", ", mean_interval.high, "]");
  CHECK(mean_interval.contains(dist.mean()));
  if (variance_check == VarianceCheck::yes) {
    const Interval variance_interval = t_interval(stats.variances);
    INFO("variance interval [", variance_interval.low, ", ", variance_interval.high, "]");
    CHECK(variance_interval.contains(dist.variance()));
  }
}

/// The fraction of samples <= quantile(p) is Binomial(n, p) / n: within its 99.9% band.
void check_quantile(const Distribution &dist, const std::vector<double> &samples, double p) {
  const double quantile_s = dist.quantile(p);
  const auto at_or_below = std::count_if(samples.begin(), samples.end(),
                                         [quantile_s](double x) { return x <= quantile_s; });
  const double fraction = static_cast<double>(at_or_below) / static_cast<double>(samples.size());
  INFO("p ", p, ", quantile ", quantile_s, ", fraction ", fraction);
  CHECK(std::fabs(fraction - p) <=
        kZ999 * std::sqrt(p * (1.0 - p) / static_cast<double>(kSamples)));
  CHECK(std::fabs(dist.cdf(quantile_s) - p) <= 1e-9);
}

/// The full statistical check of a continuous distribution on its own stream.
void check_family(const Distribution &dist, std::uint64_t stream,
                  VarianceCheck variance_check = VarianceCheck::yes) {
  INFO(dist.describe());
  const std::vector<double> samples = draw(dist, stream);
  CHECK(*std::min_element(samples.begin(), samples.end()) >= dist.quantile(0.0));
  check_moments(dist, samples, variance_check);
  check_quantile(dist, samples, 0.9);
  check_quantile(dist, samples, 0.99);
}

double relative_error(double actual, double expected) {
  return std::fabs(actual - expected) / std::fabs(expected);
}

double cv_of(const Distribution &dist) {
  return std::sqrt(dist.scv());
}

/// make() throws a DistributionError whose message is exactly `expected`.
template <class Make> void check_rejects(Make make, const std::string &expected) {
  try {
    const Distribution dist = make();
    FAIL("no DistributionError for ", dist.describe(), "; wanted: ", expected);
  } catch (const DistributionError &error) {
    CHECK(std::string(error.what()) == expected);
  }
}

TEST_CASE("constant") {
  SUBCASE("samples its value") {
    const Distribution dist = Distribution::constant(0.25);
    Rng rng = Rng::for_stream(kSeed, 0, 1);
    for (int i = 0; i < 100; ++i) {
      CHECK(dist.sample(rng) == 0.25);
    }
    CHECK(dist.mean() == 0.25);
    CHECK(dist.variance() == 0.0);
    CHECK(dist.cdf(0.2499) == 0.0);
    CHECK(dist.cdf(0.25) == 1.0);
    CHECK(dist.quantile(0.3) == 0.25);
    CHECK(dist.describe() == "constant(250 ms)");
  }
  SUBCASE("zero samples 0") {
    const Distribution dist = Distribution::constant(0.0);
    Rng rng = Rng::for_stream(kSeed, 0, 2);
    CHECK(dist.sample(rng) == 0.0);
    CHECK(dist.sample_ns(rng) == 0);
    CHECK(dist.scv() == 0.0);
    CHECK(dist.describe() == "constant(0 s)");
  }
  SUBCASE("sample_ns rounds to the nearest nanosecond") {
    Rng rng = Rng::for_stream(kSeed, 0, 3);
    CHECK(Distribution::constant(0.0012345678).sample_ns(rng) == 1'234'568);
    CHECK(Distribution::constant(0.0012345674).sample_ns(rng) == 1'234'567);
    CHECK(Distribution::constant(4e-10).sample_ns(rng) == 0);
    CHECK(Distribution::constant(6e-10).sample_ns(rng) == 1);
  }
  SUBCASE("rejects invalid parameters") {
    check_rejects([] { return Distribution::constant(-1.0); }, "value >= 0 for constant, found -1");
    check_rejects([] { return Distribution::constant(kNaN); },
                  "finite value for constant, found nan");
    check_rejects([] { return Distribution::constant(kInf); },
                  "finite value for constant, found inf");
  }
}

TEST_CASE("exponential") {
  SUBCASE("mean 50 ms") {
    check_family(Distribution::exponential(0.05), 10);
  }
  SUBCASE("mean 1 us") {
    check_family(Distribution::exponential(1e-6), 11);
  }
  SUBCASE("mean 20 s") {
    check_family(Distribution::exponential(20.0), 12);
  }
  SUBCASE("cdf and quantile are inverses, with the support's ends") {
    const Distribution dist = Distribution::exponential(0.05);
    for (const double p : {0.001, 0.1, 0.5, 0.9, 0.999}) {
      CHECK(relative_error(dist.cdf(dist.quantile(p)), p) < 1e-12);
    }
    CHECK(relative_error(dist.quantile(0.5), 0.05 * std::log(2.0)) < 1e-12);
    CHECK(dist.quantile(0.0) == 0.0);
    CHECK(dist.quantile(1.0) == kInf);
    CHECK(dist.cdf(-1.0) == 0.0);
    CHECK(dist.cdf(kInf) == 1.0);
  }
  SUBCASE("sample_ns is the sample rounded to integer nanoseconds") {
    const Distribution dist = Distribution::exponential(3e-6);
    Rng rng_ns = Rng::for_stream(kSeed, 0, 13);
    Rng rng_s = Rng::for_stream(kSeed, 0, 13);
    for (int i = 0; i < 1000; ++i) {
      const SimTimeNs expected = std::llround(dist.sample(rng_s) * 1e9);
      CHECK(dist.sample_ns(rng_ns) == expected);
    }
  }
  SUBCASE("describe") {
    CHECK(Distribution::exponential(0.05).describe() == "exponential(mean 50 ms)");
    CHECK(Distribution::exponential(1.2).describe() == "exponential(mean 1.2 s)");
    CHECK(Distribution::exponential(250e-6).describe() == "exponential(mean 250 us)");
    CHECK(Distribution::exponential(80e-9).describe() == "exponential(mean 80 ns)");
  }
  SUBCASE("quantile rejects p outside [0, 1]") {
    const Distribution dist = Distribution::exponential(1.0);
    CHECK_THROWS_AS(dist.quantile(1.5), DistributionError);
    CHECK_THROWS_AS(dist.quantile(kNaN), DistributionError);
  }
  SUBCASE("rejects invalid parameters") {
    check_rejects([] { return Distribution::exponential(-1.0); },
                  "mean > 0 for exponential, found -1");
    check_rejects([] { return Distribution::exponential(0.0); },
                  "mean > 0 for exponential, found 0");
    check_rejects([] { return Distribution::exponential(kNaN); },
                  "finite mean for exponential, found nan");
    check_rejects([] { return Distribution::exponential(kInf); },
                  "finite mean for exponential, found inf");
  }
}

TEST_CASE("uniform") {
  SUBCASE("[0, 1]") {
    check_family(Distribution::uniform(0.0, 1.0), 20);
  }
  SUBCASE("[10 ms, 20 ms]") {
    check_family(Distribution::uniform(0.01, 0.02), 21);
  }
  SUBCASE("degenerate min == max") {
    const Distribution dist = Distribution::uniform(0.5, 0.5);
    Rng rng = Rng::for_stream(kSeed, 0, 22);
    CHECK(dist.sample(rng) == 0.5);
    CHECK(dist.variance() == 0.0);
    CHECK(dist.cdf(0.4999) == 0.0);
    CHECK(dist.cdf(0.5) == 1.0);
  }
  SUBCASE("moments and describe") {
    const Distribution dist = Distribution::uniform(0.01, 0.02);
    CHECK(relative_error(dist.mean(), 0.015) < 1e-12);
    CHECK(relative_error(dist.variance(), 0.01 * 0.01 / 12.0) < 1e-12);
    CHECK(dist.describe() == "uniform(min 10 ms, max 20 ms)");
  }
  SUBCASE("rejects invalid parameters") {
    check_rejects([] { return Distribution::uniform(-1.0, 1.0); },
                  "min >= 0 for uniform, found -1");
    check_rejects([] { return Distribution::uniform(2.0, 1.0); },
                  "max >= min for uniform, found min 2 and max 1");
    check_rejects([] { return Distribution::uniform(0.0, kInf); },
                  "finite max for uniform, found inf");
    check_rejects([] { return Distribution::uniform(kNaN, 1.0); },
                  "finite min for uniform, found nan");
  }
}

TEST_CASE("lognormal") {
  SUBCASE("mean 50 ms, cv 0.5") {
    check_family(Distribution::lognormal_mean_cv(0.05, 0.5), 30);
  }
  SUBCASE("mean 1.2 s, cv 1.5") {
    check_family(Distribution::lognormal_mean_cv(1.2, 1.5), 31);
  }
  SUBCASE("mean 10 ms, cv 0.05") {
    check_family(Distribution::lognormal_mean_cv(0.01, 0.05), 32);
  }
  SUBCASE("mean 100 ms, cv 3") {
    // The kurtosis is about 12,000, so a batch's sample variance has a relative standard
    // deviation near 1.6 and a strongly skewed distribution: the t-interval over 40 batch
    // variances would not have its nominal coverage. Only the mean and quantiles are tested.
    check_family(Distribution::lognormal_mean_cv(0.1, 3.0), 33, VarianceCheck::no);
  }
  SUBCASE("median 40 ms, p95 120 ms") {
    check_family(Distribution::lognormal_median_p95(0.04, 0.12), 34);
  }
  SUBCASE("mean/cv conversion") {
    for (const double cv : {0.05, 0.5, 1.5, 3.0}) {
      const Distribution dist = Distribution::lognormal_mean_cv(0.05, cv);
      CHECK(relative_error(dist.mean(), 0.05) < 1e-12);
      CHECK(relative_error(cv_of(dist), cv) < 1e-12);
    }
  }
  SUBCASE("median/p95 conversion") {
    const Distribution dist = Distribution::lognormal_median_p95(0.04, 0.12);
    CHECK(relative_error(dist.quantile(0.5), 0.04) < 1e-12);
    CHECK(relative_error(dist.quantile(0.95), 0.12) < 1e-12);
  }
  SUBCASE("describe") {
    CHECK(Distribution::lognormal_mean_cv(1.2, 1.5).describe() == "lognormal(mean 1.2 s, cv 1.5)");
  }
  SUBCASE("rejects invalid parameters") {
    check_rejects([] { return Distribution::lognormal_mean_cv(0.0, 1.0); },
                  "mean > 0 for lognormal, found 0");
    check_rejects([] { return Distribution::lognormal_mean_cv(1.0, 0.0); },
                  "cv > 0 for lognormal, found 0");
    check_rejects([] { return Distribution::lognormal_mean_cv(1.0, kNaN); },
                  "finite cv for lognormal, found nan");
    check_rejects([] { return Distribution::lognormal_median_p95(-1.0, 1.0); },
                  "median > 0 for lognormal, found -1");
    check_rejects([] { return Distribution::lognormal_median_p95(2.0, 1.0); },
                  "p95 > median for lognormal, found median 2 and p95 1");
    check_rejects([] { return Distribution::lognormal_median_p95(1.0, 1.0); },
                  "p95 > median for lognormal, found median 1 and p95 1");
    check_rejects([] { return Distribution::lognormal_median_p95(1.0, kInf); },
                  "finite p95 for lognormal, found inf");
  }
}

TEST_CASE("gamma") {
  SUBCASE("cv 0.05 (shape 400)") {
    check_family(Distribution::gamma_mean_cv(0.05, 0.05), 40);
  }
  SUBCASE("cv 0.5 (shape 4)") {
    check_family(Distribution::gamma_mean_cv(0.05, 0.5), 41);
  }
  SUBCASE("cv 1 (shape 1)") {
    check_family(Distribution::gamma_mean_cv(2.0, 1.0), 42);
  }
  SUBCASE("cv 2.5 (shape 0.16, boosted sampler)") {
    check_family(Distribution::gamma_mean_cv(0.05, 2.5), 43);
  }
  SUBCASE("mean/cv conversion") {
    for (const double cv : {0.05, 0.5, 1.0, 2.5, 10.0}) {
      const Distribution dist = Distribution::gamma_mean_cv(0.05, cv);
      CHECK(relative_error(dist.mean(), 0.05) < 1e-12);
      CHECK(relative_error(cv_of(dist), cv) < 1e-12);
    }
  }
  SUBCASE("cv 1 is the exponential") {
    const Distribution gamma = Distribution::gamma_mean_cv(0.05, 1.0);
    const Distribution exponential = Distribution::exponential(0.05);
    for (const double x_s : {0.001, 0.05, 0.3}) {
      CHECK(std::fabs(gamma.cdf(x_s) - exponential.cdf(x_s)) < 1e-12);
    }
  }
  SUBCASE("describe") {
    CHECK(Distribution::gamma_mean_cv(0.05, 0.5).describe() == "gamma(mean 50 ms, cv 0.5)");
  }
  SUBCASE("rejects invalid parameters") {
    check_rejects([] { return Distribution::gamma_mean_cv(-2.0, 1.0); },
                  "mean > 0 for gamma, found -2");
    check_rejects([] { return Distribution::gamma_mean_cv(1.0, -0.5); },
                  "cv > 0 for gamma, found -0.5");
    check_rejects([] { return Distribution::gamma_mean_cv(1.0, kInf); },
                  "finite cv for gamma, found inf");
  }
}

TEST_CASE("erlang") {
  SUBCASE("k 1") {
    check_family(Distribution::erlang(1, 0.05), 50);
  }
  SUBCASE("k 4") {
    check_family(Distribution::erlang(4, 0.05), 51);
  }
  SUBCASE("k 16 (largest product-of-uniforms draw)") {
    check_family(Distribution::erlang(16, 0.05), 52);
  }
  SUBCASE("k 17 (gamma sampler)") {
    check_family(Distribution::erlang(17, 0.05), 53);
  }
  SUBCASE("k 100") {
    check_family(Distribution::erlang(100, 3.0), 54);
  }
  SUBCASE("moments") {
    for (const int k : {1, 2, 16, 17, 100}) {
      const Distribution dist = Distribution::erlang(k, 0.05);
      CHECK(relative_error(dist.mean(), 0.05) < 1e-12);
      CHECK(relative_error(dist.scv(), 1.0 / k) < 1e-12);
    }
  }
  SUBCASE("k 1 is the exponential") {
    const Distribution erlang = Distribution::erlang(1, 0.05);
    const Distribution exponential = Distribution::exponential(0.05);
    for (const double x_s : {0.001, 0.05, 0.3}) {
      CHECK(std::fabs(erlang.cdf(x_s) - exponential.cdf(x_s)) < 1e-12);
    }
  }
  SUBCASE("describe") {
    CHECK(Distribution::erlang(4, 0.05).describe() == "erlang(k 4, mean 50 ms)");
  }
  SUBCASE("rejects invalid parameters") {
    check_rejects([] { return Distribution::erlang(0, 1.0); }, "k >= 1 for erlang, found 0");
    check_rejects([] { return Distribution::erlang(-3, 1.0); }, "k >= 1 for erlang, found -3");
    check_rejects([] { return Distribution::erlang(2, 0.0); }, "mean > 0 for erlang, found 0");
  }
}

TEST_CASE("weibull") {
  SUBCASE("cv 0.01 (lower limit)") {
    check_family(Distribution::weibull_mean_cv(0.05, 0.01), 60);
  }
  SUBCASE("cv 0.5") {
    check_family(Distribution::weibull_mean_cv(0.05, 0.5), 61);
  }
  SUBCASE("cv 1") {
    check_family(Distribution::weibull_mean_cv(0.05, 1.0), 62);
  }
  SUBCASE("cv 3") {
    check_family(Distribution::weibull_mean_cv(0.05, 3.0), 63);
  }
  SUBCASE("cv 10 (upper limit)") {
    // The kurtosis is about 28,000 (shape 0.23): as for the lognormal with cv 3, the batch
    // variances are too skewed for a t-interval, so only the mean and quantiles are tested.
    check_family(Distribution::weibull_mean_cv(0.05, 10.0), 64, VarianceCheck::no);
  }
  SUBCASE("mean/cv conversion through the shape root") {
    for (const double cv : {0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0}) {
      const Distribution dist = Distribution::weibull_mean_cv(0.05, cv);
      INFO("cv ", cv);
      CHECK(relative_error(dist.mean(), 0.05) < 1e-9);
      CHECK(relative_error(cv_of(dist), cv) < 1e-9);
    }
  }
  SUBCASE("cv 1 is the exponential") {
    const Distribution weibull = Distribution::weibull_mean_cv(0.05, 1.0);
    const Distribution exponential = Distribution::exponential(0.05);
    for (const double x_s : {0.001, 0.05, 0.3}) {
      CHECK(std::fabs(weibull.cdf(x_s) - exponential.cdf(x_s)) < 1e-9);
    }
  }
  SUBCASE("describe") {
    CHECK(Distribution::weibull_mean_cv(0.05, 0.5).describe() == "weibull(mean 50 ms, cv 0.5)");
  }
  SUBCASE("rejects invalid parameters") {
    check_rejects([] { return Distribution::weibull_mean_cv(0.0, 1.0); },
                  "mean > 0 for weibull, found 0");
    check_rejects([] { return Distribution::weibull_mean_cv(1.0, 0.005); },
                  "cv in [0.01, 10] for weibull, found 0.005");
    check_rejects([] { return Distribution::weibull_mean_cv(1.0, 11.0); },
                  "cv in [0.01, 10] for weibull, found 11");
    check_rejects([] { return Distribution::weibull_mean_cv(1.0, 0.0); },
                  "cv in [0.01, 10] for weibull, found 0");
    check_rejects([] { return Distribution::weibull_mean_cv(1.0, kNaN); },
                  "finite cv for weibull, found nan");
  }
}

TEST_CASE("hyperexponential") {
  SUBCASE("cv 1.01 (near the exponential)") {
    check_family(Distribution::hyperexponential_mean_cv(0.05, 1.01), 70);
  }
  SUBCASE("cv 2") {
    check_family(Distribution::hyperexponential_mean_cv(0.05, 2.0), 71);
  }
  SUBCASE("cv 4") {
    check_family(Distribution::hyperexponential_mean_cv(1.5, 4.0), 72);
  }
  SUBCASE("mean/cv conversion") {
    for (const double cv : {1.0001, 1.5, 3.0, 100.0}) {
      const Distribution dist = Distribution::hyperexponential_mean_cv(0.05, cv);
      INFO("cv ", cv);
      CHECK(relative_error(dist.mean(), 0.05) < 1e-12);
      CHECK(relative_error(cv_of(dist), cv) < 1e-9);
    }
  }
  SUBCASE("describe") {
    CHECK(Distribution::hyperexponential_mean_cv(0.05, 2.0).describe() ==
          "hyperexponential(mean 50 ms, cv 2)");
  }
  SUBCASE("rejects invalid parameters") {
    check_rejects([] { return Distribution::hyperexponential_mean_cv(0.05, 0.5); },
                  "cv > 1 for hyperexponential, found 0.5");
    check_rejects([] { return Distribution::hyperexponential_mean_cv(0.05, 1.0); },
                  "cv > 1 for hyperexponential, found 1");
    check_rejects([] { return Distribution::hyperexponential_mean_cv(-1.0, 2.0); },
                  "mean > 0 for hyperexponential, found -1");
    check_rejects([] { return Distribution::hyperexponential_mean_cv(1.0, kInf); },
                  "finite cv for hyperexponential, found inf");
  }
}

TEST_CASE("pareto") {
  // The variance of a batch's sample variance is finite only when the fourth moment is,
  // i.e. alpha > 4 (cv < 0.354); for heavier tails only the mean and quantiles are tested.
  SUBCASE("cv 0.2 (alpha 6.1)") {
    check_family(Distribution::pareto_mean_cv(0.05, 0.2), 80);
  }
  SUBCASE("cv 0.3 (alpha 4.5)") {
    check_family(Distribution::pareto_mean_cv(0.05, 0.3), 81);
  }
  SUBCASE("cv 1 (alpha 2.41)") {
    check_family(Distribution::pareto_mean_cv(0.05, 1.0), 82, VarianceCheck::no);
  }
  SUBCASE("cv 3 (alpha 2.05)") {
    check_family(Distribution::pareto_mean_cv(0.05, 3.0), 83, VarianceCheck::no);
  }
  SUBCASE("mean/cv conversion") {
    for (const double cv : {0.2, 1.0, 3.0, 50.0}) {
      const Distribution dist = Distribution::pareto_mean_cv(0.05, cv);
      INFO("cv ", cv);
      CHECK(relative_error(dist.mean(), 0.05) < 1e-12);
      CHECK(relative_error(cv_of(dist), cv) < 1e-9);
    }
  }
  SUBCASE("support starts at x_m = mean (alpha - 1) / alpha") {
    const Distribution dist = Distribution::pareto_mean_cv(0.05, 1.0);
    const double alpha = 1.0 + std::sqrt(2.0);
    CHECK(relative_error(dist.quantile(0.0), 0.05 * (alpha - 1.0) / alpha) < 1e-12);
    CHECK(dist.cdf(dist.quantile(0.0)) == 0.0);
  }
  SUBCASE("describe") {
    CHECK(Distribution::pareto_mean_cv(2.0, 3.0).describe() == "pareto(mean 2 s, cv 3)");
  }
  SUBCASE("rejects invalid parameters") {
    check_rejects([] { return Distribution::pareto_mean_cv(0.0, 1.0); },
                  "mean > 0 for pareto, found 0");
    check_rejects([] { return Distribution::pareto_mean_cv(1.0, 0.0); },
                  "cv > 0 for pareto, found 0");
    check_rejects([] { return Distribution::pareto_mean_cv(kNaN, 1.0); },
                  "finite mean for pareto, found nan");
  }
}

TEST_CASE("empirical") {
  const std::vector<double> values_s{0.5, 0.01, 0.02, 0.02, 0.1};
  const double mean_s = (0.5 + 0.01 + 0.02 + 0.02 + 0.1) / 5.0;
  const Distribution dist = Distribution::empirical(values_s);

  SUBCASE("resamples only the given values, uniformly") {
    const std::vector<double> samples = draw(dist, 90);
    CHECK(std::all_of(samples.begin(), samples.end(), [&values_s](double x) {
      return std::find(values_s.begin(), values_s.end(), x) != values_s.end();
    }));
    check_moments(dist, samples, VarianceCheck::yes);
    const double twice = 0.4; // 0.02 appears twice among five values
    const auto hits = std::count(samples.begin(), samples.end(), 0.02);
    const double fraction = static_cast<double>(hits) / static_cast<double>(kSamples);
    CHECK(std::fabs(fraction - twice) <=
          kZ999 * std::sqrt(twice * (1.0 - twice) / static_cast<double>(kSamples)));
  }
  SUBCASE("moments are those of the sample") {
    double sum_squares = 0.0;
    for (const double value : values_s) {
      sum_squares += (value - mean_s) * (value - mean_s);
    }
    CHECK(relative_error(dist.mean(), mean_s) < 1e-14);
    CHECK(relative_error(dist.variance(), sum_squares / 5.0) < 1e-12);
  }
  SUBCASE("cdf and quantile are the empirical ones") {
    CHECK(dist.cdf(0.005) == 0.0);
    CHECK(dist.cdf(0.02) == 0.6);
    CHECK(dist.cdf(0.5) == 1.0);
    CHECK(dist.quantile(0.0) == 0.01);
    CHECK(dist.quantile(0.2) == 0.01);
    CHECK(dist.quantile(0.21) == 0.02);
    CHECK(dist.quantile(0.6) == 0.02);
    CHECK(dist.quantile(0.61) == 0.1);
    CHECK(dist.quantile(1.0) == 0.5);
  }
  SUBCASE("describe") {
    CHECK(dist.describe() == "empirical(5 values, mean 130 ms)");
  }
  SUBCASE("rejects invalid values") {
    check_rejects([] { return Distribution::empirical({}); },
                  "at least one value for empirical, found none");
    check_rejects(
        [] {
          return Distribution::empirical({0.1, -1.0});
        },
        "finite values >= 0 for empirical, found -1 at index 1");
    check_rejects([] { return Distribution::empirical({kNaN}); },
                  "finite values >= 0 for empirical, found nan at index 0");
    check_rejects(
        [] {
          return Distribution::empirical({0.0, 1.0, kInf});
        },
        "finite values >= 0 for empirical, found inf at index 2");
  }
}

} // namespace
} // namespace capsim
