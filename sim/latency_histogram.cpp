// LatencyHistogram's cold paths: quantiles, CDF points and threshold shares walk the 7296
// buckets once (a few microseconds); merge and reset touch every bucket. Bucket i covers the
// integers [low(i), low(i) + width(i) - 1], the inverse of bucket_index in the header.
#include "sim/latency_histogram.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace capsim {
namespace {

constexpr double kSecondsPerNs = 1e-9;

double to_seconds(std::uint64_t ns) {
  return static_cast<double>(ns) * kSecondsPerNs;
}

// The rank r = max(1, ceil(p * count)) in [1, count]; p below 0 (or NaN) selects the minimum.
std::uint64_t rank_of(double p, std::uint64_t count) {
  if (!(p > 0.0)) {
    return 1;
  }
  if (p >= 1.0) {
    return count;
  }
  const auto rank = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(count)));
  return std::clamp<std::uint64_t>(rank, 1, count);
}

// At most max_points of the points, evenly spaced by position, keeping the first and last.
std::vector<std::pair<double, double>> thinned(std::vector<std::pair<double, double>> points,
                                               int max_points) {
  const auto wanted = static_cast<std::size_t>(std::max(max_points, 0));
  if (points.size() <= wanted) {
    return points;
  }
  if (wanted <= 1) {
    return wanted == 0 ? std::vector<std::pair<double, double>>{}
                       : std::vector<std::pair<double, double>>{points.back()};
  }
  std::vector<std::pair<double, double>> kept;
  kept.reserve(wanted);
  for (std::size_t k = 0; k < wanted; ++k) {
    kept.push_back(points[k * (points.size() - 1) / (wanted - 1)]);
  }
  return kept;
}

} // namespace

LatencyHistogram::LatencyHistogram() : counts_(kBucketCount, 0) {}

std::uint64_t LatencyHistogram::bucket_low_ns(std::size_t index) {
  const std::size_t shift = std::max<std::size_t>(index >> kSubBucketBits, 1) - 1;
  return static_cast<std::uint64_t>(index - (shift << kSubBucketBits)) << shift;
}

std::uint64_t LatencyHistogram::bucket_width_ns(std::size_t index) {
  const std::size_t shift = std::max<std::size_t>(index >> kSubBucketBits, 1) - 1;
  return std::uint64_t{1} << shift;
}

// The part of bucket `index` that recorded values can occupy: the bucket within [min, max].
std::uint64_t LatencyHistogram::occupied_low_ns(std::size_t index) const {
  return std::max(bucket_low_ns(index), min_ns_);
}

std::uint64_t LatencyHistogram::occupied_high_ns(std::size_t index) const {
  return std::min(bucket_low_ns(index) + (bucket_width_ns(index) - 1), max_ns_);
}

// Index of the bucket holding the value of the given rank (1 <= rank <= count).
std::size_t LatencyHistogram::index_of_rank(std::uint64_t rank) const {
  std::size_t index = 0;
  std::uint64_t seen = counts_[0];
  while (seen < rank) {
    seen += counts_[++index];
  }
  return index;
}

double LatencyHistogram::mean_s() const {
  if (count_ == 0) {
    return 0.0;
  }
  return static_cast<double>(sum_ns_) / static_cast<double>(count_) * kSecondsPerNs;
}

double LatencyHistogram::quantile_s(double p) const {
  if (count_ == 0) {
    return 0.0;
  }
  const std::uint64_t rank = rank_of(p, count_);
  if (rank == 1 || rank == count_) {
    return rank == 1 ? min_s() : max_s();
  }
  const std::size_t index = index_of_rank(rank);
  const auto low = static_cast<double>(occupied_low_ns(index));
  const auto high = static_cast<double>(occupied_high_ns(index));
  return (low + (high - low) / 2.0) * kSecondsPerNs;
}

double LatencyHistogram::min_s() const {
  return count_ == 0 ? 0.0 : to_seconds(min_ns_);
}

double LatencyHistogram::max_s() const {
  return to_seconds(max_ns_);
}

std::vector<std::pair<double, double>> LatencyHistogram::cdf_points_s(int max_points) const {
  std::vector<std::pair<double, double>> points;
  std::uint64_t seen = 0;
  for (std::size_t index = 0; index < counts_.size(); ++index) {
    if (counts_[index] != 0) {
      seen += counts_[index];
      points.emplace_back(to_seconds(occupied_high_ns(index)),
                          static_cast<double>(seen) / static_cast<double>(count_));
    }
  }
  return thinned(std::move(points), max_points);
}

double LatencyHistogram::fraction_above_s(double threshold_s) const {
  if (count_ == 0) {
    return 0.0;
  }
  if (threshold_s < 0.0) {
    return 1.0;
  }
  const auto threshold_ns = static_cast<std::uint64_t>(seconds_to_ns(threshold_s));
  if (threshold_ns >= max_ns_) {
    return 0.0;
  }
  const std::uint64_t first_above_ns = threshold_ns + 1;
  if (first_above_ns <= min_ns_) {
    return 1.0;
  }
  // The threshold's bucket counts in proportion to its occupied part at or above
  // first_above_ns; every later bucket counts in full.
  const std::size_t index = bucket_index(first_above_ns);
  const std::uint64_t low_ns = occupied_low_ns(index);
  const std::uint64_t high_ns = occupied_high_ns(index);
  const double share_of_bucket =
      static_cast<double>(high_ns - first_above_ns + 1) / static_cast<double>(high_ns - low_ns + 1);
  const std::uint64_t later = std::accumulate(
      counts_.begin() + static_cast<std::ptrdiff_t>(index) + 1, counts_.end(), std::uint64_t{0});
  const double above =
      static_cast<double>(later) + share_of_bucket * static_cast<double>(counts_[index]);
  return above / static_cast<double>(count_);
}

void LatencyHistogram::merge(const LatencyHistogram &other) {
  std::transform(counts_.begin(), counts_.end(), other.counts_.begin(), counts_.begin(),
                 [](std::uint64_t mine, std::uint64_t theirs) { return mine + theirs; });
  count_ += other.count_;
  sum_ns_ += other.sum_ns_;
  min_ns_ = std::min(min_ns_, other.min_ns_);
  max_ns_ = std::max(max_ns_, other.max_ns_);
}

void LatencyHistogram::reset() {
  counts_.assign(kBucketCount, 0);
  count_ = 0;
  sum_ns_ = 0;
  min_ns_ = std::numeric_limits<std::uint64_t>::max();
  max_ns_ = 0;
}

} // namespace capsim
