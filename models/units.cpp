// Strict parsing of durations and rates with units (see units.hpp): a number read with
// std::from_chars (so no locale, no leading spaces or '+'), then an exact unit suffix.
#include "models/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>

namespace capsim {
namespace {

struct Unit {
  std::string_view suffix;
  double scale;
};

constexpr std::array<Unit, 7> kDurationUnits{{{"ns", 1e-9},
                                              {"us", 1e-6},
                                              {"ms", 1e-3},
                                              {"s", 1.0},
                                              {"m", 60.0},
                                              {"h", 3600.0},
                                              {"d", 86400.0}}};
constexpr std::array<Unit, 4> kRatePeriods{
    {{"/s", 1.0}, {"/m", 60.0}, {"/h", 3600.0}, {"/d", 86400.0}}};
constexpr std::array<Unit, 9> kByteUnits{{{"B", 1.0},
                                          {"KB", 1e3},
                                          {"MB", 1e6},
                                          {"GB", 1e9},
                                          {"TB", 1e12},
                                          {"KiB", 1024.0},
                                          {"MiB", 1048576.0},
                                          {"GiB", 1073741824.0},
                                          {"TiB", 1099511627776.0}}};
constexpr std::array<Unit, 3> kRateMultipliers{{{"", 1.0}, {"k", 1e3}, {"M", 1e6}}};

std::string quoted(std::string_view text) {
  std::string result = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      result += '\\';
    }
    result += c;
  }
  return result + '"';
}

/// A finite, non-negative number at the start of `text`; `text` is advanced past it.
std::optional<double> take_number(std::string_view &text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || !std::isfinite(value) || std::signbit(value)) {
    return std::nullopt;
  }
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  return value;
}

/// The scale of the unit in `units` that `text` starts with (the longest match), and
/// `text` advanced past it.
template <std::size_t N>
std::optional<double> take_unit(std::string_view &text, const std::array<Unit, N> &units) {
  const Unit *best = nullptr;
  for (const Unit &unit : units) {
    if (text.starts_with(unit.suffix) &&
        (best == nullptr || unit.suffix.size() > best->suffix.size())) {
      best = &unit;
    }
  }
  if (best == nullptr) {
    return std::nullopt;
  }
  text.remove_prefix(best->suffix.size());
  return best->scale;
}

} // namespace

UnitError::UnitError(std::string_view syntax, std::string_view text)
    : std::invalid_argument(std::string(syntax) + ", found " + quoted(text)) {}

/// A number followed by exactly one of `units`, scaled; UnitError(syntax) otherwise.
template <std::size_t N>
double parse_scaled(std::string_view text, const std::array<Unit, N> &units,
                    std::string_view syntax) {
  std::string_view rest = text;
  const std::optional<double> number = take_number(rest);
  const std::optional<double> scale = number ? take_unit(rest, units) : std::nullopt;
  if (!scale || !rest.empty() || !std::isfinite(*number * *scale)) {
    throw UnitError(syntax, text);
  }
  return *number * *scale;
}

double parse_duration_s(std::string_view text) {
  return parse_scaled(text, kDurationUnits, kDurationSyntax);
}

double parse_bytes(std::string_view text) {
  return parse_scaled(text, kByteUnits, kBytesSyntax);
}

double parse_rate_per_s(std::string_view text) {
  std::string_view rest = text;
  const std::optional<double> number = take_number(rest);
  const std::optional<double> multiplier =
      number ? take_unit(rest, kRateMultipliers) : std::nullopt;
  const std::optional<double> period = multiplier ? take_unit(rest, kRatePeriods) : std::nullopt;
  if (!period || !rest.empty() || !std::isfinite(*number * *multiplier)) {
    throw UnitError(kRateSyntax, text);
  }
  return *number * *multiplier / *period;
}

} // namespace capsim
