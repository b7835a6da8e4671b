#pragma once
// A progress bar on stderr for the commands that simulate: a label, a bar, done/total, the
// elapsed time and an ETA, redrawn in place with '\r' at most ten times a second from the first
// second on, and cleared when the work ends. Only on a terminal and never with --quiet: piped
// stderr gets nothing. It only counts finished work, so results do not depend on it.
#include <chrono>
#include <functional>
#include <mutex>
#include <string>

namespace capsim::cli {

/// The line drawn after `done` of `total` units (total 0: not known in advance):
///   "run [########            ] 8/20 replications  0:03 elapsed, ETA 0:05"
///   "headroom 37 replications  0:12 elapsed"
std::string progress_line(const std::string &label, const std::string &unit, int done, int total,
                          double elapsed_s);

/// Whether a command shows progress: stderr is a terminal and --quiet was not given.
bool progress_wanted(bool quiet);

class Progress {
public:
  /// A bar for `total` units (0: not known) of `unit` ("replications"), drawn only if `shown`.
  Progress(std::string label, std::string unit, int total, bool shown);
  ~Progress();
  Progress(const Progress &) = delete;
  Progress &operator=(const Progress &) = delete;

  /// One more unit done; thread-safe.
  void advance();
  /// A RunOptions::on_replication_done callback: each finished replication advances by one.
  std::function<void(int)> on_replication_done();
  /// Clears the line (idempotent; the destructor calls it too).
  void finish();

private:
  using Clock = std::chrono::steady_clock;

  std::string label_;
  std::string unit_;
  int total_;
  bool shown_;
  std::mutex mutex_;
  int done_ = 0;
  std::size_t drawn_width_ = 0; // of the line on screen, 0: none
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_draw_ = start_;
};

} // namespace capsim::cli
