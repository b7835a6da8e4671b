#pragma once
// Numbers for people: "183 ms", "1,234,567", "3.60/s", "85.3%". Three significant
// digits unless stated; used by every terminal table and report.
#include <cstdint>
#include <string>

namespace capsim {

/// A duration with the unit that keeps it readable: "850 ns", "45.2 us", "183 ms",
/// "1.25 s", "12.5 min", "3.20 h".
std::string format_duration_s(double seconds);
/// As format_duration_s, but two days or more in days: "30.0 d" (MTBFs, outages).
std::string format_long_duration_s(double seconds);
/// An integer with thousands separators: "1,234,567".
std::string format_count(std::int64_t count);
/// A rate per second with k/M suffixes: "3.60/s", "12.4k/s", "1.20M/s".
std::string format_rate_per_s(double rate_per_s);
/// A fraction as a percentage: 0.853 -> "85.3%".
std::string format_percent(double fraction);
/// Enough decimals (1 to 6) to show the first digit of the unavailability: 99.862%, 99.99971%.
int availability_decimals(double availability);
/// An availability with those decimals: 0.99862 -> "99.862%".
std::string format_availability(double availability);
/// Decimal units: "512 B", "1.50 MB", "2.10 GB".
std::string format_bytes(double bytes);
/// Dollars: "$12,340" from $100 up (whole dollars), "$12.34" from $1, "$0.0123" or "$0.0000456"
/// below.
std::string format_usd(double usd);
/// A number with `significant` significant digits, no exponent for ordinary magnitudes.
std::string format_significant(double value, int significant = 3);

} // namespace capsim
