#pragma once
// Reading a scenario's named load profiles ("profiles") and the one in use ("profile").
#include "models/json_reader.hpp"
#include "models/scenario.hpp"

#include <vector>

namespace capsim {

std::vector<ProfileSpec> read_profiles(const JsonReader &profiles, const WorkloadSpec &workload);

} // namespace capsim
