#pragma once
// Reading a distribution from a scenario: {"<family>": <parameters>} (DESIGN §3), shared by
// the loaders of the workload and of the nodes.
#include "models/json_reader.hpp"
#include "sim/distribution.hpp"

namespace capsim {

/// A parameter outside the family's domain is reported at `spec`.
Distribution read_distribution(const JsonReader &spec);

} // namespace capsim
