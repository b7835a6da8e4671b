#pragma once
// The human view of a run: a heading line, the request-class table (throughput and latency
// percentiles with their CI half-widths) and the node table (utilization, queues).
#include "models/run_result.hpp"
#include "reports/text_table.hpp"

#include <string>
#include <vector>

namespace capsim {

TextTable class_table(const RunResult &result);
TextTable node_table(const RunResult &result);
/// Where each class's time goes: wait and service per call site, and its share of the mean.
TextTable breakdown_table(const RunResult &result);
/// One row per SLO of the scenario: target, simulated value with its CI, verdict.
TextTable slo_table(const RunResult &result);
/// Type-specific figures of a node (hit ratio, bytes served, job latency, connections,
/// rate limits, failovers), as phrases; empty for a plain service.
std::vector<std::string> node_details(const NodeSummary &node);
/// Per class over the windows of the first replication: peak p95 and p99, windows with
/// errors, windows breaking each percentile SLO; per node: peak utilization, largest queue,
/// instance range, scaling actions; and how long each failure drill's SLO breach lasted.
TextTable over_time_class_table(const RunResult &result);
TextTable over_time_node_table(const RunResult &result);
TextTable recovery_table(const RunResult &result);
/// One row per node that has details.
TextTable node_detail_table(const RunResult &result);
/// One line saying what was run: scenario, seed, replications, window.
std::string run_heading(const RunResult &result);

/// Plain-language warnings: saturated nodes (with the classes whose latencies are lower
/// bounds) and runs that ended early. Empty when there is nothing to warn about.
std::vector<std::string> run_warnings(const RunResult &result);

/// The terminal report.
std::string run_report_text(const RunResult &result);
/// The same content as a Markdown document (report.md).
std::string run_report_markdown(const RunResult &result);

} // namespace capsim
