// Numbers for people (models/human_format): units, separators and the edge cases (zero,
// infinities, NaN, rounding that carries into the next unit) every report relies on.
#include "models/human_format.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace capsim;

TEST_CASE("durations pick the unit that keeps them readable") {
  CHECK(format_duration_s(0.183) == "183 ms");
  CHECK(format_duration_s(1.25) == "1.25 s");
  CHECK(format_duration_s(750.0) == "12.5 min");
  CHECK(format_duration_s(850e-9) == "850 ns");
  CHECK(format_duration_s(0.0) == "0 s");
  SUBCASE("rounding that carries moves to the next unit") {
    CHECK(format_duration_s(0.9999) == "1.00 s");
  }
  CHECK(format_long_duration_s(30.0 * 86'400.0) == "30.0 d");
  CHECK(format_long_duration_s(3600.0) == "1.00 h");
}

TEST_CASE("counts, rates, bytes and percentages") {
  CHECK(format_count(1'234'567) == "1,234,567");
  CHECK(format_count(-1'000) == "-1,000");
  CHECK(format_count(0) == "0");
  CHECK(format_rate_per_s(3.6) == "3.60/s");
  CHECK(format_rate_per_s(12'400.0) == "12.4k/s");
  CHECK(format_rate_per_s(1.2e6) == "1.20M/s");
  CHECK(format_bytes(512.0) == "512 B");
  CHECK(format_bytes(1.5e6) == "1.50 MB");
  CHECK(format_percent(0.853) == "85.3%");
  CHECK(format_percent(0.05) == "5.0%");
}

TEST_CASE("dollars: whole from $100, cents from $1, three significant digits below") {
  CHECK(format_usd(12'340.4) == "$12,340");
  CHECK(format_usd(12.344) == "$12.34");
  CHECK(format_usd(0.0123) == "$0.0123");
  CHECK(format_usd(0.0000456) == "$0.0000456");
  CHECK(format_usd(-250.0) == "-$250");
  SUBCASE("zero and non-finite amounts are well defined") {
    CHECK(format_usd(0.0) == "$0.00");
    CHECK(format_usd(-0.0) == "$0.00");
    CHECK(format_usd(std::numeric_limits<double>::quiet_NaN()) == "n/a");
    CHECK(format_usd(std::numeric_limits<double>::infinity()) == "n/a");
  }
}

TEST_CASE("significant digits never print an exponent for ordinary magnitudes") {
  CHECK(format_significant(0.0) == "0");
  CHECK(format_significant(123.456) == "123");
  CHECK(format_significant(0.9996) == "1.00");
  CHECK(format_significant(std::nan("")) == "n/a");
}
