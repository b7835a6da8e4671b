#pragma once
// Time average and time-average variance of a piecewise-constant level (open connections):
// two TimeWeighted accumulators, one of the level and one of its square, so that
// Var = E[N²] − E[N]² over the time since the last reset. What an M/G/∞ population is
// checked against (its count is Poisson: variance = mean).
#include "sim/time_weighted.hpp"

#include <algorithm>
#include <cstdint>

namespace capsim {

class TimeWeightedMoments {
public:
  void change(SimTimeNs now, std::int64_t delta) {
    const std::int64_t before = level_.level();
    level_.change(now, delta);
    square_.change(now, (before + delta) * (before + delta) - before * before);
  }
  std::int64_t level() const { return level_.level(); }
  std::int64_t max() const { return level_.max(); }
  double mean(SimTimeNs now) const { return level_.mean(now); }
  double variance(SimTimeNs now) const {
    const double mean_level = level_.mean(now);
    return std::max(0.0, square_.mean(now) - mean_level * mean_level);
  }
  double lifetime_area_s(SimTimeNs now) const { return level_.lifetime_area_s(now); }
  void reset(SimTimeNs now) {
    level_.reset(now);
    square_.reset(now);
  }

private:
  TimeWeighted level_;
  TimeWeighted square_;
};

} // namespace capsim
