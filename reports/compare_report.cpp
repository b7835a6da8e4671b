// The views of a paired comparison (see compare_report.hpp).
#include "reports/compare_report.hpp"

#include "models/human_format.hpp"
#include "reports/chart_labels.hpp"
#include "reports/html_page.hpp"
#include "reports/svg_chart.hpp"

#include <algorithm>
#include <cmath>

namespace capsim {
namespace {

using svg::escape_xml;

/// At most this many differences are named in the summary; the table has them all.
constexpr std::size_t kNamedDifferences = 5;

/// "p95 response time", "throughput", "mean wait".
std::string metric_words(const std::string &metric) {
  if (metric == "throughput_per_s") {
    return "throughput";
  }
  if (metric == "mean_latency_s") {
    return "mean response time";
  }
  if (metric == "mean_wait_s") {
    return "mean wait";
  }
  if (metric == "utilization") {
    return "utilization";
  }
  return metric + " response time"; // the percentiles: p50, p90, p95, p99
}

std::string signed_text(const std::string &metric, double value) {
  return (value >= 0.0 ? "+" : "") + compare_value_text(metric, value);
}

/// A difference of two shares: "-12.9 points" (percentage points, not a relative change).
std::string percentage_points_text(double difference) {
  return (difference >= 0.0 ? "+" : "") +
         without_trailing_zeros(format_significant(difference * 100.0)) + " points";
}

/// "checkout p95 response time: 183 ms in A, 142 ms in B (-41.0 ms, -22.4%)".
std::string difference_sentence(const MetricComparison &metric) {
  std::string text =
      metric.subject + " " + metric_words(metric.metric) + ": " +
      compare_value_text(metric.metric, metric.a.estimate) + " in A, " +
      compare_value_text(metric.metric, metric.b.estimate) + " in B (" +
      (metric.metric == "utilization" ? percentage_points_text(metric.difference.estimate)
                                      : signed_text(metric.metric, metric.difference.estimate));
  if (metric.a.estimate != 0.0) {
    const double relative = metric.difference.estimate / std::fabs(metric.a.estimate);
    text += ", " + std::string(relative >= 0.0 ? "+" : "") + format_percent(relative);
  }
  return text + ")";
}

/// |B − A| relative to A (absolute when A is 0): how large a difference is, for ranking.
double relative_size(const MetricComparison &metric) {
  const double difference = std::fabs(metric.difference.estimate);
  return metric.a.estimate != 0.0 ? difference / std::fabs(metric.a.estimate) : difference;
}

/// A and B side by side for each subject of `metric`, with their 95% intervals; "" when no
/// subject has it.
std::string side_by_side_figure(const Comparison &comparison, const std::string &metric,
                                const std::string &title, const std::string &category,
                                svg::Axis axis, const std::string &caption) {
  svg::BarChart chart;
  chart.title = title;
  chart.category_label = category;
  chart.value_axis = std::move(axis);
  chart.series = {"A: " + comparison.a.scenario, "B: " + comparison.b.scenario};
  for (const MetricComparison &row : comparison.metrics) {
    if (row.metric == metric) {
      chart.groups.push_back({row.subject + (row.significant ? " *" : ""),
                              {row.a.estimate, row.b.estimate},
                              "",
                              {{row.a.ci_low, row.a.ci_high}, {row.b.ci_low, row.b.ci_high}}});
    }
  }
  return chart.groups.empty() ? "" : html_figure(svg::render_bar_chart(chart), caption);
}

std::string table_html(const Comparison &comparison) {
  std::vector<std::vector<std::string>> rows;
  for (const MetricComparison &metric : comparison.metrics) {
    const std::string significant = metric.significant ? "<span class=\"hot\">yes</span>" : "no";
    rows.push_back({escape_xml(metric.subject), escape_xml(metric_words(metric.metric)),
                    escape_xml(compare_value_text(metric.metric, metric.a.estimate)),
                    escape_xml(compare_value_text(metric.metric, metric.b.estimate)),
                    escape_xml(compare_difference_text(metric)), significant});
  }
  return html_table({"Class or node", "Figure", "A", "B", "B − A [95% CI]", "Significant"}, rows);
}

std::string runs_text(const Comparison &comparison) {
  return std::to_string(comparison.a.replications) +
         " paired replications with common random numbers, seed " +
         std::to_string(comparison.a.seed);
}

} // namespace

std::string compare_value_text(const std::string &metric, double value) {
  if (metric == "utilization") {
    return format_percent(value);
  }
  if (metric == "throughput_per_s") {
    return format_rate_per_s(value);
  }
  return value < 0.0 ? "-" + format_duration_s(-value) : format_duration_s(value);
}

std::string compare_difference_text(const MetricComparison &metric) {
  return signed_text(metric.metric, metric.difference.estimate) + " [" +
         signed_text(metric.metric, metric.difference.ci_low) + ", " +
         signed_text(metric.metric, metric.difference.ci_high) + "]";
}

TextTable comparison_table(const Comparison &comparison) {
  TextTable table;
  table.column("subject", TextTable::Align::left)
      .column("metric", TextTable::Align::left)
      .column("A")
      .column("B")
      .column("B - A [95% CI]")
      .column("significant", TextTable::Align::left);
  for (const MetricComparison &metric : comparison.metrics) {
    table.row({metric.subject, metric.metric, compare_value_text(metric.metric, metric.a.estimate),
               compare_value_text(metric.metric, metric.b.estimate),
               compare_difference_text(metric), metric.significant ? "yes" : "no"});
  }
  return table;
}

std::string comparison_summary(const Comparison &comparison) {
  std::vector<const MetricComparison *> significant;
  for (const MetricComparison &metric : comparison.metrics) {
    if (metric.significant) {
      significant.push_back(&metric);
    }
  }
  if (significant.empty()) {
    return "No difference between A and B is significant: for each of the " +
           std::to_string(comparison.metrics.size()) +
           " figures compared, the 95% interval of B − A includes zero, so what differs is "
           "within the noise of " +
           std::to_string(comparison.a.replications) + " replications.";
  }
  std::stable_sort(significant.begin(), significant.end(),
                   [](const MetricComparison *x, const MetricComparison *y) {
                     return relative_size(*x) > relative_size(*y);
                   });
  std::string text = std::to_string(significant.size()) + " of the " +
                     std::to_string(comparison.metrics.size()) +
                     " figures compared differ significantly between A and B (their 95% "
                     "interval of B − A excludes zero). The largest: ";
  for (std::size_t i = 0; i < std::min(significant.size(), kNamedDifferences); ++i) {
    text += (i == 0 ? "" : "; ") + difference_sentence(*significant[i]);
  }
  return text + ".";
}

std::string compare_report_markdown(const Comparison &comparison) {
  return "# Comparison: " + comparison.a.scenario + " (A) and " + comparison.b.scenario +
         " (B)\n\n" + comparison_summary(comparison) + "\n\n" + runs_text(comparison) +
         ".\n\n## Every figure\n\n" + comparison_table(comparison).to_markdown();
}

std::string compare_report_html(const Comparison &comparison) {
  const std::string caption_end =
      " The whiskers are each side's 95% confidence interval; a * after the name marks a "
      "significant paired difference, which can hold even when the whiskers overlap, since "
      "A and B saw the same random numbers.";
  const std::string charts =
      side_by_side_figure(comparison, "p95", "p95 response time by class: A and B", "Class",
                          duration_axis("95% of requests finished within"),
                          "The slow tail of each request class in A and in B." + caption_end) +
      side_by_side_figure(comparison, "utilization", "Utilization by node: A and B", "Node",
                          percent_axis("Utilization (share of worker-slot time busy)"),
                          "How busy each node is in A and in B." + caption_end);
  return html_page(
      "capsim comparison: " + comparison.a.scenario + " and " + comparison.b.scenario,
      "<header>\n<h1>" +
          escape_xml(comparison.a.scenario + " (A) and " + comparison.b.scenario + " (B)") +
          "</h1>\n<p class=\"subtitle\">Comparison by capsim · " +
          escape_xml(runs_text(comparison)) + "</p>\n</header>\n<p class=\"summary\">" +
          escape_xml(comparison_summary(comparison)) +
          "</p>\n<section id=\"comparison\">\n<h2>A and B side by side</h2>\n" + charts +
          table_html(comparison) +
          "</section>\n<section id=\"how-to-read\">\n<h2>How to read this</h2>\n<ul "
          "class=\"notes\">\n<li>A and B ran the same replications with the same random "
          "numbers: replication i of each saw the same arrivals and service draws, so their "
          "difference is mostly the change itself, not noise.</li>\n<li><b>B − A</b> is the "
          "mean of the per-replication differences, with its 95% confidence interval in "
          "brackets; it is <b>significant</b> when that interval excludes zero.</li>\n</ul>\n"
          "</section>\n");
}

} // namespace capsim
