#pragma once
// Time average of a piecewise-constant integer level (slots busy, requests queued, instances
// live): the area under the level divided by the time elapsed since the last reset. A change
// costs one 64 x 64 -> 128-bit multiply and an add; reset() restarts the average at the current
// level (warm-up deletion). Simulated time may not run backward (asserted).
#include "sim/time.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>

namespace capsim {

class TimeWeighted {
public:
  // Two constructors rather than one with a default argument, so that a default-constructed
  // member may still be copy-list-initialized (an explicit default constructor forbids `= {}`).
  TimeWeighted() = default;
  explicit TimeWeighted(SimTimeNs start) : start_ns_(start), last_ns_(start) {}

  /// The level moves by `delta` at time `now`.
  void change(SimTimeNs now, std::int64_t delta) {
    advance(now);
    level_ += delta;
    max_ = std::max(max_, level_);
  }
  /// The level becomes `level` at time `now`.
  void set(SimTimeNs now, std::int64_t level) {
    advance(now);
    level_ = level;
    max_ = std::max(max_, level_);
  }

  std::int64_t level() const { return level_; }
  /// Time average from the last reset to `now`; the current level if no time has elapsed.
  double mean(SimTimeNs now) const {
    assert(now >= last_ns_ && "simulated time may not run backward");
    const SimTimeNs elapsed_ns = now - start_ns_;
    if (elapsed_ns == 0) {
      return static_cast<double>(level_);
    }
    return static_cast<double>(static_cast<long double>(area_ + area_since_last(now)) /
                               static_cast<long double>(elapsed_ns));
  }
  /// Area under the level from construction to `now`, resets notwithstanding (in level ×
  /// seconds): what rates over sliding windows are computed from.
  double lifetime_area_s(SimTimeNs now) const {
    assert(now >= last_ns_ && "simulated time may not run backward");
    return static_cast<double>(
        static_cast<long double>(area_before_reset_ + area_ + area_since_last(now)) * 1e-9L);
  }
  /// Highest level since the last reset (including the level at the reset).
  std::int64_t max() const { return max_; }

  /// Restarts the accumulation at `now`, keeping the current level.
  void reset(SimTimeNs now) {
    assert(now >= last_ns_ && "simulated time may not run backward");
    area_before_reset_ += area_ + area_since_last(now);
    start_ns_ = now;
    last_ns_ = now;
    area_ = 0;
    max_ = level_;
  }

private:
  __extension__ using Int128 = __int128;

  Int128 area_since_last(SimTimeNs now) const {
    return static_cast<Int128>(level_) * (now - last_ns_);
  }
  void advance(SimTimeNs now) {
    assert(now >= last_ns_ && "simulated time may not run backward");
    area_ += area_since_last(now);
    last_ns_ = now;
  }

  SimTimeNs start_ns_ = 0;
  SimTimeNs last_ns_ = 0;
  std::int64_t level_ = 0;
  std::int64_t max_ = 0;
  // Area in level x ns, exact: 2^127 level-ns is over 10^20 years at a level of 10^9. The
  // quotients are taken in long double (64-bit significand on x86-64), so they are exact
  // roundings of the exact area for any area below 2^64 level-ns (a level of 1,000 for 200 days).
  Int128 area_ = 0;
  Int128 area_before_reset_ = 0;
};

} // namespace capsim
