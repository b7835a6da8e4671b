// Random streams: reproducible, distinct per (seed, replication, stream), uniform in (0, 1).
#include "sim/rng.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <vector>

using namespace capsim;

TEST_CASE("random streams") {
  SUBCASE("the same stream reproduces its sequence") {
    Rng a = Rng::for_stream(42, 3, 7);
    Rng b = Rng::for_stream(42, 3, 7);
    for (int i = 0; i < 1000; ++i) {
      REQUIRE(a.next_u64() == b.next_u64());
    }
  }

  SUBCASE("neighbouring seeds, replications and streams differ") {
    std::set<std::uint64_t> first_draws;
    for (std::uint64_t seed = 0; seed < 8; ++seed) {
      for (std::uint64_t replication = 0; replication < 8; ++replication) {
        for (std::uint64_t stream = 0; stream < 8; ++stream) {
          first_draws.insert(Rng::for_stream(seed, replication, stream).next_u64());
        }
      }
    }
    CHECK(first_draws.size() == 512);
  }

  SUBCASE("uniform_open01 is inside (0, 1) with mean 1/2 and variance 1/12") {
    // 99.9% normal bands: 3.29 standard errors; the variance of U is 1/12 and that of
    // (U - 1/2)^2 is 1/180.
    Rng rng(1);
    constexpr int kDraws = 1'000'000;
    double sum = 0.0;
    double sum_squares = 0.0;
    for (int i = 0; i < kDraws; ++i) {
      const double u = rng.uniform_open01();
      REQUIRE(u > 0.0);
      REQUIRE(u < 1.0);
      sum += u;
      sum_squares += (u - 0.5) * (u - 0.5);
    }
    CHECK(std::fabs(sum / kDraws - 0.5) <= 3.29 * std::sqrt(1.0 / 12.0 / kDraws));
    CHECK(std::fabs(sum_squares / kDraws - 1.0 / 12.0) <= 3.29 * std::sqrt(1.0 / 180.0 / kDraws));
  }

  SUBCASE("below(n) covers [0, n) evenly") {
    // Chi-square over 10 cells with 9 degrees of freedom: the 99.9% point is 27.88.
    Rng rng(2);
    std::vector<int> counts(10, 0);
    constexpr int kDraws = 100'000;
    for (int i = 0; i < kDraws; ++i) {
      const std::uint64_t value = rng.below(10);
      REQUIRE(value < 10);
      ++counts[value];
    }
    double chi_square = 0.0;
    for (const int count : counts) {
      chi_square += (count - kDraws / 10.0) * (count - kDraws / 10.0) / (kDraws / 10.0);
    }
    CHECK(chi_square < 27.88);
  }
}
