// libFuzzer entry point for the unit parsers: parse_duration_s and parse_rate_per_s either
// throw UnitError or return a finite value >= 0, as units.hpp promises. Anything else (another
// exception, a negative or non-finite value, a sanitizer report) is a finding.
#include "models/units.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  for (const auto parse : {capsim::parse_duration_s, capsim::parse_rate_per_s}) {
    try {
      const double value = parse(text);
      if (!std::isfinite(value) || value < 0.0) {
        std::abort();
      }
    } catch (const capsim::UnitError &) {
      // Not a duration (or rate): the expected outcome for most inputs.
    }
  }
  return 0;
}
