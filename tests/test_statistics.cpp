// Tests for the statistics collectors: Tally, TimeWeighted, LatencyHistogram, WindowHistogram
// and the Student-t confidence intervals. Every data set comes from a fixed seed and a hand-written
// transform, so the tests are deterministic; tolerances come from the documented error bounds, and
// the reference values are computed independently (two-pass moments, sorted order statistics).
#include "sim/confidence_interval.hpp"
#include "sim/latency_histogram.hpp"
#include "sim/tally.hpp"
#include "sim/time_weighted.hpp"
#include "sim/window_histogram.hpp"

#include <boost/math/distributions/binomial.hpp>
#include <doctest/doctest.h>

#include "relative_approx.hpp"
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace capsim {
namespace {

constexpr std::uint64_t kSeed = 0x5747157C5EEDULL;
constexpr std::array<double, 10> kProbabilities = {0,   0.001, 0.01, 0.1,   0.5,
                                                   0.9, 0.95,  0.99, 0.999, 1};

// Uniform in [0, 1) from the top 53 bits: the same on every standard library.
double uniform01(std::mt19937_64 &rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

std::vector<double> shifted_uniform_data(std::size_t n, double offset) {
  std::mt19937_64 rng(kSeed);
  std::vector<double> values(n);
  for (double &value : values) {
    value = offset + 10.0 * uniform01(rng);
  }
  return values;
}

struct TwoPass {
  double mean;
  double variance;
};

TwoPass two_pass(const std::vector<double> &values) {
  long double sum = 0.0L;
  for (const double value : values) {
    sum += static_cast<long double>(value);
  }
  const long double mean = sum / static_cast<long double>(values.size());
  long double squares = 0.0L;
  for (const double value : values) {
    const long double deviation = static_cast<long double>(value) - mean;
    squares += deviation * deviation;
  }
  return {static_cast<double>(mean),
          static_cast<double>(squares / static_cast<long double>(values.size() - 1))};
}

} // namespace

TEST_CASE("Tally") {
  const std::vector<double> values = shifted_uniform_data(10'000, 1e3);
  const TwoPass exact = two_pass(values);
  Tally whole;
  for (const double value : values) {
    whole.add(value);
  }

  SUBCASE("matches a two-pass computation") {
    CHECK(whole.count() == 10'000);
    CHECK(whole.mean() == capsim::testing::approx(exact.mean).epsilon(1e-14));
    CHECK(whole.variance() == capsim::testing::approx(exact.variance).epsilon(1e-12));
    CHECK(whole.stddev() == capsim::testing::approx(std::sqrt(exact.variance)).epsilon(1e-12));
  }
  SUBCASE("stays accurate when the mean dwarfs the spread") {
    // Mean 1e6, variance 8: the sum-of-squares formula is off by 5e-5 here, Welford by 4e-11.
    const std::vector<double> offset_values = shifted_uniform_data(10'000, 1e6);
    Tally tally;
    for (const double value : offset_values) {
      tally.add(value);
    }
    CHECK(tally.variance() ==
          capsim::testing::approx(two_pass(offset_values).variance).epsilon(1e-9));
  }
  SUBCASE("min and max") {
    CHECK(whole.min() == *std::min_element(values.begin(), values.end()));
    CHECK(whole.max() == *std::max_element(values.begin(), values.end()));
  }
  SUBCASE("merging two halves equals the whole") {
    Tally first;
    Tally second;
    for (std::size_t i = 0; i < values.size(); ++i) {
      (i < 3'000 ? first : second).add(values[i]);
    }
    first.merge(second);
    CHECK(first.count() == whole.count());
    CHECK(first.mean() == capsim::testing::approx(whole.mean()).epsilon(1e-12));
    CHECK(first.variance() == capsim::testing::approx(whole.variance()).epsilon(1e-12));
    CHECK(first.min() == whole.min());
    CHECK(first.max() == whole.max());
  }
  SUBCASE("merging with an empty tally changes nothing") {
    Tally empty;
    empty.merge(whole);
    CHECK(empty.count() == whole.count());
    CHECK(empty.mean() == whole.mean());
    whole.merge(Tally{});
    CHECK(whole.variance() == empty.variance());
  }
  SUBCASE("few values and reset") {
    Tally tally;
    CHECK(tally.mean() == 0.0);
    CHECK(tally.min() == 0.0);
    CHECK(tally.max() == 0.0);
    tally.add(-2.5);
    CHECK(tally.variance() == 0.0);
    CHECK(tally.min() == -2.5);
    tally.add(1.5);
    CHECK(tally.mean() == -0.5);
    CHECK(tally.variance() == 8.0); // ((-2)^2 + 2^2) / 1
    whole.reset();
    CHECK(whole.count() == 0);
    CHECK(whole.mean() == 0.0);
    CHECK(whole.variance() == 0.0);
    CHECK(whole.max() == 0.0);
    whole.add(7.0);
    CHECK(whole.min() == 7.0);
    CHECK(whole.max() == 7.0);
  }
}

TEST_CASE("TimeWeighted") {
  // Level 0 from t = 0, +2 at 10, +1 at 30, -3 at 60, set to 5 at 100; mean at 120:
  // area = 0*10 + 2*20 + 3*30 + 0*40 + 5*20 = 0 + 40 + 90 + 0 + 100 = 230, mean = 230 / 120.
  const auto step_function = [](SimTimeNs start) {
    TimeWeighted level(start);
    level.change(start + 10, 2);
    level.change(start + 30, 1);
    level.change(start + 60, -3);
    level.set(start + 100, 5);
    return level;
  };

  SUBCASE("hand-computed step function") {
    const TimeWeighted level = step_function(0);
    CHECK(level.mean(120) == capsim::testing::approx(230.0 / 120.0).epsilon(1e-15));
    CHECK(level.level() == 5);
    CHECK(level.max() == 5);
    CHECK(level.mean(100) == capsim::testing::approx(130.0 / 100.0).epsilon(1e-15));
  }
  SUBCASE("a late start shifts nothing") {
    const SimTimeNs start = SimTimeNs{1} << 62;
    CHECK(step_function(start).mean(start + 120) ==
          capsim::testing::approx(230.0 / 120.0).epsilon(1e-15));
  }
  SUBCASE("reset keeps the level and restarts the average") {
    TimeWeighted level = step_function(0);
    level.reset(120);
    CHECK(level.level() == 5);
    CHECK(level.max() == 5);
    // 5 from 120 to 150, then 1 until 200: (5*30 + 1*50) / 80 = 200 / 80.
    level.change(150, -4);
    CHECK(level.mean(200) == capsim::testing::approx(2.5).epsilon(1e-15));
    CHECK(level.max() == 5);
    level.reset(200);
    CHECK(level.max() == 1); // the peak before the reset is forgotten
  }
  SUBCASE("mean with no elapsed time is the level") {
    TimeWeighted level(7);
    CHECK(level.mean(7) == 0.0);
    level.set(7, 3);
    CHECK(level.mean(7) == 3.0);
    level.reset(7);
    CHECK(level.mean(7) == 3.0);
  }
}

namespace {

struct DataSet {
  std::string name;
  std::vector<SimTimeNs> values_ns;
};

std::vector<DataSet> latency_data_sets() {
  constexpr std::size_t kValues = 100'000;
  std::mt19937_64 rng(kSeed);
  std::vector<DataSet> sets;
  const auto make = [&](std::string name, auto draw_ns) {
    DataSet set{std::move(name), std::vector<SimTimeNs>(kValues)};
    for (SimTimeNs &value : set.values_ns) {
      value = static_cast<SimTimeNs>(std::llround(draw_ns()));
    }
    sets.push_back(std::move(set));
  };
  make("log-uniform 1 ns .. 1e12 ns", [&] { return std::exp(uniform01(rng) * std::log(1e12)); });
  make("exponential, mean 1 us", [&] { return -1e3 * std::log1p(-uniform01(rng)); });
  make("exponential, mean 100 s", [&] { return -1e11 * std::log1p(-uniform01(rng)); });
  make("constant 123456789 ns", [] { return 123'456'789.0; });
  return sets;
}

LatencyHistogram histogram_of(const std::vector<SimTimeNs> &values_ns) {
  LatencyHistogram histogram;
  for (const SimTimeNs value : values_ns) {
    histogram.record_ns(value);
  }
  return histogram;
}

// The documented rank: r = max(1, ceil(p * n)), the value with at least r values <= it.
SimTimeNs exact_quantile_ns(const std::vector<SimTimeNs> &sorted, double p) {
  const auto n = static_cast<std::uint64_t>(sorted.size());
  const std::uint64_t rank =
      p <= 0.0 ? 1
               : std::clamp<std::uint64_t>(
                     static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(n))), 1, n);
  return sorted[rank - 1];
}

// Number of values strictly above `threshold_ns` in sorted data.
std::int64_t count_above(const std::vector<SimTimeNs> &sorted, SimTimeNs threshold_ns) {
  return static_cast<std::int64_t>(sorted.end() -
                                   std::upper_bound(sorted.begin(), sorted.end(), threshold_ns));
}

// Width of the histogram bucket holding `value_ns`: 1 below 256, else 2^(bits - 8).
SimTimeNs bucket_width_ns(SimTimeNs value_ns) {
  const int bits = static_cast<int>(std::bit_width(static_cast<std::uint64_t>(value_ns)));
  return bits <= 8 ? 1 : SimTimeNs{1} << (bits - 8);
}

} // namespace

TEST_CASE("LatencyHistogram") {
  const std::vector<DataSet> sets = latency_data_sets();

  SUBCASE("every quantile is within 1% of the exact order statistic") {
    for (const DataSet &set : sets) {
      std::vector<SimTimeNs> sorted = set.values_ns;
      std::sort(sorted.begin(), sorted.end());
      const LatencyHistogram histogram = histogram_of(set.values_ns);
      for (const double p : kProbabilities) {
        const double exact_s = ns_to_seconds(exact_quantile_ns(sorted, p));
        INFO(set.name << ", p = " << p << ": exact " << exact_s << " s, histogram "
                      << histogram.quantile_s(p) << " s");
        CHECK(std::fabs(histogram.quantile_s(p) - exact_s) <= 0.01 * exact_s);
      }
      CHECK(histogram.min_s() == ns_to_seconds(sorted.front()));
      CHECK(histogram.max_s() == ns_to_seconds(sorted.back()));
      CHECK(histogram.count() == static_cast<std::int64_t>(sorted.size()));
    }
  }
  SUBCASE("values below 256 ns are exact") {
    LatencyHistogram histogram;
    for (SimTimeNs value = 0; value < 256; ++value) {
      histogram.record_ns(value);
    }
    for (int rank = 1; rank <= 256; ++rank) {
      INFO("rank " << rank);
      CHECK(histogram.quantile_s(rank / 256.0) == static_cast<double>(rank - 1) * 1e-9);
    }
  }
  SUBCASE("negative values count as 0; the extremes of int64 are covered") {
    LatencyHistogram histogram;
    histogram.record_ns(-5);
    histogram.record_ns(std::numeric_limits<SimTimeNs>::min());
    histogram.record_ns(kSimTimeMax);
    CHECK(histogram.count() == 3);
    CHECK(histogram.min_s() == 0.0);
    CHECK(histogram.quantile_s(0.5) == 0.0);
    CHECK(histogram.max_s() == ns_to_seconds(kSimTimeMax));
    CHECK(histogram.quantile_s(1.0) == ns_to_seconds(kSimTimeMax));
    CHECK(histogram.mean_s() == capsim::testing::approx(ns_to_seconds(kSimTimeMax) / 3.0));
  }
  SUBCASE("merge equals recording everything in one") {
    for (const DataSet &set : sets) {
      LatencyHistogram first;
      LatencyHistogram second;
      for (std::size_t i = 0; i < set.values_ns.size(); ++i) {
        (i % 3 == 0 ? first : second).record_ns(set.values_ns[i]);
      }
      first.merge(second);
      const LatencyHistogram whole = histogram_of(set.values_ns);
      INFO(set.name);
      CHECK(first == whole);
      CHECK(first.mean_s() == whole.mean_s());
      CHECK(first.quantile_s(0.99) == whole.quantile_s(0.99));
    }
  }
  SUBCASE("the mean is exact") {
    for (const DataSet &set : sets) {
      std::uint64_t sum_ns = 0;
      for (const SimTimeNs value : set.values_ns) {
        sum_ns += static_cast<std::uint64_t>(value);
      }
      const double mean_s =
          static_cast<double>(sum_ns) / static_cast<double>(set.values_ns.size()) * 1e-9;
      INFO(set.name);
      CHECK(histogram_of(set.values_ns).mean_s() == capsim::testing::approx(mean_s).epsilon(1e-15));
    }
  }
  SUBCASE("memory is fixed; 10 million values beyond 2^64 in sum keep an exact mean") {
    LatencyHistogram histogram;
    const std::size_t bytes_before = histogram.memory_bytes();
    CHECK(bytes_before < 64 * 1024);
    std::mt19937_64 rng(kSeed);
    long double sum_ns = 0.0L;
    for (int i = 0; i < 10'000'000; ++i) {
      const auto value = static_cast<SimTimeNs>((rng() >> 1) >> (i % 64));
      histogram.record_ns(value);
      sum_ns += static_cast<long double>(value);
    }
    CHECK(histogram.count() == 10'000'000);
    CHECK(histogram.memory_bytes() == bytes_before);
    CHECK(histogram.mean_s() ==
          capsim::testing::approx(static_cast<double>(sum_ns / 1e16L)).epsilon(1e-12)); // /1e7 /1e9
    histogram.reset();
    CHECK(histogram.count() == 0);
    CHECK(histogram.memory_bytes() == bytes_before);
    CHECK(histogram == LatencyHistogram{});
  }
  SUBCASE("fraction_above_s is within one bucket width of a direct count") {
    for (const DataSet &set : sets) {
      std::vector<SimTimeNs> sorted = set.values_ns;
      std::sort(sorted.begin(), sorted.end());
      const LatencyHistogram histogram = histogram_of(set.values_ns);
      const double n = static_cast<double>(sorted.size());
      std::vector<SimTimeNs> thresholds_ns = {0,
                                              1,
                                              57,
                                              127,
                                              200,
                                              254,
                                              255,
                                              1'000,
                                              12'345,
                                              1'000'000,
                                              123'456'789,
                                              999'999'999,
                                              5 * 10'000'000'000LL,
                                              1'000'000'000'000LL};
      for (const double p : kProbabilities) {
        thresholds_ns.push_back(exact_quantile_ns(sorted, p));
      }
      for (const SimTimeNs threshold_ns : thresholds_ns) {
        const double above = histogram.fraction_above_s(ns_to_seconds(threshold_ns)) * n;
        const SimTimeNs width_ns = bucket_width_ns(threshold_ns + 1);
        INFO(set.name << ", threshold " << threshold_ns << " ns: histogram " << above
                      << " values above");
        CHECK(above >= static_cast<double>(count_above(sorted, threshold_ns + width_ns)) - 1e-6);
        CHECK(above <= static_cast<double>(count_above(sorted, threshold_ns - width_ns)) + 1e-6);
        if (width_ns == 1) {
          CHECK(above ==
                capsim::testing::approx(static_cast<double>(count_above(sorted, threshold_ns))));
        }
      }
      CHECK(histogram.fraction_above_s(-1.0) == 1.0);
    }
    CHECK(LatencyHistogram{}.fraction_above_s(0.0) == 0.0);
  }
  SUBCASE("fraction_above_s is exact when the values fill their buckets evenly") {
    // Every integer in [0, 4096) once: buckets up to 16 ns wide, each filled uniformly.
    LatencyHistogram histogram;
    for (SimTimeNs value = 0; value < 4096; ++value) {
      histogram.record_ns(value);
    }
    for (SimTimeNs threshold_ns = 0; threshold_ns < 4096; threshold_ns += 3) {
      INFO("threshold " << threshold_ns << " ns");
      CHECK(histogram.fraction_above_s(ns_to_seconds(threshold_ns)) * 4096.0 ==
            capsim::testing::approx(static_cast<double>(4095 - threshold_ns)));
    }
  }
  SUBCASE("cdf_points_s is monotone, exact at its points and ends at 1") {
    for (const DataSet &set : sets) {
      std::vector<SimTimeNs> sorted = set.values_ns;
      std::sort(sorted.begin(), sorted.end());
      const LatencyHistogram histogram = histogram_of(set.values_ns);
      const auto points = histogram.cdf_points_s(200);
      INFO(set.name);
      REQUIRE(!points.empty());
      CHECK(points.size() <= 200);
      for (std::size_t i = 1; i < points.size(); ++i) {
        CHECK(points[i].first > points[i - 1].first);
        CHECK(points[i].second > points[i - 1].second);
      }
      for (const auto &[value_s, fraction] : points) {
        const auto value_ns = static_cast<SimTimeNs>(std::llround(value_s * 1e9));
        const auto at_or_below =
            static_cast<double>(sorted.size()) - static_cast<double>(count_above(sorted, value_ns));
        CHECK(fraction ==
              capsim::testing::approx(at_or_below / static_cast<double>(sorted.size())));
      }
      CHECK(points.back().first == histogram.max_s());
      CHECK(points.back().second == 1.0);
      CHECK(histogram.cdf_points_s(1).size() == 1);
      CHECK(histogram.cdf_points_s(1).front().second == 1.0);
    }
    CHECK(LatencyHistogram{}.cdf_points_s(10).empty());
  }
}

TEST_CASE("confidence intervals") {
  SUBCASE("t quantiles match the table") {
    CHECK(std::fabs(student_t_quantile(0.975, 1) - 12.7062) <= 1e-5);
    CHECK(std::fabs(student_t_quantile(0.975, 9) - 2.262157) <= 1e-5);
    CHECK(std::fabs(student_t_quantile(0.975, 30) - 2.042272) <= 1e-5);
    CHECK(std::fabs(student_t_quantile(0.025, 9) + 2.262157) <= 1e-5);
    CHECK_THROWS_AS(student_t_quantile(0.975, 0), std::domain_error);
    CHECK_THROWS_AS(student_t_quantile(1.0, 5), std::domain_error);
  }
  SUBCASE("hand-computed interval for {1, 2, 3, 4, 5}") {
    // mean 3; s^2 = (4 + 1 + 0 + 1 + 4) / 4 = 2.5; s / sqrt(5) = sqrt(0.5) = 0.7071068;
    // t_{0.975,4} = 2.776445, so the half-width is 1.963243: [1.036757, 4.963243].
    const std::vector<double> values = {1, 2, 3, 4, 5};
    const Estimate interval = mean_ci95(values);
    CHECK(interval.estimate == 3.0);
    CHECK(std::fabs(interval.half_width() - 1.963243) <= 1e-6);
    CHECK(std::fabs(interval.ci_low - 1.036757) <= 1e-6);
    CHECK(std::fabs(interval.ci_high - 4.963243) <= 1e-6);
    // At 90%: t_{0.95,4} = 2.131847, half-width 2.131847 * 0.7071068 = 1.507443.
    CHECK(std::fabs(mean_ci(values, 0.90).half_width() - 1.507443) <= 1e-6);
    CHECK_THROWS_AS(mean_ci(values, 1.0), std::domain_error);
  }
  SUBCASE("fewer than two values collapse the interval") {
    const std::vector<double> one = {4.25};
    const Estimate single = mean_ci95(one);
    CHECK(single.estimate == 4.25);
    CHECK(single.ci_low == 4.25);
    CHECK(single.ci_high == 4.25);
    const Estimate none = mean_ci95({});
    CHECK(none.estimate == 0.0);
    CHECK(none.half_width() == 0.0);
  }
  SUBCASE("95% intervals cover the true mean 95% of the time") {
    constexpr int kExperiments = 2'000;
    constexpr double kTrueMean = 10.0;
    std::mt19937_64 rng(kSeed);
    std::normal_distribution<double> normal(kTrueMean, 3.0);
    int covered = 0;
    std::vector<double> sample(10);
    for (int experiment = 0; experiment < kExperiments; ++experiment) {
      std::generate(sample.begin(), sample.end(), [&] { return normal(rng); });
      const Estimate interval = mean_ci95(sample);
      covered += interval.ci_low <= kTrueMean && kTrueMean <= interval.ci_high ? 1 : 0;
    }
    // Central 99.9% band of Binomial(2000, 0.95), rounded outwards: [1866, 1931].
    const boost::math::binomial_distribution<double> coverage(kExperiments, 0.95);
    const double low = boost::math::quantile(coverage, 0.0005);
    const double high = boost::math::quantile(coverage, 0.9995);
    INFO(covered << " of " << kExperiments << " intervals covered; band [" << low << ", " << high
                 << "]");
    CHECK(covered >= low);
    CHECK(covered <= high);
  }
}

TEST_CASE("WindowHistogram") {
  SUBCASE("a value in nanoseconds falls in the bucket of its value in seconds") {
    std::mt19937_64 rng(kSeed);
    std::uniform_real_distribution<double> log2_ns(0.0, 63.0);
    for (int i = 0; i < 200'000; ++i) {
      const auto value_ns = static_cast<SimTimeNs>(std::exp2(log2_ns(rng)));
      REQUIRE(WindowHistogram::bucket_of_ns(value_ns) ==
              WindowHistogram::bucket_of_s(ns_to_seconds(value_ns)));
    }
    // Around every bucket edge, 1 us · 2^(b/8), and below 1 us.
    for (int bucket = 0; bucket <= 8 * WindowHistogram::kDoublings + 8; ++bucket) {
      const auto edge_ns = static_cast<SimTimeNs>(1000.0 * std::exp2(bucket / 8.0));
      for (SimTimeNs value_ns = edge_ns - 3; value_ns <= edge_ns + 3; ++value_ns) {
        REQUIRE(WindowHistogram::bucket_of_ns(value_ns) ==
                WindowHistogram::bucket_of_s(ns_to_seconds(value_ns)));
      }
    }
    CHECK(WindowHistogram::bucket_of_ns(-5) == 0);
    CHECK(WindowHistogram::bucket_of_ns(kSimTimeMax) ==
          WindowHistogram::bucket_of_s(ns_to_seconds(kSimTimeMax)));
  }
  SUBCASE("quantiles are the geometric middles of their buckets") {
    WindowHistogram histogram;
    CHECK(histogram.quantile_s(0.5) == 0.0);
    for (int i = 0; i < 100; ++i) {
      histogram.record_ns(i < 90 ? 10'000'000 : 1'000'000'000); // 90 of 10 ms, 10 of 1 s
    }
    CHECK(histogram.count() == 100);
    CHECK(histogram.quantile_s(0.5) == doctest::Approx(0.010).epsilon(0.045));
    CHECK(histogram.quantile_s(0.95) == doctest::Approx(1.0).epsilon(0.045));
  }
}

} // namespace capsim
