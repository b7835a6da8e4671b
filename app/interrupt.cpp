// SIGINT handler and its flag (see interrupt.hpp).
#include "app/interrupt.hpp"

#include <csignal>

namespace capsim::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_sigint(int /*signal*/) {
  if (g_interrupted.exchange(true)) {
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
}

} // namespace

const std::atomic<bool> &interrupt_flag() {
  static const bool installed = [] {
    std::signal(SIGINT, on_sigint);
    return true;
  }();
  (void)installed;
  return g_interrupted;
}

void throw_if_interrupted() {
  if (interrupt_flag().load()) {
    throw Interrupted{};
  }
}

} // namespace capsim::cli
