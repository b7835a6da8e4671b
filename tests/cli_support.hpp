#pragma once
// Running the capsim binary from a test as a user would: the command line through the shell
// (popen), its exit code, and everything it printed on stdout and stderr together; or as a
// child process, with its peak memory, that may get Ctrl-C (SIGINT) once it is under way.
#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace cli_support {

struct Outcome {
  int exit_code;
  std::string out; // stdout and stderr together
};

/// Runs a shell command: its exit code and what it wrote on stdout.
inline Outcome run_shell(const std::string &command) {
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

/// Runs `capsim ARGUMENTS` in `working_directory` (default: the test's own).
inline Outcome capsim(const std::string &arguments,
                      const std::filesystem::path &working_directory = {}) {
  const std::string cd =
      working_directory.empty() ? "" : "cd '" + working_directory.string() + "' && ";
  return run_shell(cd + std::string(CAPSIM_BINARY) + " " + arguments + " 2>&1");
}

/// Whether process `pid` catches SIGINT (Linux: the SigCgt mask of /proc/PID/status), i.e.
/// capsim has installed its handler and a Ctrl-C now stops it cleanly.
inline bool catches_sigint(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("SigCgt:")) {
      return (std::stoull(line.substr(7), nullptr, 16) >> (SIGINT - 1) & 1U) != 0;
    }
  }
  return false;
}

struct ChildOutcome {
  int exit_code;   // -1 if a signal killed it
  long max_rss_kb; // its peak resident memory
};

/// Runs capsim with `arguments` as a child process (stdout and stderr to /dev/null), calls
/// `while_running(pid)` once it has started, and waits for it.
inline ChildOutcome run_child(const std::vector<std::string> &arguments,
                              const std::function<void(pid_t)> &while_running = {}) {
  std::vector<std::string> words{CAPSIM_BINARY};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char *> argv;
  for (std::string &word : words) {
    argv.push_back(word.data());
  }
  argv.push_back(nullptr);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const int null = open("/dev/null", O_WRONLY); // not freopen: it would flush our buffers
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    execv(CAPSIM_BINARY, argv.data());
    _exit(127);
  }
  if (while_running) {
    while_running(child);
  }
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, usage.ru_maxrss};
}

/// Runs capsim with `arguments`, presses Ctrl-C once its handler is installed and a little
/// later (the simulation under way), and returns the exit code (-1 if a signal killed it).
inline int interrupted_exit_code(const std::vector<std::string> &arguments) {
  return run_child(arguments,
                   [](pid_t child) {
                     for (int i = 0; i < 6000 && !catches_sigint(child); ++i) {
                       std::this_thread::sleep_for(std::chrono::milliseconds(10));
                     }
                     std::this_thread::sleep_for(std::chrono::milliseconds(300));
                     kill(child, SIGINT);
                   })
      .exit_code;
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
