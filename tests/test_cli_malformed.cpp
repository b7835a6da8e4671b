// Every malformed scenario of the table (malformed_scenarios.hpp) as a user meets it: written
// to s.json, `capsim validate s.json` exits 2 and prints exactly the table's one line.
#include "cli_support.hpp"
#include "malformed_scenarios.hpp"

#include <fstream>

using namespace cli_support;

TEST_CASE("every malformed scenario exits 2 with its exact line through the CLI") {
  const std::vector<malformed::Malformed> cases = malformed::malformed_scenarios();
  CHECK(cases.size() >= 60);
  const auto dir = temp_dir("malformed");
  for (const malformed::Malformed &malformed : cases) {
    SUBCASE(malformed.name.c_str()) {
      std::ofstream(dir / "s.json", std::ios::binary | std::ios::trunc) << malformed.json;
      const Outcome outcome = capsim("validate s.json", dir);
      CAPTURE(malformed.json);
      CHECK(outcome.exit_code == 2);
      CHECK(outcome.out == malformed.error + "\n");
    }
  }
}
