#pragma once
// The views of a paired comparison (models/compare.hpp) besides compare.json: the metric
// table (terminal and Markdown), a plain summary of the significant differences, and
// report.md / report.html: the summary, bars of A and B with their 95% intervals (p95 per
// class, utilization per node) and the table with each paired difference B − A and its CI.
#include "models/compare.hpp"
#include "reports/text_table.hpp"

#include <string>

namespace capsim {

/// A metric's value in its unit: "183 ms", "12.0/s", "71.2%"; negative durations as "-3 ms".
std::string compare_value_text(const std::string &metric, double value);
/// "B − A [95% CI]" signed: "-41.0 ms [-48.0 ms, -35.0 ms]".
std::string compare_difference_text(const MetricComparison &metric);
/// A row per metric: subject, metric, A, B, B − A [95% CI], significant.
TextTable comparison_table(const Comparison &comparison);
/// How many differences are significant, and the largest of them in words.
std::string comparison_summary(const Comparison &comparison);

std::string compare_report_markdown(const Comparison &comparison);
std::string compare_report_html(const Comparison &comparison);

} // namespace capsim
