// Reading JSON documents from disk (see json_document.hpp).
#include "models/json_document.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace capsim {
namespace {

using nlohmann::ordered_json;

/// "line L, column C" of the character at 1-based byte position `byte` of `text`.
std::string position_text(std::string_view text, std::size_t byte) {
  const std::size_t offset = std::min(byte == 0 ? 0 : byte - 1, text.size());
  const std::string_view before = text.substr(0, offset);
  const auto line = 1 + std::count(before.begin(), before.end(), '\n');
  const std::size_t last_newline = before.rfind('\n');
  const std::size_t line_start = last_newline == std::string_view::npos ? 0 : last_newline + 1;
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
}

/// The parser's own words without its exception tag and its (less exact) position.
std::string parser_message(std::string_view what) {
  const std::size_t tag_end = what.find("] ");
  std::string_view message = tag_end == std::string_view::npos ? what : what.substr(tag_end + 2);
  if (message.starts_with("parse error at line ")) {
    message.remove_prefix(message.find(": ") + 2);
  }
  std::string cleaned(message);
  if (const std::size_t dash = cleaned.find(" - "); dash != std::string::npos) {
    cleaned.replace(dash, 3, ": ");
  }
  return cleaned;
}

/// The parser's callback that rejects a key given twice in one object (the parser would keep
/// the last value silently), naming the object's JSON pointer and the key. It follows the
/// parser's events to know the pointer of the object being read.
class DuplicateKeyCheck {
public:
  explicit DuplicateKeyCheck(const LoadContext &context) : context_(&context) {}

  bool operator()(int /*depth*/, ordered_json::parse_event_t event, const ordered_json &parsed) {
    using Event = ordered_json::parse_event_t;
    switch (event) {
    case Event::object_start:
    case Event::array_start:
      open_.push_back({event == Event::array_start, {}, {}, 0});
      break;
    case Event::key:
      add_key(parsed.get<std::string>());
      break;
    case Event::object_end:
    case Event::array_end:
      open_.pop_back();
      next_element();
      break;
    case Event::value:
      next_element();
      break;
    }
    return true;
  }

private:
  /// An object or array being read: its keys so far, or the index of its current element.
  struct Container {
    bool array = false;
    std::set<std::string> keys;
    std::string last_key;
    std::size_t index = 0;
  };

  void add_key(const std::string &key) {
    Container &object = open_.back();
    if (!object.keys.insert(key).second) {
      throw ScenarioError(context_->file, pointer_of_innermost(),
                          "expected each key at most once, found \"" + escape_pointer_segment(key) +
                              "\" twice");
    }
    object.last_key = key;
  }

  /// An array's element is complete: the next one has the next index.
  void next_element() {
    if (!open_.empty() && open_.back().array) {
      ++open_.back().index;
    }
  }

  std::string pointer_of_innermost() const {
    std::string pointer;
    for (std::size_t i = 0; i + 1 < open_.size(); ++i) {
      pointer += "/" + (open_[i].array ? std::to_string(open_[i].index)
                                       : escape_pointer_segment(open_[i].last_key));
    }
    return pointer;
  }

  const LoadContext *context_;
  std::vector<Container> open_;
};

} // namespace

std::optional<std::string> read_text_file(const std::filesystem::path &path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string why_unreadable(const std::filesystem::path &path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return "no such file";
  }
  if (!std::filesystem::is_regular_file(path, error)) {
    return "not a regular file";
  }
  return "cannot read the file";
}

ordered_json parse_json_document(std::string_view text, const LoadContext &context) {
  try {
    return ordered_json::parse(text.begin(), text.end(), DuplicateKeyCheck(context),
                               /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const ordered_json::parse_error &error) {
    throw ScenarioError(context.file, "",
                        position_text(text, error.byte) + ": " + parser_message(error.what()));
  } catch (const ordered_json::out_of_range &error) {
    throw ScenarioError(context.file, "", parser_message(error.what()));
  }
}

ordered_json read_json_file(const std::filesystem::path &path, const LoadContext &context) {
  const std::optional<std::string> text = read_text_file(path);
  if (!text) {
    throw ScenarioError(context.file, "", why_unreadable(path));
  }
  return parse_json_document(*text, context);
}

} // namespace capsim
