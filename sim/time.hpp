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

/// Seconds to nanoseconds, rounded to the nearest nanosecond, ties to even (negative input
/// clamps to 0). The rounding is std::nearbyint's in the default rounding mode, done inline:
/// below 2^52, adding and subtracting 2^52 leaves the nearest integer; from 2^52 on every
/// double is one. (nearbyint itself is a library call on baseline x86-64, and this runs for
/// every sampled delay.)
inline SimTimeNs seconds_to_ns(double seconds) {
  if (!(seconds > 0.0)) {
    return 0;
  }
  constexpr double kTwoTo52 = 4503599627370496.0;
  const double exact_ns = seconds * 1e9;
  const double ns = exact_ns < kTwoTo52 ? (exact_ns + kTwoTo52) - kTwoTo52 : exact_ns;
  return ns >= 9.2e18 ? kSimTimeMax : static_cast<SimTimeNs>(ns);
}

inline constexpr double ns_to_seconds(SimTimeNs ns) {
  return static_cast<double>(ns) * 1e-9;
}

} // namespace capsim
