#pragma once
// CSV writers for spreadsheets and notebooks: RFC 4180 quoting, a header row, one record per
// line, times in seconds.
#include "models/run_result.hpp"

#include <string>

namespace capsim {

/// scaling_events.csv: time_s,node,from,to,metric,value,threshold — one row per autoscaler
/// decision of the first replication.
std::string scaling_events_csv(const RunResult &result);

} // namespace capsim
