#pragma once
// A validator for the subset of JSON Schema (draft 2020-12) that scenarios/schema.json uses:
// type, properties, required, additionalProperties, enum, const, pattern (std::regex,
// ECMAScript, unanchored as the standard says), minimum, exclusiveMinimum, maximum, items,
// minItems, minProperties, maxProperties, oneOf, anyOf, boolean schemas and $ref to
// "#/$defs/NAME"; annotations ($schema, $comment, title, description) are accepted and
// ignored. The constructor rejects any other keyword, so the schema cannot start using one
// that this validator would silently skip.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace capsim::test {

using Json = nlohmann::ordered_json;

/// A schema that uses a keyword outside the subset, or uses one wrongly.
class UnsupportedSchema : public std::logic_error {
public:
  using std::logic_error::logic_error;
};

class SchemaSubset {
public:
  /// Checks every keyword of `schema` and compiles its patterns; throws UnsupportedSchema.
  explicit SchemaSubset(Json schema) : root_(std::move(schema)) { check(root_, "#"); }

  const Json &root() const { return root_; }

  /// Every violation of `schema` (the root unless given; a subschema of root()) by
  /// `instance`, each as "<instance pointer>: <what>"; empty when the instance is valid.
  std::vector<std::string> errors(const Json &instance) const { return errors(instance, root_); }
  std::vector<std::string> errors(const Json &instance, const Json &schema) const {
    std::vector<std::string> found;
    validate(instance, schema, "", found);
    return found;
  }

  /// The subschema that `ref` ("#/$defs/NAME") names.
  const Json &resolve(std::string_view ref) const {
    constexpr std::string_view prefix = "#/$defs/";
    if (!ref.starts_with(prefix) || !root_.contains("$defs") ||
        !root_["$defs"].contains(ref.substr(prefix.size()))) {
      throw UnsupportedSchema("$ref " + std::string(ref) + " does not name an entry of $defs");
    }
    return root_["$defs"][std::string(ref.substr(prefix.size()))];
  }

  /// `schema` and every subschema that applies to `instance` through it: $ref targets and
  /// the oneOf / anyOf branches that `instance` satisfies, recursively. Together they say
  /// which keys an object at `schema` may have.
  std::vector<const Json *> applicable(const Json &schema, const Json &instance) const {
    std::vector<const Json *> found{&schema};
    if (!schema.is_object()) {
      return found;
    }
    if (schema.contains("$ref")) {
      append(found, applicable(resolve(schema["$ref"].get<std::string>()), instance));
    }
    for (const char *keyword : {"oneOf", "anyOf"}) {
      if (schema.contains(keyword)) {
        for (const Json &branch : schema[keyword]) {
          if (errors(instance, branch).empty()) {
            append(found, applicable(branch, instance));
          }
        }
      }
    }
    return found;
  }

private:
  static void append(std::vector<const Json *> &to, const std::vector<const Json *> &more) {
    to.insert(to.end(), more.begin(), more.end());
  }

  static bool is_annotation(std::string_view keyword) {
    return keyword == "$schema" || keyword == "$comment" || keyword == "title" ||
           keyword == "description";
  }

  static bool is_type_name(const Json &name) {
    static const std::set<std::string> names{"null",   "boolean", "object", "array",
                                             "number", "integer", "string"};
    return name.is_string() && names.contains(name.get<std::string>());
  }

  static std::string escape(std::string_view key) {
    std::string escaped;
    for (const char c : key) {
      escaped += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    }
    return escaped;
  }

  static bool has_type(const Json &instance, std::string_view type) {
    if (type == "integer") {
      return instance.is_number_integer() ||
             (instance.is_number_float() &&
              std::trunc(instance.get<double>()) == instance.get<double>());
    }
    return (type == "number" && instance.is_number()) ||
           (type == "string" && instance.is_string()) ||
           (type == "boolean" && instance.is_boolean()) ||
           (type == "object" && instance.is_object()) || (type == "array" && instance.is_array()) ||
           (type == "null" && instance.is_null());
  }

  // ---- Checking the schema ----------------------------------------------------------------

  [[noreturn]] static void unsupported(const std::string &where, const std::string &what) {
    throw UnsupportedSchema(where + ": " + what);
  }

  static void require(bool condition, const std::string &where, const std::string &what) {
    if (!condition) {
      unsupported(where, what);
    }
  }

  void check(const Json &schema, const std::string &where) {
    if (schema.is_boolean()) {
      return;
    }
    if (!schema.is_object()) {
      unsupported(where, "a schema must be an object or a boolean");
    }
    for (const auto &[keyword, value] : schema.items()) {
      check_keyword(keyword, value, where + "/" + escape(keyword));
    }
  }

  void check_keyword(const std::string &keyword, const Json &value, const std::string &where) {
    if (is_annotation(keyword) || keyword == "const") {
      return;
    }
    if (keyword == "$defs" || keyword == "properties") {
      require(value.is_object(), where, "must be an object");
      for (const auto &[name, subschema] : value.items()) {
        check(subschema, where + "/" + escape(name));
      }
    } else if (keyword == "additionalProperties" || keyword == "items") {
      check(value, where);
    } else if (keyword == "oneOf" || keyword == "anyOf" || keyword == "enum") {
      require(value.is_array() && !value.empty(), where, "must be a non-empty array");
      for (std::size_t i = 0; keyword != "enum" && i < value.size(); ++i) {
        check(value[i], where + "/" + std::to_string(i));
      }
    } else if (keyword == "$ref") {
      require(value.is_string(), where, "must be a string");
      resolve(value.get<std::string>());
    } else if (keyword == "type") {
      check_type(value, where);
    } else if (keyword == "required") {
      check_required(value, where);
    } else if (keyword == "pattern") {
      check_pattern(value, where);
    } else if (keyword == "minimum" || keyword == "exclusiveMinimum" || keyword == "maximum") {
      require(value.is_number(), where, "must be a number");
    } else if (keyword == "minItems" || keyword == "minProperties" || keyword == "maxProperties") {
      require(value.is_number_unsigned(), where, "must be a non-negative integer");
    } else {
      unsupported(where, "keyword outside the supported subset of JSON Schema");
    }
  }

  void check_pattern(const Json &value, const std::string &where) {
    require(value.is_string(), where, "must be a string");
    try {
      patterns_.try_emplace(value.get<std::string>(), value.get<std::string>(),
                            std::regex::ECMAScript);
    } catch (const std::regex_error &error) {
      unsupported(where, std::string("not a regular expression: ") + error.what());
    }
  }

  static void check_type(const Json &value, const std::string &where) {
    const bool valid = is_type_name(value) ||
                       (value.is_array() && std::all_of(value.begin(), value.end(), is_type_name));
    if (!valid) {
      unsupported(where, "not a type name or an array of them");
    }
  }

  static void check_required(const Json &value, const std::string &where) {
    if (!value.is_array() || !std::all_of(value.begin(), value.end(),
                                          [](const Json &name) { return name.is_string(); })) {
      unsupported(where, "must be an array of strings");
    }
  }

  // ---- Validating an instance ---------------------------------------------------------------

  void validate(const Json &instance, const Json &schema, const std::string &pointer,
                std::vector<std::string> &found) const {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) {
        found.push_back(pointer + ": not allowed here");
      }
      return;
    }
    for (const auto &member : schema.items()) {
      validate_keyword(instance, schema, member.key(), pointer, found);
    }
  }

  /// Applies one keyword of `schema`; keywords about another instance type do not apply.
  void validate_keyword(const Json &instance, const Json &schema, const std::string &keyword,
                        const std::string &pointer, std::vector<std::string> &found) const {
    const Json &value = schema[keyword];
    const auto fail = [&](const std::string &what) { found.push_back(pointer + ": " + what); };
    if (keyword == "$ref") {
      validate(instance, resolve(value.get<std::string>()), pointer, found);
    } else if (keyword == "oneOf" || keyword == "anyOf") {
      validate_branches(instance, keyword, value, pointer, found);
    } else if (keyword == "type") {
      if (!matches_type(instance, value)) {
        fail(instance.dump() + " is not of type " + value.dump());
      }
    } else if (keyword == "enum") {
      if (std::find(value.begin(), value.end(), instance) == value.end()) {
        fail(instance.dump() + " is not one of " + value.dump());
      }
    } else if (keyword == "const") {
      if (instance != value) {
        fail(instance.dump() + " is not " + value.dump());
      }
    } else if (instance.is_number()) {
      validate_number(instance.get<double>(), keyword, value, fail);
    } else if (instance.is_string()) {
      validate_string(instance.get<std::string>(), keyword, value, fail);
    } else if (instance.is_array()) {
      validate_array(instance, keyword, value, pointer, found);
    } else if (instance.is_object()) {
      validate_object(instance, schema, keyword, pointer, found);
    }
  }

  template <class Fail>
  static void validate_number(double number, const std::string &keyword, const Json &value,
                              const Fail &fail) {
    const bool violated = (keyword == "minimum" && number < value.get<double>()) ||
                          (keyword == "exclusiveMinimum" && number <= value.get<double>()) ||
                          (keyword == "maximum" && number > value.get<double>());
    if (violated) {
      fail(Json(number).dump() + " violates " + keyword + " " + value.dump());
    }
  }

  template <class Fail>
  void validate_string(const std::string &text, const std::string &keyword, const Json &value,
                       const Fail &fail) const {
    if (keyword == "pattern" && !std::regex_search(text, patterns_.at(value.get<std::string>()))) {
      fail(Json(text).dump() + " does not match " + value.dump());
    }
  }

  static bool matches_type(const Json &instance, const Json &type) {
    if (type.is_string()) {
      return has_type(instance, type.get<std::string>());
    }
    return std::any_of(type.begin(), type.end(), [&](const Json &name) {
      return has_type(instance, name.get<std::string>());
    });
  }

  void validate_branches(const Json &instance, const std::string &keyword, const Json &branches,
                         const std::string &pointer, std::vector<std::string> &found) const {
    std::size_t matched = 0;
    std::string reasons;
    for (const Json &branch : branches) {
      std::vector<std::string> errors;
      validate(instance, branch, pointer, errors);
      matched += errors.empty() ? 1 : 0;
      for (const std::string &error : errors) {
        reasons += (reasons.empty() ? "" : "; ") + error;
      }
    }
    if (keyword == "oneOf" ? matched != 1 : matched == 0) {
      found.push_back(pointer + ": matches " + std::to_string(matched) + " of the " +
                      std::to_string(branches.size()) + " " + keyword + " branches" +
                      (matched == 0 ? " (" + reasons + ")" : ""));
    }
  }

  void validate_array(const Json &instance, const std::string &keyword, const Json &value,
                      const std::string &pointer, std::vector<std::string> &found) const {
    if (keyword == "minItems" && instance.size() < value.get<std::size_t>()) {
      found.push_back(pointer + ": fewer than " + value.dump() + " items");
    } else if (keyword == "items") {
      for (std::size_t i = 0; i < instance.size(); ++i) {
        validate(instance[i], value, pointer + "/" + std::to_string(i), found);
      }
    }
  }

  void validate_object(const Json &instance, const Json &schema, const std::string &keyword,
                       const std::string &pointer, std::vector<std::string> &found) const {
    const Json &value = schema[keyword];
    if (keyword == "required") {
      for (const Json &name : value) {
        if (!instance.contains(name.get<std::string>())) {
          found.push_back(pointer + ": missing required key " + name.dump());
        }
      }
    } else if (keyword == "minProperties" && instance.size() < value.get<std::size_t>()) {
      found.push_back(pointer + ": fewer than " + value.dump() + " keys");
    } else if (keyword == "maxProperties" && instance.size() > value.get<std::size_t>()) {
      found.push_back(pointer + ": more than " + value.dump() + " keys");
    } else if (keyword == "properties" || keyword == "additionalProperties") {
      validate_members(instance, schema, keyword, pointer, found);
    }
  }

  /// properties applies to the members it names; additionalProperties to every other member.
  void validate_members(const Json &instance, const Json &schema, const std::string &keyword,
                        const std::string &pointer, std::vector<std::string> &found) const {
    const Json no_properties = Json::object();
    const Json &properties = schema.contains("properties") ? schema["properties"] : no_properties;
    for (const auto &[name, member] : instance.items()) {
      const bool named = properties.contains(name);
      if (named == (keyword == "properties")) {
        validate(member, named ? properties[name] : schema[keyword], pointer + "/" + escape(name),
                 found);
      }
    }
  }

  Json root_;
  std::map<std::string, std::regex> patterns_;
};

} // namespace capsim::test
