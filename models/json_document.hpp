#pragma once
// Reading a JSON document from disk (a scenario, a price catalog): the file's text, why it
// cannot be read, and the parsed document with "//" comments allowed, a syntax error reported
// as a ScenarioError at its line and column.
#include "models/json_reader.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace capsim {

/// The whole file, or nothing if it is not a readable regular file.
std::optional<std::string> read_text_file(const std::filesystem::path &path);

/// Why read_text_file failed: "no such file", "not a regular file" or "cannot read the file".
std::string why_unreadable(const std::filesystem::path &path);

/// Parses `text`; throws ScenarioError(context.file, "", "line L, column C: ...") when invalid,
/// and ScenarioError at an object's pointer when it gives a key twice.
nlohmann::ordered_json parse_json_document(std::string_view text, const LoadContext &context);

/// Reads and parses `path`; throws ScenarioError naming `context.file` when it cannot.
nlohmann::ordered_json read_json_file(const std::filesystem::path &path,
                                      const LoadContext &context);

} // namespace capsim
