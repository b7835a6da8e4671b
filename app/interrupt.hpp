#pragma once
// Ctrl-C (SIGINT) handling: the first SIGINT sets a flag that running replications check
// every 65,536 events, so the run stops cleanly and writes nothing half-done; a second
// SIGINT ends the process at once.
#include <atomic>

namespace capsim::cli {

/// Installs the SIGINT handler (once) and returns the flag it sets.
const std::atomic<bool> &interrupt_flag();

inline constexpr int kExitInterrupted = 130; // the shell's convention for SIGINT

} // namespace capsim::cli
