#pragma once
// Guards that keep a run bounded whatever the scenario: a cap on requests waiting at any
// one node (memory), an optional event budget and wall-clock deadline per replication, and
// a stop flag (set by Ctrl-C). A replication that hits the event budget, the deadline or
// the stop flag ends early and says so; one whose queues hit the cap sheds the excess and
// marks the node saturated.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

namespace capsim {

struct RunLimits {
  /// Most requests waiting at one node (all its instances together) before arrivals that
  /// would queue are shed. 100,000 waiting requests hold about 10 MB.
  std::int64_t max_waiting_per_node = 100'000;
  /// Events per replication (0: no limit). Deterministic: the same budget stops at the
  /// same event whatever the machine.
  std::uint64_t max_events = 0;
  /// Wall-clock deadline for the whole run (not deterministic: for guarding only).
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// When set and true, replications stop at the next check (every 65,536 events).
  const std::atomic<bool> *stop_requested = nullptr;
};

/// Why a replication ended.
enum class StopReason { completed, max_events, deadline, interrupted };

inline const char *stop_reason_name(StopReason reason) {
  switch (reason) {
  case StopReason::completed:
    return "completed";
  case StopReason::max_events:
    return "max_events";
  case StopReason::deadline:
    return "timeout";
  case StopReason::interrupted:
    return "interrupted";
  }
  return "unknown";
}

} // namespace capsim
