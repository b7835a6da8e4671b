#pragma once
// What-if overrides (`--set PATH=VALUE`): a scenario value replaced before the scenario is
// read, so an override is validated exactly like the file. PATH is a JSON pointer
// ("/nodes/app/instances/max") or a dotted path ("nodes.app.instances.max"; use the pointer
// form for names containing dots); VALUE is JSON (64, true, {"constant": "5ms"}, "a") or,
// when it is not valid JSON, a plain string (250ms, 3.6/s).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace capsim {

struct ScenarioOverride {
  std::string pointer; ///< RFC 6901, from either path form
  nlohmann::ordered_json value;
  std::string text; ///< as given, for messages
};

/// Parses "PATH=VALUE"; throws ScenarioError("command line", "--set", ...) when malformed.
ScenarioOverride parse_override(const std::string &assignment);

/// Sets the value at the override's pointer. Its parent must exist (an object gains or
/// replaces the member; an array element must exist); throws ScenarioError otherwise.
void apply_override(nlohmann::ordered_json &document, const ScenarioOverride &override_value);

} // namespace capsim
