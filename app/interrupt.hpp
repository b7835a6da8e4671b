#pragma once
// Ctrl-C (SIGINT) handling: the first SIGINT sets a flag that running replications check
// every 65,536 events, so the run stops cleanly and writes nothing half-done; a second
// SIGINT ends the process at once. Every command calls throw_if_interrupted() after its
// simulations and before writing anything: an interrupted command exits 130 with no output.
#include <atomic>

namespace capsim::cli {

/// Installs the SIGINT handler (once) and returns the flag it sets.
const std::atomic<bool> &interrupt_flag();

inline constexpr int kExitInterrupted = 130; // the shell's convention for SIGINT

/// Thrown by throw_if_interrupted(); the command line prints one line and exits 130.
struct Interrupted {};

/// Throws Interrupted once Ctrl-C was pressed.
void throw_if_interrupted();

} // namespace capsim::cli
