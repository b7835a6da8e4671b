#pragma once
// Runs one measurement in a child process, so that its peak resident set size is its own:
// the child is a fresh program image (posix_spawn), its standard output is captured, and its
// peak RSS comes from the kernel's accounting of it at exit (wait4's rusage).
#include <string>
#include <vector>

namespace capsim::bench {

struct ChildOutput {
  int exit_status = -1;     ///< the child's exit code; -1 if it did not exit normally
  std::string stdout_text;  ///< everything it wrote to standard output
  double peak_rss_mb = 0.0; ///< its maximum resident set size, in MiB
};

/// Runs argv[0] (a path) with the arguments argv[1..] and waits for it.
ChildOutput run_child(const std::vector<std::string> &argv);

} // namespace capsim::bench
