#pragma once
// Things a valid scenario may get wrong, found before running: synchronous call cycles that
// only appear across request classes (class A holds app while calling db, class B holds db
// while calling app: with finite slots the two can deadlock), connection pools that
// together hold more connections than their database accepts, and demands whose mean is under
// 10 ns (simulated time is whole nanoseconds: each sample is rounded to one).
#include "models/scenario.hpp"

#include <string>
#include <vector>

namespace capsim {

/// One sentence per problem, in a stable order; empty when there is none.
std::vector<std::string> scenario_warnings(const Scenario &scenario);

} // namespace capsim
