#pragma once
// Log-bucketed (HdrHistogram-style) histogram of non-negative integer nanosecond values.
// Each power of two is split into 128 linear sub-buckets, so values below 256 ns are exact and
// every bucket is at most 1/128 of its values wide: quantiles are within 0.4%. Memory is fixed:
// 57 x 128 buckets of 8 bytes (58 KB) cover the whole int64 range, however many values arrive.
#include "sim/time.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace capsim {

class LatencyHistogram {
public:
  static constexpr int kSubBucketBits = 7;
  static constexpr std::uint64_t kSubBuckets = std::uint64_t{1} << kSubBucketBits; // 128
  // Values below 2 x 128 take one bucket each; each of the 55 powers of two above them takes
  // 128 buckets, up to 2^63 - 1.
  static constexpr std::size_t kBucketCount = (64 - kSubBucketBits) * kSubBuckets; // 7296

  LatencyHistogram();

  /// Records one value; negative values count as 0. O(1): no loop, no floating point.
  void record_ns(SimTimeNs value_ns) {
    const auto value = static_cast<std::uint64_t>(std::max<SimTimeNs>(value_ns, 0));
    ++counts_[bucket_index(value)];
    ++count_;
    sum_ns_ += value;
    min_ns_ = std::min(min_ns_, value);
    max_ns_ = std::max(max_ns_, value);
  }

  std::int64_t count() const { return static_cast<std::int64_t>(count_); }
  /// Exact mean, from the exact sum of the values (0 when empty).
  double mean_s() const;
  /// Value of rank r = max(1, ceil(p * count)): the smallest recorded value x such that at
  /// least r values are <= x. Returns the exact min or max for r = 1 or r = count, otherwise
  /// the midpoint of x's bucket narrowed to [min, max]. p is clamped to [0, 1]; 0 when empty.
  double quantile_s(double p) const;
  /// Exact extremes (0 when empty).
  double min_s() const;
  double max_s() const;

  /// Points (value_s, fraction of values <= value_s) of the empirical CDF, at most
  /// max_points of them (thinned evenly over the occupied buckets), exact at each point:
  /// value_s is an occupied bucket's upper edge. The last point is (max_s(), 1).
  std::vector<std::pair<double, double>> cdf_points_s(int max_points) const;
  /// Share of values strictly above threshold_s (rounded to the nanosecond), assuming the
  /// values in the threshold's bucket are spread uniformly: exact below 256 ns, otherwise
  /// within one bucket width of the threshold. 0 when empty.
  double fraction_above_s(double threshold_s) const;

  void merge(const LatencyHistogram &other);
  void reset();

  /// Bytes held, including the bucket array; constant for the histogram's lifetime.
  std::size_t memory_bytes() const {
    return sizeof(*this) + counts_.capacity() * sizeof(std::uint64_t);
  }
  bool operator==(const LatencyHistogram &other) const = default;

private:
  __extension__ typedef unsigned __int128 Uint128; // sum of up to 2^64 values below 2^63

  static std::size_t bucket_index(std::uint64_t value) {
    // shift = 0 below 256, else the bits below the top 8; the index then runs contiguously.
    const int shift = static_cast<int>(std::bit_width(value | kSubBuckets)) - (kSubBucketBits + 1);
    return (static_cast<std::size_t>(shift) << kSubBucketBits) + (value >> shift);
  }
  static std::uint64_t bucket_low_ns(std::size_t index);
  static std::uint64_t bucket_width_ns(std::size_t index);
  std::uint64_t occupied_low_ns(std::size_t index) const;
  std::uint64_t occupied_high_ns(std::size_t index) const;
  std::size_t index_of_rank(std::uint64_t rank) const;

  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  Uint128 sum_ns_ = 0;
  std::uint64_t min_ns_ = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t max_ns_ = 0;
};

} // namespace capsim
