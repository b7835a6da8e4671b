#pragma once
// Running statistics of a stream of observations (a request's wait, a residence time):
// count, mean, sample variance, min and max in O(1) memory. Welford's update stays accurate
// when the mean is large against the spread; merge() combines two tallies as if one had
// seen both streams (the pairwise formula of Chan, Golub and LeVeque).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace capsim {

class Tally {
public:
  void add(double x) {
    ++count_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(count_);
    m2_ += delta * (x - mean_);
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }

  std::int64_t count() const { return count_; }
  /// Mean of the observations (0 when there are none).
  double mean() const { return mean_; }
  /// Sample variance, with the n - 1 divisor (0 for fewer than two observations).
  double variance() const { return count_ < 2 ? 0.0 : m2_ / static_cast<double>(count_ - 1); }
  double stddev() const { return std::sqrt(variance()); }
  /// Smallest and largest observation (0 when there are none).
  double min() const { return count_ == 0 ? 0.0 : min_; }
  double max() const { return count_ == 0 ? 0.0 : max_; }

  void merge(const Tally &other) {
    if (other.count_ == 0) {
      return;
    }
    if (count_ == 0) {
      *this = other;
      return;
    }
    const double n_a = static_cast<double>(count_);
    const double n_b = static_cast<double>(other.count_);
    const double n = n_a + n_b;
    const double delta = other.mean_ - mean_;
    mean_ += delta * (n_b / n);
    m2_ += other.m2_ + delta * delta * (n_a * n_b / n);
    count_ += other.count_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }

  void reset() { *this = Tally{}; }

private:
  std::int64_t count_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0; // sum of squared deviations from the running mean
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

} // namespace capsim
