#pragma once
// The latency percentiles capsim reports for every class, and that SLOs may name.
#include <array>

namespace capsim {

struct Percentile {
  const char *key;   // as it appears in the JSON output
  const char *label; // as people read it
  double probability;
};
inline constexpr std::array<Percentile, 5> kReportedPercentiles{{{"p50", "p50", 0.50},
                                                                 {"p90", "p90", 0.90},
                                                                 {"p95", "p95", 0.95},
                                                                 {"p99", "p99", 0.99},
                                                                 {"p999", "p99.9", 0.999}}};

} // namespace capsim
