// Verdict and warning colours on a terminal (app/terminal.hpp): whole phrases only, the
// longer phrase first, and no colour at all when piped.
#include "app/terminal.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

using capsim::cli::colour_verdicts;

TEST_CASE("verdicts take their colours as whole words") {
  CHECK(colour_verdicts("p95  met") == "p95  \x1b[32mmet\x1b[0m");
  CHECK(colour_verdicts("all met | not met") == "\x1b[32mall met\x1b[0m | \x1b[31mnot met\x1b[0m");
  CHECK(colour_verdicts("41 ms (broken)") == "41 ms (\x1b[31mbroken\x1b[0m)");
  CHECK(colour_verdicts("not judged, too close to call") ==
        "\x1b[33mnot judged\x1b[0m, \x1b[33mtoo close to call\x1b[0m");
  CHECK(colour_verdicts("metric metered unmet") == "metric metered unmet");
}

TEST_CASE("a warning line is yellow as a whole; other lines are kept") {
  CHECK(colour_verdicts("a\nwarning: broken run\nb\n") ==
        "a\n\x1b[33mwarning: broken run\x1b[0m\nb\n");
}

TEST_CASE("no colour when the output is not a terminal") {
  int pipe_ends[2] = {-1, -1};
  REQUIRE(pipe(pipe_ends) == 0);
  CHECK_FALSE(capsim::cli::colour_enabled(pipe_ends[1]));
  close(pipe_ends[0]);
  close(pipe_ends[1]);
}
