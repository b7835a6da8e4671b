// The stderr progress bar (see progress.hpp).
#include "app/progress.hpp"

#include "app/terminal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace capsim::cli {
namespace {

constexpr int kBarWidth = 24;
constexpr auto kFirstDraw = std::chrono::seconds(1);
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

/// 3 s as "0:03", 754 s as "12:34", 3725 s as "1:02:05".
std::string clock_text(double seconds) {
  const auto whole_s = static_cast<long>(std::lround(std::max(seconds, 0.0)));
  const long hours = whole_s / 3600;
  const long minutes = whole_s / 60 % 60;
  char text[32];
  if (hours > 0) {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", hours, minutes, whole_s % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld", minutes, whole_s % 60);
  }
  return text;
}

std::string bar(int done, int total) {
  const int filled = std::clamp(done, 0, total) * kBarWidth / total;
  return "[" + std::string(std::size_t(filled), '#') +
         std::string(std::size_t(kBarWidth - filled), ' ') + "]";
}

} // namespace

std::string progress_line(const std::string &label, const std::string &unit, int done, int total,
                          double elapsed_s) {
  const std::string elapsed = "  " + clock_text(elapsed_s) + " elapsed";
  if (total <= 0) {
    return label + " " + std::to_string(done) + " " + unit + elapsed;
  }
  std::string line = label + " " + bar(done, total) + " " + std::to_string(done) + "/" +
                     std::to_string(total) + " " + unit + elapsed;
  if (done > 0 && done < total) {
    line += ", ETA " + clock_text(elapsed_s / done * (total - done));
  }
  return line;
}

bool progress_wanted(bool quiet) {
  return !quiet && is_terminal(STDERR_FILENO);
}

Progress::Progress(std::string label, std::string unit, int total, bool shown)
    : label_(std::move(label)), unit_(std::move(unit)), total_(total), shown_(shown) {}

Progress::~Progress() {
  finish();
}

void Progress::advance() {
  const std::lock_guard lock(mutex_);
  ++done_;
  const Clock::time_point now = Clock::now();
  if (!shown_ || now - start_ < kFirstDraw ||
      (drawn_width_ > 0 && now - last_draw_ < kRedrawInterval)) {
    return;
  }
  const std::string line = progress_line(label_, unit_, done_, total_,
                                         std::chrono::duration<double>(now - start_).count());
  const std::string padding(drawn_width_ > line.size() ? drawn_width_ - line.size() : 0, ' ');
  std::fputs(("\r" + line + padding).c_str(), stderr);
  std::fflush(stderr);
  drawn_width_ = line.size();
  last_draw_ = now;
}

std::function<void(int)> Progress::on_replication_done() {
  return [this](int /*done_in_round*/) { advance(); };
}

void Progress::finish() {
  const std::lock_guard lock(mutex_);
  if (drawn_width_ > 0) {
    std::fputs(("\r" + std::string(drawn_width_, ' ') + "\r").c_str(), stderr);
    std::fflush(stderr);
    drawn_width_ = 0;
  }
}

} // namespace capsim::cli
