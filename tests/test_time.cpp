// Simulated time: seconds_to_ns rounds to the nearest nanosecond with ties to even, exactly as
// std::nearbyint does in the default rounding mode, and clamps at 0 and at the top.
#include "sim/time.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

using namespace capsim;

namespace {

SimTimeNs reference_ns(double seconds) {
  if (!(seconds > 0.0)) {
    return 0;
  }
  const double ns = std::nearbyint(seconds * 1e9);
  return ns >= 9.2e18 ? kSimTimeMax : static_cast<SimTimeNs>(ns);
}

} // namespace

TEST_CASE("seconds_to_ns") {
  SUBCASE("whole and clamped values") {
    CHECK(seconds_to_ns(1.0) == kNsPerSecond);
    CHECK(seconds_to_ns(0.0) == 0);
    CHECK(seconds_to_ns(-1.0) == 0);
    CHECK(seconds_to_ns(std::numeric_limits<double>::quiet_NaN()) == 0);
    CHECK(seconds_to_ns(1e10) == kSimTimeMax);
    CHECK(seconds_to_ns(std::numeric_limits<double>::infinity()) == kSimTimeMax);
  }
  SUBCASE("halves of a nanosecond round as nearbyint does") {
    for (const double ns : {0.5, 1.5, 2.5, 3.5, 1e6 + 0.5, 4503599627370495.5}) {
      CHECK(seconds_to_ns(ns * 1e-9) == reference_ns(ns * 1e-9));
    }
  }
  SUBCASE("the same as nearbyint over every magnitude") {
    std::mt19937_64 rng(2026);
    std::uniform_real_distribution<double> exponent(-12.0, 10.0);
    for (int i = 0; i < 1'000'000; ++i) {
      const double seconds = std::pow(10.0, exponent(rng));
      REQUIRE(seconds_to_ns(seconds) == reference_ns(seconds));
    }
  }
  SUBCASE("around 2^52 ns, where doubles become integers") {
    const double two_to_52_ns = 4503599627370496.0;
    for (double ns = two_to_52_ns - 8.0; ns <= two_to_52_ns + 8.0; ns = std::nextafter(ns, 1e300)) {
      CHECK(seconds_to_ns(ns * 1e-9) == reference_ns(ns * 1e-9));
    }
  }
}
