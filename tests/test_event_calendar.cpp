// The event calendar's contract: ordered by time, FIFO among equal times, time never
// runs backward, and a steady schedule/pop cycle does not grow the storage.
#include "sim/event_calendar.hpp"
#include "sim/rng.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace capsim;

TEST_CASE("event calendar") {
  EventCalendar calendar;

  SUBCASE("pops in time order") {
    calendar.schedule(30, 0, 3);
    calendar.schedule(10, 0, 1);
    calendar.schedule(20, 0, 2);
    CHECK(calendar.pop().subject == 1);
    CHECK(calendar.now() == 10);
    CHECK(calendar.pop().subject == 2);
    CHECK(calendar.pop().subject == 3);
    CHECK(calendar.empty());
  }

  SUBCASE("equal times leave in insertion order") {
    for (std::uint32_t i = 0; i < 100; ++i) {
      calendar.schedule(5, 0, i);
    }
    for (std::uint32_t i = 0; i < 100; ++i) {
      CHECK(calendar.pop().subject == i);
    }
  }

  SUBCASE("random schedules come out sorted by (time, sequence)") {
    Rng rng(7);
    for (std::uint32_t i = 0; i < 10000; ++i) {
      calendar.schedule(static_cast<SimTimeNs>(rng.below(1000)), 0, i);
    }
    Event previous = calendar.pop();
    while (!calendar.empty()) {
      const Event next = calendar.pop();
      const bool ordered = next.time_ns > previous.time_ns ||
                           (next.time_ns == previous.time_ns && next.sequence > previous.sequence);
      REQUIRE(ordered);
      previous = next;
    }
  }

  SUBCASE("events scheduled while running are never in the past") {
    calendar.schedule(100, 0, 0);
    calendar.pop();
    calendar.schedule(calendar.now(), 0, 1); // zero delay is allowed
    CHECK(calendar.next_time() == 100);
    CHECK(calendar.scheduled_count() == 2);
  }

  SUBCASE("a steady hold cycle reuses its storage") {
    Rng rng(11);
    for (std::uint32_t i = 0; i < 64; ++i) {
      calendar.schedule(static_cast<SimTimeNs>(rng.below(1000)), 0, i);
    }
    const std::size_t capacity_before = calendar.capacity();
    for (int step = 0; step < 100000; ++step) {
      const Event event = calendar.pop();
      calendar.schedule(event.time_ns + static_cast<SimTimeNs>(rng.below(1000)), 0, event.subject);
    }
    CHECK(calendar.size() == 64);
    CHECK(calendar.capacity() == capacity_before);
  }
}
