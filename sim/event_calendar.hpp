#pragma once
// The event calendar: a binary min-heap of events ordered by (time, insertion sequence).
// Invariants (asserted in debug builds): simulated time never runs backward — an event is
// never scheduled before now(), and pops come out in non-decreasing time; events at the
// same time leave in the order they were scheduled (FIFO ties), so runs are reproducible.
// Events are 24-byte values in one array that only grows (in a cold path, doubling): no heap
// allocation per event, and schedule() and pop() are small enough to inline in the event loop.
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
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::uint64_t scheduled_count() const { return next_sequence_; }
  std::size_t capacity() const { return heap_.size(); }
  void reserve(std::size_t events) {
    if (events > heap_.size()) {
      heap_.resize(events);
    }
  }

  /// Schedules an event at absolute time `time_ns` (>= now()).
  void schedule(SimTimeNs time_ns, std::uint32_t kind, std::uint32_t subject) {
    assert(time_ns >= now_ns_ && "an event may not be scheduled in the past");
    if (size_ == heap_.size()) [[unlikely]] {
      grow();
    }
    sift_up(size_++, Event{time_ns, next_sequence_++, kind, subject});
  }

  /// Time of the next event; the calendar must not be empty.
  SimTimeNs next_time() const { return heap_.front().time_ns; }

  /// Removes the next event and advances now() to its time.
  Event pop() {
    assert(size_ > 0);
    const Event event = heap_.front();
    --size_;
    if (size_ > 0) {
      const Event last = heap_[size_];
      sift_down(last);
    }
    assert(event.time_ns >= now_ns_ && "simulated time ran backward");
    now_ns_ = event.time_ns;
    return event;
  }

private:
  /// (time, sequence) as one 128-bit key: a single comparison, no branch on equal times.
  static bool before(const Event &a, const Event &b) {
    __extension__ using Key = unsigned __int128;
    const auto key = [](const Event &e) {
      return static_cast<Key>(static_cast<std::uint64_t>(e.time_ns)) << 64 | e.sequence;
    };
    return key(a) < key(b);
  }

  [[gnu::noinline]] void grow() { heap_.resize(heap_.empty() ? 64 : 2 * heap_.size()); }

  /// Places `moving` at `hole` or above it (the "hole" technique: one copy per level).
  void sift_up(std::size_t hole, const Event &moving) {
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
    std::size_t hole = 0;
    for (std::size_t child = 1; child < size_; child = 2 * hole + 1) {
      if (child + 1 < size_ && before(heap_[child + 1], heap_[child])) {
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

  std::vector<Event> heap_; // slots [0, size_) hold the heap; the rest are spare
  std::size_t size_ = 0;
  SimTimeNs now_ns_ = 0;
  std::uint64_t next_sequence_ = 0;
};

} // namespace capsim
