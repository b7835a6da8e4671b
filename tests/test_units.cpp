// Durations and rates with units: every unit and multiplier, exponents, and the strictness
// that rejects spaces, signs, missing or unknown units and non-finite numbers.
#include "models/units.hpp"

#include <doctest/doctest.h>

#include "relative_approx.hpp"
#include <string>

using namespace capsim;

namespace {

std::string duration_error(std::string_view text) {
  try {
    parse_duration_s(text);
  } catch (const UnitError &error) {
    return error.what();
  }
  return "no error";
}

std::string rate_error(std::string_view text) {
  try {
    parse_rate_per_s(text);
  } catch (const UnitError &error) {
    return error.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("durations") {
  SUBCASE("every unit") {
    CHECK(parse_duration_s("250ns") == capsim::testing::approx(250e-9));
    CHECK(parse_duration_s("250us") == capsim::testing::approx(250e-6));
    CHECK(parse_duration_s("250ms") == capsim::testing::approx(0.25));
    CHECK(parse_duration_s("1.5s") == 1.5);
    CHECK(parse_duration_s("30m") == 1800.0);
    CHECK(parse_duration_s("6h") == 21600.0);
    CHECK(parse_duration_s("2d") == 172800.0);
  }
  SUBCASE("exponents, fractions and zero") {
    CHECK(parse_duration_s("1e-3s") == capsim::testing::approx(1e-3));
    CHECK(parse_duration_s("2E3ms") == capsim::testing::approx(2.0));
    CHECK(parse_duration_s(".5h") == 1800.0);
    CHECK(parse_duration_s("0s") == 0.0);
  }
  SUBCASE("the exact message") {
    CHECK(duration_error("5 parsecs") ==
          R"(a duration such as "250ms" or "1.5s" (units ns us ms s m h d), found "5 parsecs")");
    CHECK(duration_error(R"(1"s)") ==
          R"(a duration such as "250ms" or "1.5s" (units ns us ms s m h d), found "1\"s")");
  }
  SUBCASE("garbage is rejected") {
    for (const char *text :
         {"",   "s",      "5",      "5 s",  " 2h",  "2h ",   "+2h",  "-2h",  "2 h",  "2hours",
          "2H", "1e999s", "1e308d", "infs", "nans", "0x10s", "1,5s", "5mss", "1.5e", "5/s"}) {
      CAPTURE(text);
      CHECK_THROWS_AS(parse_duration_s(text), UnitError);
    }
  }
}

TEST_CASE("rates") {
  SUBCASE("every period and multiplier") {
    CHECK(parse_rate_per_s("3.6/s") == 3.6);
    CHECK(parse_rate_per_s("120/m") == 2.0);
    CHECK(parse_rate_per_s("50k/m") == capsim::testing::approx(50000.0 / 60.0));
    CHECK(parse_rate_per_s("1M/h") == capsim::testing::approx(1e6 / 3600.0));
    CHECK(parse_rate_per_s("86.4k/d") == capsim::testing::approx(1.0));
    CHECK(parse_rate_per_s("1e2/s") == 100.0);
    CHECK(parse_rate_per_s("0/s") == 0.0);
  }
  SUBCASE("the exact message") {
    CHECK(
        rate_error("3.6 per second") ==
        R"(a rate such as "3.6/s" or "50k/m" (a number, optionally k or M, then /s /m /h or /d), found "3.6 per second")");
  }
  SUBCASE("garbage is rejected") {
    for (const char *text :
         {"", "/s", "3.6", "3.6/", "3.6/ms", "3.6/sec", "3.6 /s", " 3.6/s", "-1/s", "+1/s", "1K/s",
          "1m/s", "1kk/s", "1k", "1e999/s", "inf/s", "nan/s", "1/s/s"}) {
      CAPTURE(text);
      CHECK_THROWS_AS(parse_rate_per_s(text), UnitError);
    }
  }
}
