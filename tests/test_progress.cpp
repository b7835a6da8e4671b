// The stderr progress bar's line (app/progress.hpp): the bar, done/total, elapsed and ETA.
#include "app/progress.hpp"

#include <doctest/doctest.h>

using capsim::cli::progress_line;

TEST_CASE("a known total draws a bar, the count, the elapsed time and an ETA") {
  CHECK(progress_line("run", "replications", 8, 20, 3.2) ==
        "run [#########               ] 8/20 replications  0:03 elapsed, ETA 0:05");
  CHECK(progress_line("plan", "peak replications", 0, 96, 0.0) ==
        "plan [                        ] 0/96 peak replications  0:00 elapsed");
}

TEST_CASE("the bar is full and the ETA gone when all is done") {
  CHECK(progress_line("sweep", "replications", 30, 30, 4.4) ==
        "sweep [########################] 30/30 replications  0:04 elapsed");
}

TEST_CASE("an unknown total shows the count only") {
  CHECK(progress_line("headroom", "replications", 37, 0, 754.0) ==
        "headroom 37 replications  12:34 elapsed");
}

TEST_CASE("times of an hour or more show hours") {
  CHECK(progress_line("size", "replications", 1, 2, 3725.0) ==
        "size [############            ] 1/2 replications  1:02:05 elapsed, ETA 1:02:05");
}
