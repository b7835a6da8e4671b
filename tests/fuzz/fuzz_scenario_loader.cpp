// libFuzzer entry point for the scenario loader: every input either loads or is rejected
// with a ScenarioError (the one-line message the CLI prints). Any other exception, a crash,
// a hang or a sanitizer report is a finding.
#include "models/scenario_loader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  try {
    capsim::parse_scenario(text, "fuzz.json");
  } catch (const capsim::ScenarioError &) {
    // Bad input, reported as such: the expected outcome.
  }
  return 0;
}
