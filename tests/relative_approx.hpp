#pragma once
// A relative doctest::Approx. doctest's own compares |a - b| < epsilon × (1 + max(|a|, |b|))
// (its default scale is 1), so for figures well below 1 — latencies in seconds, small
// utilizations — its epsilon acts as an absolute tolerance and a check could hardly fail.
// approx(v).epsilon(e) means |a - v| < e × (max(|a|, |v|) + 1e-290): relative, with a floor
// so small that only exact zeros and denormals meet it.
#include <doctest/doctest.h>

namespace capsim::testing {

inline constexpr double kNegligible = 1e-290;

inline doctest::Approx approx(double value) {
  return doctest::Approx(value).scale(kNegligible);
}

} // namespace capsim::testing
