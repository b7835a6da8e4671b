#pragma once
// CSV writers for spreadsheets and notebooks: RFC 4180 quoting, a header row, one record per
// line, times in seconds.
#include "models/run_result.hpp"

#include <string>

namespace capsim {

/// scaling_events.csv: time_s,node,from,to,metric,value,threshold — one row per autoscaler
/// decision of the first replication.
std::string scaling_events_csv(const RunResult &result);

/// timeseries.csv, long format: window_start_s,window_end_s,kind,name,metric,value — per
/// class arrivals, completions, errors, p50_s, p95_s, p99_s; per node utilization,
/// instances, queue_depth. Empty without a time series.
std::string timeseries_csv(const RunResult &result);

} // namespace capsim
