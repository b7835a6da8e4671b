// JsonReader (see json_reader.hpp): typed access to a JSON value with errors that name the
// file, the RFC 6901 pointer, what was expected and what was found, plus the edit-distance
// suggestions behind "did you mean ...?".
#include "models/json_reader.hpp"

#include "models/units.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace capsim {
namespace {

constexpr std::size_t kMaxShownStringLength = 40;

/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
/// adjacent characters each cost 1.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) {
    d[i][0] = i;
  }
  for (std::size_t j = 0; j <= b.size(); ++j) {
    d[0][j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

/// The candidate closest to `given`, if it is close enough to be a plausible typo.
template <class Names>
std::optional<std::string> closest_name(std::string_view given, const Names &candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const auto &candidate : candidates) {
    const std::string_view name = candidate;
    const std::size_t distance = edit_distance(given, name);
    const std::size_t tolerance = std::max<std::size_t>(1, std::max(given.size(), name.size()) / 3);
    if (distance <= tolerance && distance < best_distance) {
      best = std::string(name);
      best_distance = distance;
    }
  }
  return best;
}

template <class Names> std::string did_you_mean(std::string_view given, const Names &candidates) {
  const std::optional<std::string> suggestion = closest_name(given, candidates);
  return suggestion ? "; did you mean \"" + *suggestion + "\"?" : "";
}

template <class Names> std::string joined(const Names &names) {
  std::string text;
  for (const auto &name : names) {
    text += text.empty() ? "" : ", ";
    text += name;
  }
  return text;
}

} // namespace

std::string escape_pointer_segment(std::string_view key) {
  std::string escaped;
  for (const char c : key) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      // Control characters would break the one-line error message; show them as JSON does.
      char code[7];
      std::snprintf(code, sizeof code, "\\u%04x", static_cast<unsigned>(c));
      escaped += code;
    } else {
      escaped += c;
    }
  }
  return escaped;
}

JsonReader::JsonReader(const nlohmann::ordered_json &value, std::string pointer,
                       const LoadContext &context)
    : value_(&value), pointer_(std::move(pointer)), context_(&context) {}

bool JsonReader::has(std::string_view key) const {
  require_object();
  return value_->contains(key);
}

JsonReader JsonReader::at(std::string_view key) const {
  std::optional<JsonReader> found = optional(key);
  if (!found) {
    fail("a \"" + std::string(key) + "\" key, found an object without one");
  }
  return *found;
}

std::optional<JsonReader> JsonReader::optional(std::string_view key) const {
  require_object();
  const auto found = value_->find(key);
  if (found == value_->end()) {
    return std::nullopt;
  }
  return member(found.key(), found.value());
}

std::size_t JsonReader::member_count() const {
  require_object();
  return value_->size();
}

void JsonReader::only_keys(std::initializer_list<std::string_view> allowed) const {
  only_keys(std::span(allowed.begin(), allowed.size()), "key");
}

void JsonReader::only_keys(std::span<const std::string_view> allowed, std::string_view noun) const {
  require_object();
  std::vector<std::string_view> sorted(allowed.begin(), allowed.end());
  std::sort(sorted.begin(), sorted.end());
  for (const auto &[key, value] : value_->get_ref<const nlohmann::ordered_json::object_t &>()) {
    if (!std::binary_search(sorted.begin(), sorted.end(), key)) {
      member(key, value)
          .raise("unknown " + std::string(noun) + did_you_mean(key, sorted) +
                 " (allowed: " + joined(sorted) + ")");
    }
  }
}

std::size_t JsonReader::element_count() const {
  require_array();
  return value_->size();
}

double JsonReader::number() const {
  if (!value_->is_number()) {
    fail_expected("a number");
  }
  return value_->get<double>();
}

double JsonReader::in_unit_interval(std::string_view what) const {
  if (!value_->is_number() || value_->get<double>() < 0.0 || value_->get<double>() > 1.0) {
    fail_expected(std::string(what) + " in [0, 1]");
  }
  return value_->get<double>();
}

std::int64_t JsonReader::integer_in(std::int64_t min, std::int64_t max) const {
  constexpr double kInt64Limit = 9223372036854775808.0; // 2^63
  const std::string at_least = "an integer >= " + std::to_string(min);
  const std::string at_most = "an integer <= " + std::to_string(max);
  // Values beyond the int64 range are rejected before they are converted.
  if (value_->is_number_unsigned() &&
      value_->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    fail_expected(at_most);
  }
  if (value_->is_number_float()) {
    const double value = value_->get<double>();
    if (value != std::trunc(value)) {
      fail_expected(at_least);
    }
    if (value >= kInt64Limit) {
      fail_expected(at_most);
    }
    if (value < -kInt64Limit) {
      fail_expected(at_least);
    }
  } else if (!value_->is_number_integer()) {
    fail_expected(at_least);
  }
  const auto value = value_->get<std::int64_t>();
  if (value < min) {
    fail_expected(at_least);
  }
  if (value > max) {
    fail_expected(at_most);
  }
  return value;
}

std::int64_t JsonReader::integer_at_least(std::int64_t min) const {
  return integer_in(min, std::numeric_limits<std::int64_t>::max());
}

int JsonReader::int_at_least(int min) const {
  return static_cast<int>(integer_in(min, std::numeric_limits<int>::max()));
}

double JsonReader::duration_s() const {
  return non_negative_quantity(parse_duration_s, kDurationSyntax, "a non-negative duration");
}

double JsonReader::bytes() const {
  return non_negative_quantity(parse_bytes, kBytesSyntax, "a non-negative size");
}

double JsonReader::positive_duration_s() const {
  const double seconds = duration_s();
  if (seconds <= 0.0) {
    fail_expected("a positive duration");
  }
  return seconds;
}

double JsonReader::positive_rate_per_s() const {
  const double per_s = non_negative_quantity(parse_rate_per_s, kRateSyntax, "a positive rate");
  if (per_s <= 0.0) {
    fail_expected("a positive rate");
  }
  return per_s;
}

std::string JsonReader::string() const {
  if (!value_->is_string()) {
    fail_expected("a string");
  }
  return value_->get<std::string>();
}

bool JsonReader::boolean() const {
  if (!value_->is_boolean()) {
    fail_expected("true or false");
  }
  return value_->get<bool>();
}

std::size_t JsonReader::one_of(std::string_view what, std::span<const std::string> names) const {
  const std::string expected = std::string(what) + " (one of: " + joined(names) + ")";
  if (!value_->is_string()) {
    fail_expected(expected);
  }
  const auto &given = value_->get_ref<const std::string &>();
  const auto found = std::find(names.begin(), names.end(), given);
  if (found == names.end()) {
    fail(expected + ", found " + describe() + did_you_mean(given, names));
  }
  return static_cast<std::size_t>(found - names.begin());
}

std::string JsonReader::describe() const {
  if (value_->is_object()) {
    return value_->empty() ? "an empty object" : "an object";
  }
  if (value_->is_array()) {
    return value_->empty() ? "an empty array" : "an array";
  }
  if (value_->is_string() &&
      value_->get_ref<const std::string &>().size() > kMaxShownStringLength) {
    const std::string shown =
        value_->get_ref<const std::string &>().substr(0, kMaxShownStringLength - 3) + "...";
    return nlohmann::ordered_json(shown).dump(-1, ' ', false,
                                              nlohmann::ordered_json::error_handler_t::replace);
  }
  return value_->dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void JsonReader::fail(std::string_view expected_and_found) const {
  raise("expected " + std::string(expected_and_found));
}

void JsonReader::fail_expected(std::string_view expected) const {
  fail(std::string(expected) + ", found " + describe());
}

void JsonReader::require_object() const {
  if (!value_->is_object()) {
    fail_expected("an object");
  }
}

void JsonReader::require_array() const {
  if (!value_->is_array()) {
    fail_expected("an array");
  }
}

JsonReader JsonReader::member(const std::string &key, const nlohmann::ordered_json &value) const {
  return JsonReader(value, pointer_ + "/" + escape_pointer_segment(key), *context_);
}

JsonReader JsonReader::element_at(std::size_t index) const {
  if (index >= element_count()) {
    fail("an array of more than " + std::to_string(index) + " elements, found " + describe());
  }
  return element(index);
}

JsonReader JsonReader::element(std::size_t index) const {
  return JsonReader((*value_)[index], pointer_ + "/" + std::to_string(index), *context_);
}

double JsonReader::non_negative_quantity(double (*parse)(std::string_view), std::string_view syntax,
                                         std::string_view non_negative) const {
  if (value_->is_string()) {
    try {
      return parse(value_->get_ref<const std::string &>());
    } catch (const UnitError &error) {
      fail(error.what());
    }
  }
  if (!value_->is_number()) {
    fail_expected(syntax);
  }
  const double value = value_->get<double>();
  if (value < 0.0) {
    fail_expected(non_negative);
  }
  return value;
}

void JsonReader::raise(std::string message) const {
  throw ScenarioError(context_->file, pointer_, std::move(message));
}

} // namespace capsim
