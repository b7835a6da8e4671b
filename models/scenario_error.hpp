#pragma once
// ScenarioError: a scenario (or command line) that cannot be used, located by file and JSON
// pointer. what() is the single line the CLI prints before exiting with code 2:
// "<file>: <pointer>: <message>", or "<file>: <message>" when the whole document is meant.
#include <stdexcept>
#include <string>
#include <utility>

namespace capsim {

class ScenarioError : public std::runtime_error {
public:
  /// `file` is the path as the user gave it; `pointer` an RFC 6901 JSON pointer such as
  /// "/nodes/app/instances" ("" for the whole document).
  ScenarioError(std::string file, std::string pointer, std::string message)
      : std::runtime_error(compose(file, pointer, message)), file_(std::move(file)),
        pointer_(std::move(pointer)), message_(std::move(message)) {}

  const std::string &file() const noexcept { return file_; }
  const std::string &pointer() const noexcept { return pointer_; }
  const std::string &message() const noexcept { return message_; }

private:
  static std::string compose(const std::string &file, const std::string &pointer,
                             const std::string &message) {
    return pointer.empty() ? file + ": " + message : file + ": " + pointer + ": " + message;
  }

  std::string file_;
  std::string pointer_;
  std::string message_;
};

} // namespace capsim
