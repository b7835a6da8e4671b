#pragma once
// Coarse latency counts for one window of a time series: 8 logarithmic buckets per doubling
// from 1 us to about 12 days (quantiles within 4.5%), 32-bit counts, 1.3 KB. A run's time
// series holds one per class per window, where LatencyHistogram's 58 KB would not fit.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace capsim {

class WindowHistogram {
public:
  static constexpr int kBucketsPerDoubling = 8;
  static constexpr int kDoublings = 40;
  static constexpr double kSmallest_s = 1e-6;

  void record_s(double value_s) {
    ++counts_[bucket_of(value_s)];
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

private:
  static constexpr std::size_t kBuckets = kBucketsPerDoubling * kDoublings + 1;
  static inline const double kHalfStep = std::exp2(0.5 / kBucketsPerDoubling);

  static std::size_t bucket_of(double value_s) {
    if (!(value_s > kSmallest_s)) {
      return 0;
    }
    const double position = std::log2(value_s / kSmallest_s) * kBucketsPerDoubling;
    return std::min<std::size_t>(kBuckets - 1, 1 + static_cast<std::size_t>(position));
  }
  /// Bucket b >= 1 holds values in [1 us · 2^((b-1)/8), 1 us · 2^(b/8)).
  static double lower_edge_s(std::size_t bucket) {
    return kSmallest_s * std::exp2(static_cast<double>(bucket - 1) / kBucketsPerDoubling);
  }

  std::array<std::uint32_t, kBuckets> counts_{};
  std::uint32_t count_ = 0;
};

} // namespace capsim
