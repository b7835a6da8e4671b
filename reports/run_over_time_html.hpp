#pragma once
// The "Over time" section of report.html, from the first replication's time series: each
// request class's p50, p95 and p99 per window against its SLOs, the queue at each node, and
// the instances of the autoscaled nodes with the autoscalers' decisions marked.
#include "models/run_result.hpp"

#include <string>

namespace capsim {

/// The section's HTML; "" when the run has no time series of at least two windows.
std::string over_time_section_html(const RunResult &result);

} // namespace capsim
