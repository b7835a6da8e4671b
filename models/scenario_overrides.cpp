// --set overrides (see scenario_overrides.hpp).
#include "models/scenario_overrides.hpp"

#include "models/scenario_error.hpp"

namespace capsim {
namespace {

[[noreturn]] void reject(const std::string &text, const std::string &why) {
  throw ScenarioError("command line", "--set", "expected " + why + ", found \"" + text + "\"");
}

/// "a.b.c" as "/a/b/c", each name escaped as RFC 6901 asks (~ as ~0, / as ~1).
std::string dotted_to_pointer(const std::string &path) {
  std::string pointer = "/";
  for (const char c : path) {
    pointer += c == '.' ? std::string("/") : c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  }
  return pointer;
}

} // namespace

ScenarioOverride parse_override(const std::string &assignment) {
  const std::size_t equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    reject(assignment, "PATH=VALUE, e.g. nodes.app.instances=4");
  }
  const std::string path = assignment.substr(0, equals);
  const std::string value = assignment.substr(equals + 1);
  ScenarioOverride result;
  result.text = assignment;
  result.pointer = path.front() == '/' ? path : dotted_to_pointer(path);
  if (result.pointer.find("//") != std::string::npos || result.pointer.back() == '/') {
    reject(assignment, "a path without empty names");
  }
  result.value = nlohmann::ordered_json::parse(value, nullptr, /*allow_exceptions=*/false);
  if (result.value.is_discarded()) {
    result.value = value; // not JSON: a plain string such as 250ms
  }
  return result;
}

void apply_override(nlohmann::ordered_json &document, const ScenarioOverride &override_value) {
  nlohmann::ordered_json::json_pointer pointer;
  try {
    pointer = nlohmann::ordered_json::json_pointer(override_value.pointer);
  } catch (const nlohmann::json::exception &) {
    reject(override_value.text, "a valid JSON pointer");
  }
  const auto parent = pointer.parent_pointer();
  if (!document.contains(parent)) {
    reject(override_value.text, "a path whose parent " + parent.to_string() + " exists");
  }
  nlohmann::ordered_json &container = document[parent];
  if (container.is_array()) {
    const std::string &index = pointer.back();
    if (index.empty() || index.find_first_not_of("0123456789") != std::string::npos ||
        std::stoull(index) >= container.size()) {
      reject(override_value.text, "an index of the " + std::to_string(container.size()) +
                                      "-element array at " + parent.to_string());
    }
  } else if (!container.is_object()) {
    reject(override_value.text, "a path inside an object or array, but " + parent.to_string() +
                                    " is a " + container.type_name());
  }
  document[pointer] = override_value.value;
}

} // namespace capsim
