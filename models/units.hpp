#pragma once
// Durations and rates written with units, as scenarios and the command line spell them:
// "250ms", "1.5s", "30m", "1e-3s", "3.6/s", "50k/m", "1M/h" and sizes "250KB", "2GiB". Parsing is
// strict: no spaces, no sign, a finite number and one of the listed units, nothing else.
#include <stdexcept>
#include <string_view>

namespace capsim {

/// How each quantity is described in "expected ..." messages.
inline constexpr std::string_view kDurationSyntax =
    R"(a duration such as "250ms" or "1.5s" (units ns us ms s m h d))";
inline constexpr std::string_view kRateSyntax =
    R"(a rate such as "3.6/s" or "50k/m" (a number, optionally k or M, then /s /m /h or /d))";

inline constexpr std::string_view kBytesSyntax =
    R"(a size such as "250KB" or "1.5GiB" (units B KB MB GB TB, or KiB MiB GiB TiB))";

/// Thrown for text that is not a duration (or rate). what() completes "expected ...":
/// e.g. `a duration such as "250ms" or "1.5s" (units ns us ms s m h d), found "5 parsecs"`.
class UnitError : public std::invalid_argument {
public:
  UnitError(std::string_view syntax, std::string_view text);
};

/// "<number><unit>" with unit ns|us|ms|s|m|h|d, in seconds (>= 0).
double parse_duration_s(std::string_view text);

/// "<number>[k|M]/<unit>" with unit s|m|h|d, in events per second (>= 0).
double parse_rate_per_s(std::string_view text);

/// "<number><unit>" with unit B|KB|MB|GB|TB (powers of 1000) or KiB|MiB|GiB|TiB (of 1024),
/// in bytes (>= 0).
double parse_bytes(std::string_view text);

} // namespace capsim
