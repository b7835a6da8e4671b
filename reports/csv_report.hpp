#pragma once
// CSV writers for spreadsheets and notebooks: RFC 4180 quoting, a header row, one record per
// line, times in seconds.
#include "models/run_result.hpp"

#include <string>

namespace capsim {

/// classes.csv: one row per request class — completed, dropped, errors, saturated, then
/// throughput_per_s, mean_s and p50_s…p99.9_s, each with its 95% interval (_ci_low, _ci_high).
std::string classes_csv(const RunResult &result);

/// nodes.csv: one row per node — kind, dropped, saturated, then utilization, wait_mean_s,
/// residence_mean_s, queue_length_mean, throughput_per_s, prob_wait, drop_probability and
/// instances_mean, each with its 95% interval.
std::string nodes_csv(const RunResult &result);

/// scaling_events.csv: time_s,node,from,to,metric,value,threshold — one row per autoscaler
/// decision of the first replication.
std::string scaling_events_csv(const RunResult &result);

/// timeseries.csv, long format: window_start_s,window_end_s,kind,name,metric,value — per
/// class arrivals, completions, errors, p50_s, p95_s, p99_s; per node utilization,
/// instances, queue_depth. Empty without a time series.
std::string timeseries_csv(const RunResult &result);

} // namespace capsim
