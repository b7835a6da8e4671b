#pragma once
// Coarse latency counts for one window of a time series: 8 logarithmic buckets per doubling
// from 1 us to about 12 days (quantiles within 4.5%), 32-bit counts, 1.3 KB. A run's time
// series holds one per class per window, where LatencyHistogram's 58 KB would not fit.
#include "sim/time.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace capsim {

class WindowHistogram {
public:
  static constexpr int kBucketsPerDoubling = 8;
  static constexpr int kDoublings = 40;
  static constexpr double kSmallest_s = 1e-6;

  /// Records one value (negative values count as 0): no logarithm, a table look-up and a
  /// few comparisons.
  void record_ns(SimTimeNs value_ns) {
    ++counts_[bucket_of_ns(value_ns)];
    ++count_;
  }
  std::uint32_t count() const { return count_; }

  /// The value of rank ceil(p · count): the geometric middle of its bucket (0 when empty;
  /// values below 1 us read as 1 us, above the range as its top).
  double quantile_s(double p) const {
    if (count_ == 0) {
      return 0.0;
    }
    const auto rank =
        static_cast<std::uint32_t>(std::fmax(1.0, std::ceil(p * static_cast<double>(count_))));
    std::uint32_t seen = 0;
    for (std::size_t bucket = 0; bucket < counts_.size(); ++bucket) {
      seen += counts_[bucket];
      if (seen >= rank) {
        return bucket == 0 ? kSmallest_s : lower_edge_s(bucket) * kHalfStep;
      }
    }
    return lower_edge_s(counts_.size() - 1);
  }

  /// The bucket of a value in seconds: the definition of the buckets.
  static std::size_t bucket_of_s(double value_s) {
    if (!(value_s > kSmallest_s)) {
      return 0;
    }
    const double position = std::log2(value_s / kSmallest_s) * kBucketsPerDoubling;
    return std::min<std::size_t>(kBuckets - 1, 1 + static_cast<std::size_t>(position));
  }
  /// The bucket of a value in nanoseconds: bucket_of_s(ns_to_seconds(value_ns)), found from
  /// each bucket's smallest nanosecond value, tabulated once by bucket_of_s itself.
  static std::size_t bucket_of_ns(SimTimeNs value_ns) {
    const auto value = static_cast<std::uint64_t>(std::max<SimTimeNs>(value_ns, 0));
    std::size_t bucket = kEdges.first_bucket_by_width[std::bit_width(value)];
    while (bucket + 1 < kBuckets && value >= kEdges.lowest_ns[bucket + 1]) {
      ++bucket;
    }
    return bucket;
  }

private:
  static constexpr std::size_t kBuckets = kBucketsPerDoubling * kDoublings + 1;
  static inline const double kHalfStep = std::exp2(0.5 / kBucketsPerDoubling);

  struct Edges {
    std::array<std::uint64_t, kBuckets> lowest_ns{};     // smallest value of each bucket
    std::array<std::size_t, 64> first_bucket_by_width{}; // bucket of 2^(w-1), values < 2^63
  };

  static std::size_t bucket_of_value(std::uint64_t value_ns) {
    return bucket_of_s(ns_to_seconds(static_cast<SimTimeNs>(value_ns)));
  }
  /// Bisection for each bucket's smallest value (bucket_of_s only grows with its argument).
  static Edges tabulate() {
    Edges edges;
    constexpr auto kLargest = static_cast<std::uint64_t>(kSimTimeMax);
    for (std::size_t bucket = 1; bucket < kBuckets; ++bucket) {
      std::uint64_t low = 0; // bucket_of_value(low) < bucket
      std::uint64_t high = kLargest;
      while (high - low > 1) {
        const std::uint64_t mid = low + (high - low) / 2;
        (bucket_of_value(mid) < bucket ? low : high) = mid;
      }
      edges.lowest_ns[bucket] = high;
    }
    for (int width = 1; width < 64; ++width) {
      edges.first_bucket_by_width[static_cast<std::size_t>(width)] =
          bucket_of_value(std::uint64_t{1} << (width - 1));
    }
    return edges;
  }
  static inline const Edges kEdges = tabulate();

  /// Bucket b >= 1 holds values in [1 us · 2^((b-1)/8), 1 us · 2^(b/8)).
  static double lower_edge_s(std::size_t bucket) {
    return kSmallest_s * std::exp2(static_cast<double>(bucket - 1) / kBucketsPerDoubling);
  }

  std::array<std::uint32_t, kBuckets> counts_{};
  std::uint32_t count_ = 0;
};

} // namespace capsim
