#pragma once
// Simulated time: signed 64-bit integer nanoseconds. Integer time makes event
// ordering exact and runs reproducible; 2^63 ns is about 292 years of simulated time.
#include <cmath>
#include <cstdint>
#include <limits>

namespace capsim {

using SimTimeNs = std::int64_t;

inline constexpr SimTimeNs kNsPerSecond = 1'000'000'000;
inline constexpr SimTimeNs kSimTimeMax = std::numeric_limits<SimTimeNs>::max();

/// Seconds to nanoseconds, rounded to the nearest nanosecond (negative input clamps to 0).
inline SimTimeNs seconds_to_ns(double seconds) {
  if (!(seconds > 0.0)) {
    return 0;
  }
  const double ns = std::nearbyint(seconds * 1e9);
  return ns >= 9.2e18 ? kSimTimeMax : static_cast<SimTimeNs>(ns);
}

inline constexpr double ns_to_seconds(SimTimeNs ns) {
  return static_cast<double>(ns) * 1e-9;
}

} // namespace capsim
