// Burst arrival times drawn one at a time by order statistics: exactly the burst's jobs, in
// increasing order, within its interval, and distributed as independent uniform times are.
#include "models/burst_arrivals.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <vector>

using namespace capsim;

TEST_CASE("a burst's jobs arrive in order, within the interval, uniformly") {
  BurstSpec spec;
  spec.at_s = 10.0;
  spec.within_s = 100.0;
  spec.jobs = 200'000;
  BurstArrivals burst(spec);
  Rng rng = Rng::for_stream(7, 0, 0);
  std::vector<double> times;
  while (const std::optional<double> at_s = burst.next_s(rng)) {
    times.push_back(*at_s);
  }
  REQUIRE(times.size() == 200'000);
  CHECK(times.front() >= 10.0);
  CHECK(times.back() <= 110.0);
  bool increasing = true;
  for (std::size_t i = 1; i < times.size(); ++i) {
    increasing = increasing && times[i - 1] <= times[i];
  }
  CHECK(increasing);
  // The empirical CDF at each decile is within 0.005 of the uniform's (binomial sd 0.0011).
  std::array<std::size_t, 9> below{};
  for (const double at_s : times) {
    for (std::size_t d = 0; d < below.size(); ++d) {
      below[d] += at_s < 10.0 + 10.0 * double(d + 1) ? 1 : 0;
    }
  }
  for (std::size_t d = 0; d < below.size(); ++d) {
    CAPTURE(d);
    const double share = double(below[d]) / double(times.size());
    CHECK(std::abs(share - 0.1 * double(d + 1)) < 0.005);
  }
  CHECK_FALSE(burst.next_s(rng).has_value()); // and then no more
}
