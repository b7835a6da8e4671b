// Human-readable number formatting (see human_format.hpp).
#include "models/human_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace capsim {

std::string format_significant(double value, int significant) {
  if (value == 0.0 || !std::isfinite(value)) {
    return value == 0.0 ? "0" : (std::isnan(value) ? "n/a" : (value > 0 ? "inf" : "-inf"));
  }
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  if (magnitude < -3) {
    char scientific[32];
    std::snprintf(scientific, sizeof scientific, "%.*e", significant - 1, value);
    return scientific;
  }
  int decimals = std::max(0, significant - 1 - magnitude);
  // Rounding may carry into the next power of ten (0.9996 -> 1.000): drop that extra digit.
  if (decimals > 0 &&
      std::fabs(std::round(value * std::pow(10.0, decimals))) >= std::pow(10.0, significant)) {
    --decimals;
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string format_duration_s(double seconds) {
  struct Unit {
    double seconds;
    const char *name;
  };
  static constexpr Unit kUnits[] = {{3600.0, "h"}, {60.0, "min"}, {1.0, "s"},
                                    {1e-3, "ms"},  {1e-6, "us"},  {1e-9, "ns"}};
  if (!std::isfinite(seconds)) {
    return format_significant(seconds);
  }
  for (const Unit &unit : kUnits) {
    if (std::fabs(seconds) >= unit.seconds * 0.9995) {
      return format_significant(seconds / unit.seconds) + " " + unit.name;
    }
  }
  return seconds == 0.0 ? "0 s" : format_significant(seconds / 1e-9) + " ns";
}

std::string format_long_duration_s(double seconds) {
  constexpr double kSecondsPerDay = 86'400.0;
  return seconds >= 2.0 * kSecondsPerDay ? format_significant(seconds / kSecondsPerDay) + " d"
                                         : format_duration_s(seconds);
}

std::string format_count(std::int64_t count) {
  const std::string digits = std::to_string(count < 0 ? -count : count);
  std::string grouped = count < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      grouped += ',';
    }
    grouped += digits[i];
  }
  return grouped;
}

std::string format_usd(double usd) {
  if (!std::isfinite(usd)) {
    return "n/a";
  }
  const std::string sign = usd < 0.0 ? "-" : "";
  const double amount = std::fabs(usd);
  if (amount == 0.0) {
    return "$0.00";
  }
  if (amount >= 99.5) {
    return sign + "$" + format_count(std::llround(amount));
  }
  if (amount >= 0.995) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", amount);
    return sign + "$" + text;
  }
  // Three significant digits, never an exponent: $0.0123, $0.0000456.
  const int decimals = std::clamp(2 - static_cast<int>(std::floor(std::log10(amount))), 2, 12);
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, amount);
  return sign + "$" + text;
}

std::string format_rate_per_s(double rate_per_s) {
  if (std::fabs(rate_per_s) >= 999.5e3) {
    return format_significant(rate_per_s / 1e6) + "M/s";
  }
  if (std::fabs(rate_per_s) >= 999.5) {
    return format_significant(rate_per_s / 1e3) + "k/s";
  }
  return format_significant(rate_per_s) + "/s";
}

std::string format_bytes(double bytes) {
  static constexpr const char *kUnits[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  std::size_t unit = 0;
  while (std::fabs(bytes) >= 999.5 && unit + 1 < std::size(kUnits)) {
    bytes /= 1000.0;
    ++unit;
  }
  return format_significant(bytes) + " " + kUnits[unit];
}

int availability_decimals(double availability) {
  constexpr int kMaxDecimals = 6;
  const double unavailability = 1.0 - availability;
  if (!(unavailability > 0.0)) {
    return 1;
  }
  // The tolerance keeps 1 - 0.999 (not exactly 1e-3 in binary) at three decimals.
  return std::clamp(static_cast<int>(std::ceil(-std::log10(unavailability) - 1e-9)), 1,
                    kMaxDecimals);
}

std::string format_availability(double availability) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f%%", availability_decimals(availability),
                100.0 * availability);
  return text;
}

std::string format_percent(double fraction) {
  return format_significant(fraction * 100.0, fraction >= 0.1 ? 3 : 2) + "%";
}

} // namespace capsim
