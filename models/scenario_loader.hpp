#pragma once
// Scenario files: JSON (comments allowed) describing the run, the workload with its
// request classes and call trees, and the nodes (DESIGN §3). Loading validates everything
// and reports the first problem as a ScenarioError naming the file and JSON pointer.
#include "models/scenario.hpp"
#include "models/scenario_error.hpp"
#include "models/scenario_overrides.hpp"

#include <filesystem>
#include <string_view>

namespace capsim {

/// Reads and parses `file`; a missing or unreadable file is a ScenarioError with no pointer.
/// `overrides` (--set) replace values of the document before it is read.
Scenario load_scenario(const std::filesystem::path &file,
                       const std::vector<ScenarioOverride> &overrides = {});

/// Parses scenario text; `file` names it in errors, gives the default name (its stem) and
/// the directory that relative paths (empirical CSV files) resolve against.
Scenario parse_scenario(std::string_view json_text, const std::filesystem::path &file,
                        const std::vector<ScenarioOverride> &overrides = {});

} // namespace capsim
