#pragma once
// Time average of a piecewise-constant level (slots busy, queue length): the area under the
// level divided by the time elapsed since the last reset. A change costs one multiply and two
// adds; reset() restarts the average at the current level (warm-up deletion). Simulated time
// may not run backward (asserted).
#include "sim/time.hpp"

#include <algorithm>
#include <cassert>

namespace capsim {

class TimeWeighted {
public:
  // Two constructors rather than one with a default argument, so that a default-constructed
  // member may still be copy-list-initialized (an explicit default constructor forbids `= {}`).
  TimeWeighted() = default;
  explicit TimeWeighted(SimTimeNs start) : start_ns_(start), last_ns_(start) {}

  /// The level moves by `delta` at time `now`.
  void change(SimTimeNs now, double delta) {
    advance(now);
    level_ += delta;
    max_ = std::max(max_, level_);
  }
  /// The level becomes `level` at time `now`.
  void set(SimTimeNs now, double level) {
    advance(now);
    level_ = level;
    max_ = std::max(max_, level_);
  }

  double level() const { return level_; }
  /// Time average from the last reset to `now`; the current level if no time has elapsed.
  double mean(SimTimeNs now) const {
    assert(now >= last_ns_ && "simulated time may not run backward");
    const SimTimeNs elapsed_ns = now - start_ns_;
    if (elapsed_ns == 0) {
      return level_;
    }
    return static_cast<double>((area_ + area_since_last(now)) /
                               static_cast<long double>(elapsed_ns));
  }
  /// Area under the level from construction to `now`, resets notwithstanding (in level ×
  /// seconds): what rates over sliding windows are computed from.
  double lifetime_area_s(SimTimeNs now) const {
    assert(now >= last_ns_ && "simulated time may not run backward");
    return static_cast<double>((area_before_reset_ + area_ + area_since_last(now)) * 1e-9L);
  }
  /// Highest level since the last reset (including the level at the reset).
  double max() const { return max_; }

  /// Restarts the accumulation at `now`, keeping the current level.
  void reset(SimTimeNs now) {
    assert(now >= last_ns_ && "simulated time may not run backward");
    area_before_reset_ += area_ + area_since_last(now);
    start_ns_ = now;
    last_ns_ = now;
    area_ = 0.0L;
    max_ = level_;
  }

private:
  long double area_since_last(SimTimeNs now) const {
    return static_cast<long double>(level_) * static_cast<long double>(now - last_ns_);
  }
  void advance(SimTimeNs now) {
    assert(now >= last_ns_ && "simulated time may not run backward");
    area_ += area_since_last(now);
    last_ns_ = now;
  }

  SimTimeNs start_ns_ = 0;
  SimTimeNs last_ns_ = 0;
  double level_ = 0.0;
  double max_ = 0.0;
  // Area in level x ns. Long double (x86-64: 64-bit significand) holds every int64 interval
  // exactly and rounds each product and sum at 2^-64 relative: even 10^13 changes (a year at
  // one change per 3 us) stay below 10^-6 relative error in the worst case, where a double
  // accumulator could reach 10^-3 once the sum dwarfs each increment.
  long double area_ = 0.0L;
  long double area_before_reset_ = 0.0L;
};

} // namespace capsim
