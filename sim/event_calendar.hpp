#pragma once
// The event calendar: a binary min-heap of events ordered by (time, insertion sequence).
// Invariants (asserted in debug builds): simulated time never runs backward — an event is
// never scheduled before now(), and pops come out in non-decreasing time; events at the
// same time leave in the order they were scheduled (FIFO ties), so runs are reproducible.
// Events are 24-byte values in one vector: no heap allocation per event once it has grown.
#include "sim/time.hpp"

#include <cassert>
#include <cstdint>
#include <vector>

namespace capsim {

struct Event {
  SimTimeNs time_ns = 0;
  std::uint64_t sequence = 0;
  std::uint32_t kind = 0;    // what happens (the model's own enumeration)
  std::uint32_t subject = 0; // whom it happens to (a request, a user, a node ...)
};

class EventCalendar {
public:
  SimTimeNs now() const { return now_ns_; }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  std::uint64_t scheduled_count() const { return next_sequence_; }
  std::size_t capacity() const { return heap_.capacity(); }
  void reserve(std::size_t events) { heap_.reserve(events); }

  /// Schedules an event at absolute time `time_ns` (>= now()).
  void schedule(SimTimeNs time_ns, std::uint32_t kind, std::uint32_t subject) {
    assert(time_ns >= now_ns_ && "an event may not be scheduled in the past");
    heap_.push_back(Event{time_ns, next_sequence_++, kind, subject});
    sift_up(heap_.size() - 1);
  }

  /// Time of the next event; the calendar must not be empty.
  SimTimeNs next_time() const { return heap_.front().time_ns; }

  /// Removes the next event and advances now() to its time.
  Event pop() {
    assert(!heap_.empty());
    const Event event = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
      sift_down(last);
    }
    assert(event.time_ns >= now_ns_ && "simulated time ran backward");
    now_ns_ = event.time_ns;
    return event;
  }

private:
  static bool before(const Event &a, const Event &b) {
    return a.time_ns < b.time_ns || (a.time_ns == b.time_ns && a.sequence < b.sequence);
  }

  /// Moves the event at `hole` up to its place (the "hole" technique: one copy per level).
  void sift_up(std::size_t hole) {
    const Event moving = heap_[hole];
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / 2;
      if (!before(moving, heap_[parent])) {
        break;
      }
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = moving;
  }

  /// Fills the root hole left by pop() with `moving`, sinking it to its place.
  void sift_down(const Event &moving) {
    const std::size_t size = heap_.size();
    std::size_t hole = 0;
    for (std::size_t child = 1; child < size; child = 2 * hole + 1) {
      if (child + 1 < size && before(heap_[child + 1], heap_[child])) {
        ++child;
      }
      if (!before(heap_[child], moving)) {
        break;
      }
      heap_[hole] = heap_[child];
      hole = child;
    }
    heap_[hole] = moving;
  }

  std::vector<Event> heap_;
  SimTimeNs now_ns_ = 0;
  std::uint64_t next_sequence_ = 0;
};

} // namespace capsim
