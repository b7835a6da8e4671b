// run_child(): posix_spawn with standard output on a pipe, then wait4 for the rusage.
#include "tests/bench/child_process.hpp"

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <stdexcept>
#include <system_error>

extern char **environ;

namespace capsim::bench {
namespace {

constexpr double kKibPerMib = 1024.0;

[[noreturn]] void fail(const char *what) {
  throw std::system_error(errno, std::generic_category(), what);
}

} // namespace

ChildOutput run_child(const std::vector<std::string> &argv) {
  std::array<int, 2> pipe_fds{};
  if (pipe(pipe_fds.data()) != 0) {
    fail("pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  std::vector<char *> args;
  for (const std::string &arg : argv) {
    args.push_back(const_cast<char *>(arg.c_str()));
  }
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawned != 0) {
    close(pipe_fds[0]);
    errno = spawned;
    fail(argv[0].c_str());
  }
  ChildOutput output;
  std::array<char, 4096> buffer{};
  for (;;) {
    const ssize_t got = read(pipe_fds[0], buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      break;
    }
    output.stdout_text.append(buffer.data(), static_cast<std::size_t>(got));
  }
  close(pipe_fds[0]);
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      fail("wait4");
    }
  }
  output.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  output.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / kKibPerMib;
  return output;
}

} // namespace capsim::bench
