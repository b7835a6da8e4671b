#pragma once
// JsonReader: a view of one value in a JSON document that knows its JSON pointer, so every
// complaint becomes a ScenarioError "file: /pointer: expected X, found Y". Loaders are
// written against it: each accessor checks the type and domain it promises, and only_keys
// rejects unknown keys with a did-you-mean suggestion.
#include "models/scenario_error.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace capsim {

/// What all readers of one document share.
struct LoadContext {
  std::string file;                // the document's path as given, for messages
  std::filesystem::path directory; // relative paths inside the document resolve against it
};

/// A key as one RFC 6901 pointer segment: "~" becomes "~0" and "/" becomes "~1" (control
/// characters are shown as \u00XX, keeping messages on one line).
std::string escape_pointer_segment(std::string_view key);

class JsonReader {
public:
  /// `pointer` locates `value` in its document ("" for the root); `value` and `context`
  /// must outlive the reader and every reader derived from it.
  JsonReader(const nlohmann::ordered_json &value, std::string pointer, const LoadContext &context);

  const nlohmann::ordered_json &json() const { return *value_; }
  const std::string &pointer() const { return pointer_; }
  const LoadContext &context() const { return *context_; }

  // Objects. Each of these fails unless the value is an object.
  bool has(std::string_view key) const;
  /// The member `key`; fails if it is absent.
  JsonReader at(std::string_view key) const;
  /// The member `key`, or nothing if it is absent.
  std::optional<JsonReader> optional(std::string_view key) const;
  std::size_t member_count() const;
  /// Fails at the first key not in `allowed`, suggesting the closest allowed one.
  void only_keys(std::initializer_list<std::string_view> allowed) const;
  /// As above, naming what the keys are (e.g. "distribution family") instead of "key".
  void only_keys(std::span<const std::string_view> allowed, std::string_view noun) const;
  /// Calls fn(const std::string &key, const JsonReader &member) in document order.
  template <class Fn> void for_each_member(Fn &&fn) const;

  // Arrays. Each of these fails unless the value is an array.
  std::size_t element_count() const;
  /// Calls fn(std::size_t index, const JsonReader &element) in order.
  template <class Fn> void for_each_element(Fn &&fn) const;
  /// The element at `index`; fails if the array is shorter.
  JsonReader element_at(std::size_t index) const;

  // Scalars.
  double number() const;
  /// A number in [0, 1]; `what` names it in the message, e.g. "a share".
  double in_unit_interval(std::string_view what) const;
  double probability() const { return in_unit_interval("a probability"); }
  /// A whole number (1 and 1.0 both count) in [min, max].
  std::int64_t integer_in(std::int64_t min, std::int64_t max) const;
  std::int64_t integer_at_least(std::int64_t min) const;
  int int_at_least(int min) const;
  /// Seconds: a number of seconds or a duration string such as "250ms"; >= 0.
  double duration_s() const;
  double positive_duration_s() const;
  /// Per second: a number per second or a rate string such as "3.6/s"; > 0.
  double positive_rate_per_s() const;
  /// Bytes: a number of bytes or a size string such as "250KB"; >= 0.
  double bytes() const;
  std::string string() const;
  bool boolean() const;
  /// The index in `names` of this string value; `what` names it, e.g. "a node type".
  std::size_t one_of(std::string_view what, std::span<const std::string> names) const;
  /// The enumerator paired with this string value among `options`.
  template <class Enum>
  Enum choice(std::string_view what,
              std::initializer_list<std::pair<std::string_view, Enum>> options) const;

  // Errors.
  /// The value as shown after "found": -3, "abc", true, an object, an empty array, ...
  std::string describe() const;
  /// Throws "expected <expected_and_found>" at this value's pointer.
  [[noreturn]] void fail(std::string_view expected_and_found) const;
  /// Throws "expected <expected>, found <describe()>" at this value's pointer.
  [[noreturn]] void fail_expected(std::string_view expected) const;

private:
  void require_object() const;
  void require_array() const;
  JsonReader member(const std::string &key, const nlohmann::ordered_json &value) const;
  JsonReader element(std::size_t index) const;
  double non_negative_quantity(double (*parse)(std::string_view), std::string_view syntax,
                               std::string_view non_negative) const;
  [[noreturn]] void raise(std::string message) const;

  const nlohmann::ordered_json *value_;
  std::string pointer_;
  const LoadContext *context_;
};

template <class Fn> void JsonReader::for_each_member(Fn &&fn) const {
  require_object();
  for (const auto &[key, value] : value_->get_ref<const nlohmann::ordered_json::object_t &>()) {
    fn(key, member(key, value));
  }
}

template <class Fn> void JsonReader::for_each_element(Fn &&fn) const {
  require_array();
  for (std::size_t index = 0; index < value_->size(); ++index) {
    fn(index, element(index));
  }
}

template <class Enum>
Enum JsonReader::choice(std::string_view what,
                        std::initializer_list<std::pair<std::string_view, Enum>> options) const {
  std::vector<std::string> names;
  for (const auto &option : options) {
    names.emplace_back(option.first);
  }
  return std::next(options.begin(), static_cast<std::ptrdiff_t>(one_of(what, names)))->second;
}

} // namespace capsim
