#pragma once
// Running the capsim binary from a test as a user would: the command line through the shell
// (popen), its exit code, and everything it printed on stdout and stderr together.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>

namespace cli_support {

struct Outcome {
  int exit_code;
  std::string out; // stdout and stderr together
};

inline Outcome capsim(const std::string &arguments) {
  const std::string command = std::string(CAPSIM_BINARY) + " " + arguments + " 2>&1";
  FILE *pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  std::array<char, 4096> buffer{};
  while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
    out.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

/// Path of a scenario in scenarios/examples/.
inline std::string example(const std::string &name) {
  return std::string(CAPSIM_SOURCE_DIR) + "/scenarios/examples/" + name;
}

/// A fresh, empty directory for one test's files.
inline std::filesystem::path temp_dir(const std::string &name) {
  const auto dir = std::filesystem::temp_directory_path() / ("capsim_test_cli_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

} // namespace cli_support
