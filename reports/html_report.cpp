// report.html (see html_report.hpp). Classes are listed by throughput and nodes by
// utilization, busiest first; every text from the scenario is escaped.
#include "reports/html_report.hpp"

#include "models/human_format.hpp"
#include "models/slo.hpp"
#include "reports/chart_labels.hpp"
#include "reports/html_page.hpp"
#include "reports/run_over_time_html.hpp"
#include "reports/run_report.hpp"
#include "reports/svg_chart.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace capsim {
namespace {

using svg::escape_xml;

/// Above this, queues and response times grow quickly with any extra load.
constexpr double kComfortableUtilization = 0.8;
constexpr int kCdfPointsPerClass = 160;
constexpr std::size_t kP50 = 0;
constexpr std::size_t kP95 = 2;
constexpr std::size_t kP99 = 3;
static_assert(kReportedPercentiles[kP50].probability == 0.50 &&
              kReportedPercentiles[kP95].probability == 0.95 &&
              kReportedPercentiles[kP99].probability == 0.99);

template <typename Item, typename Key>
std::vector<const Item *> sorted_descending(const std::vector<Item> &items, Key key) {
  std::vector<const Item *> sorted;
  for (const Item &item : items) {
    sorted.push_back(&item);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const Item *a, const Item *b) { return key(*a) > key(*b); });
  return sorted;
}

std::vector<const ClassSummary *> classes_by_throughput(const RunResult &result) {
  return sorted_descending(result.classes, [](const ClassSummary &summary) {
    return summary.throughput_per_s.estimate;
  });
}

std::vector<const NodeSummary *> nodes_by_utilization(const RunResult &result) {
  return sorted_descending(result.nodes,
                           [](const NodeSummary &summary) { return summary.utilization.estimate; });
}

std::string measured_window(const RunResult &result) {
  return span_label(result.duration_s - result.warmup_s);
}

std::string plural(std::int64_t count, const std::string &singular) {
  return format_count(count) + " " + singular + (count == 1 ? "" : "s");
}

std::string sentence_case(std::string text) {
  if (!text.empty()) {
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  }
  return text;
}

/// "a", "a and b", "a, b and c".
std::string joined(const std::vector<std::string> &names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    text += (i == 0 ? "" : (i + 1 == names.size() ? " and " : ", ")) + names[i];
  }
  return text;
}

// ---- The summary paragraph ----

std::string load_sentence(const RunResult &result) {
  const std::string opening =
      "Over " + plural(result.replications, "replication") + " of " + measured_window(result);
  const auto nodes = nodes_by_utilization(result);
  if (nodes.empty()) {
    return opening + ", no node was simulated.";
  }
  const NodeSummary &busiest = *nodes.front();
  const std::string utilization = format_percent(busiest.utilization.estimate);
  const std::string ceiling = percent_label(kComfortableUtilization) + " comfortable ceiling";
  std::string text =
      busiest.saturated
          ? opening + ", the busiest node, " + busiest.name + ", is saturated at " + utilization +
                " utilization: work arrives faster than it is served, so its queue grows "
                "throughout the run."
          : opening + ", the busiest node is " + busiest.name + " at " + utilization +
                " utilization" +
                (busiest.utilization.estimate >= kComfortableUtilization ? ", above the " + ceiling
                                                                         : "") +
                ".";
  std::vector<std::string> also_hot;
  for (std::size_t i = 1; i < nodes.size(); ++i) {
    if (nodes[i]->utilization.estimate >= kComfortableUtilization) {
      also_hot.push_back(nodes[i]->name + " (" + format_percent(nodes[i]->utilization.estimate) +
                         ")");
    }
  }
  if (!also_hot.empty()) {
    text += " Also above the " + ceiling + ": " + joined(also_hot) + ".";
  }
  return text;
}

/// Names the classes whose latencies are lower bounds because they call a saturated node.
std::string lower_bound_sentence(const RunResult &result) {
  std::vector<std::string> bounded;
  for (const ClassSummary *summary : classes_by_throughput(result)) {
    if (summary->saturated) {
      bounded.push_back(summary->name);
    }
  }
  return bounded.empty() ? ""
                         : " Response times of " + joined(bounded) +
                               " are lower bounds: a longer run would queue them longer.";
}

std::string latency_sentences(const RunResult &result) {
  const auto classes = classes_by_throughput(result);
  if (classes.empty()) {
    return "";
  }
  const ClassSummary &main = *classes.front();
  std::string text = " " + sentence_case(main.name) + " requests take " +
                     format_duration_s(main.latency_mean_s.estimate) + " on average; " +
                     percent_label(kReportedPercentiles[kP95].probability) + " finish within " +
                     format_duration_s(main.latency_percentile_s[kP95].estimate) + " and " +
                     percent_label(kReportedPercentiles[kP99].probability) + " within " +
                     format_duration_s(main.latency_percentile_s[kP99].estimate) + ".";
  const ClassSummary &slowest = **std::max_element(
      classes.begin(), classes.end(), [](const ClassSummary *a, const ClassSummary *b) {
        return a->latency_percentile_s[kP99].estimate < b->latency_percentile_s[kP99].estimate;
      });
  if (&slowest != &main) {
    text += " The slowest class is " + slowest.name + ": " +
            percent_label(kReportedPercentiles[kP99].probability) +
            " of its requests finish within " +
            format_duration_s(slowest.latency_percentile_s[kP99].estimate) + ".";
  }
  return text;
}

std::string drop_sentence(const RunResult &result) {
  std::int64_t dropped = 0;
  std::int64_t arrived = 0;
  for (const ClassSummary &summary : result.classes) {
    dropped += summary.dropped;
    arrived += summary.completed + summary.dropped;
  }
  if (dropped == 0) {
    return " No requests were dropped.";
  }
  std::vector<std::string> full_nodes;
  for (const NodeSummary *node : sorted_descending(
           result.nodes, [](const NodeSummary &summary) { return summary.dropped; })) {
    if (node->dropped > 0) {
      full_nodes.push_back(node->name);
    }
  }
  return " " + plural(dropped, "request") + " (" +
         format_percent(static_cast<double>(dropped) / static_cast<double>(arrived)) +
         ") were dropped because a queue was full" +
         (full_nodes.empty() ? "" : " at " + joined(full_nodes)) + ".";
}

std::string summary_paragraph(const RunResult &result) {
  return "<p class=\"summary\">" +
         escape_xml(load_sentence(result) + lower_bound_sentence(result) +
                    latency_sentences(result) + drop_sentence(result)) +
         "</p>\n";
}

/// The run's warnings (saturated nodes, early stops), or nothing.
std::string warnings_box(const RunResult &result) {
  const std::vector<std::string> warnings = run_warnings(result);
  if (warnings.empty()) {
    return "";
  }
  std::string html = "<div class=\"warnings\">\n<strong>Read with care</strong>\n<ul>\n";
  for (const std::string &warning : warnings) {
    html += "<li>" + escape_xml(sentence_case(warning)) + "</li>\n";
  }
  return html + "</ul>\n</div>\n";
}

// ---- Tables ----

/// "7.71 ms" followed by its 95% CI half-width relative to it, e.g. "±1.2%".
std::string with_ci(const Estimate &estimate, const std::string &text) {
  std::string html = escape_xml(text);
  if (estimate.estimate != 0.0 && estimate.half_width() != 0.0) {
    html += " <span class=\"ci\">±" +
            escape_xml(format_percent(estimate.half_width() / std::fabs(estimate.estimate))) +
            "</span>";
  }
  return html;
}

std::string class_table_html(const RunResult &result) {
  std::vector<std::string> headers{"Class", "Throughput", "Completed", "Dropped", "Mean"};
  for (const Percentile &percentile : kReportedPercentiles) {
    headers.emplace_back(percentile.label);
  }
  std::vector<std::vector<std::string>> rows;
  for (const ClassSummary *summary : classes_by_throughput(result)) {
    // A class calling a saturated node would wait longer in a longer run.
    const std::string bound = summary->saturated ? "≥ " : "";
    std::vector<std::string> row{
        escape_xml(summary->name),
        escape_xml(format_rate_per_s(summary->throughput_per_s.estimate)),
        escape_xml(format_count(summary->completed)), escape_xml(format_count(summary->dropped)),
        with_ci(summary->latency_mean_s,
                bound + format_duration_s(summary->latency_mean_s.estimate))};
    for (const Estimate &estimate : summary->latency_percentile_s) {
      row.push_back(escape_xml(bound + format_duration_s(estimate.estimate)));
    }
    rows.push_back(std::move(row));
  }
  return html_table(headers, rows);
}

std::string utilization_cell(const NodeSummary &node) {
  if (node.unlimited) {
    return "no slot limit";
  }
  const std::string cell = with_ci(node.utilization, format_percent(node.utilization.estimate));
  if (node.saturated) {
    return "<span class=\"hot\">" + cell + "</span> <span class=\"tag\">saturated</span>";
  }
  return node.utilization.estimate >= kComfortableUtilization
             ? "<span class=\"hot\">" + cell + "</span>"
             : cell;
}

std::string node_table_html(const RunResult &result) {
  std::vector<std::vector<std::string>> rows;
  for (const NodeSummary *node : nodes_by_utilization(result)) {
    rows.push_back(
        {escape_xml(node->name), utilization_cell(*node),
         escape_xml(format_rate_per_s(node->throughput_per_s.estimate)),
         escape_xml(format_duration_s(node->wait_mean_s.estimate)),
         escape_xml(format_percent(node->prob_wait.estimate)),
         escape_xml(format_significant(node->queue_length_mean.estimate)),
         escape_xml(format_significant(node->in_system_mean.estimate)),
         with_ci(node->residence_mean_s, format_duration_s(node->residence_mean_s.estimate)),
         escape_xml(format_count(node->dropped))});
  }
  return html_table({"Node", "Utilization", "Throughput", "Mean wait", "Had to wait", "Mean queue",
                     "Mean in system", "Mean residence", "Dropped"},
                    rows);
}

/// What only some node types have (hit ratios, bytes served, job latency, connections, rate
/// limits, failovers), one line per node; nothing when no node has any.
std::string node_details_html(const RunResult &result) {
  std::vector<std::vector<std::string>> rows;
  for (const NodeSummary &node : result.nodes) {
    std::string joined;
    for (const std::string &detail : node_details(node)) {
      joined += (joined.empty() ? "" : "; ") + detail;
    }
    if (!joined.empty()) {
      rows.push_back({escape_xml(node.name), escape_xml(joined)});
    }
  }
  return rows.empty() ? "" : html_table({"Node", "Details (summed over replications)"}, rows);
}

// ---- Charts ----

std::string latency_cdf_chart(const RunResult &result) {
  svg::LineChart chart;
  chart.title = "Share of requests finished within a given time";
  chart.x = duration_axis("Response time (log scale)");
  chart.x.log_scale = true;
  chart.y = percent_axis("Requests finished");
  const double share = kReportedPercentiles[kP95].probability;
  chart.y_references = {{share, percent_label(share) + " of requests"}};
  for (const ClassSummary *summary : classes_by_throughput(result)) {
    chart.series.push_back(
        {summary->name, summary->pooled_latency.cdf_points_s(kCdfPointsPerClass)});
  }
  return svg::render_line_chart(chart);
}

std::string percentile_chart(const RunResult &result) {
  svg::BarChart chart;
  chart.title = "Response time by class: median, p95 and p99";
  chart.category_label = "Class";
  chart.value_axis = duration_axis("Response time");
  chart.series = {"p50 (median)", kReportedPercentiles[kP95].label,
                  kReportedPercentiles[kP99].label};
  for (const ClassSummary *summary : classes_by_throughput(result)) {
    chart.groups.push_back({summary->name,
                            {summary->latency_percentile_s[kP50].estimate,
                             summary->latency_percentile_s[kP95].estimate,
                             summary->latency_percentile_s[kP99].estimate},
                            ""});
  }
  return svg::render_bar_chart(chart);
}

/// A class's mean time per request at `node`: waiting for a slot and working, over every
/// synchronous call to it (async calls do not delay the response).
std::pair<double, double> time_at_node_s(const ClassSummary &summary, const std::string &node) {
  double wait_s = 0.0;
  double work_s = 0.0;
  for (const CallSiteSummary &site : summary.breakdown) {
    if (site.node == node && !site.async) {
      wait_s += site.calls_per_request * site.wait_mean_s;
      work_s += site.calls_per_request * site.service_mean_s;
    }
  }
  return {wait_s, work_s};
}

/// Stacked per class: the time its requests spend at each node, waiting then working; ""
/// when no class has a breakdown.
std::string class_breakdown_chart(const RunResult &result) {
  std::vector<std::string> nodes;
  for (const NodeSummary &node : result.nodes) {
    for (const ClassSummary &summary : result.classes) {
      const auto [wait_s, work_s] = time_at_node_s(summary, node.name);
      if (wait_s + work_s > 0.0) {
        nodes.push_back(node.name);
        break;
      }
    }
  }
  if (nodes.empty()) {
    return "";
  }
  svg::BarChart chart;
  chart.title = "Where the time goes: mean response time by class and node";
  chart.category_label = "Class";
  chart.value_axis = duration_axis("Mean time per request");
  chart.series_per_colour = 2;
  for (const std::string &node : nodes) {
    chart.series.push_back(node + ": waiting");
    chart.series.push_back(node + ": working");
  }
  for (const ClassSummary *summary : classes_by_throughput(result)) {
    svg::BarGroup group{summary->name, {}, ""};
    for (const std::string &node : nodes) {
      const auto [wait_s, work_s] = time_at_node_s(*summary, node);
      group.values.insert(group.values.end(), {wait_s, work_s});
    }
    chart.groups.push_back(std::move(group));
  }
  return html_figure(svg::render_stacked_bar_chart(chart),
                     "Each bar is one request class's mean response time, split by the node "
                     "where the time is spent: waiting for a free worker slot (light) and "
                     "working (dark), over every call a request makes. Calls made in the "
                     "background do not delay the response and are left out. The longest "
                     "segment is where speeding up helps that class most.");
}

std::string utilization_chart(const RunResult &result) {
  svg::BarChart chart;
  chart.title = "Utilization by node";
  chart.category_label = "Node";
  chart.value_axis = percent_axis("Utilization (share of worker-slot time busy)");
  chart.series = {"utilization"};
  chart.reference = svg::ReferenceLine{
      kComfortableUtilization, percent_label(kComfortableUtilization) + " — comfortable ceiling"};
  for (const NodeSummary *node : nodes_by_utilization(result)) {
    if (!node->unlimited) { // a pure delay has no slots to fill
      chart.groups.push_back(
          {node->name, {node->utilization.estimate}, node->saturated ? "saturated" : ""});
    }
  }
  return svg::render_bar_chart(chart);
}

std::string residence_chart(const RunResult &result) {
  svg::BarChart chart;
  chart.title = "Mean time a request spends at each node, per visit";
  chart.category_label = "Node";
  chart.value_axis = duration_axis("Mean time in the node (residence)");
  chart.series = {"waiting for a free slot", "holding a slot (own work and nested calls)"};
  for (const NodeSummary *node : sorted_descending(result.nodes, [](const NodeSummary &summary) {
         return summary.residence_mean_s.estimate;
       })) {
    const double wait_s = node->wait_mean_s.estimate;
    chart.groups.push_back(
        {node->name, {wait_s, std::max(0.0, node->residence_mean_s.estimate - wait_s)}, ""});
  }
  return svg::render_stacked_bar_chart(chart);
}

// ---- The page ----

std::string page_header(const RunResult &result) {
  return "<header>\n<h1>" + escape_xml(result.scenario.empty() ? "capsim run" : result.scenario) +
         "</h1>\n<p class=\"subtitle\">Capacity simulation by capsim · " +
         escape_xml(plural(result.replications, "replication")) + " × " +
         escape_xml(measured_window(result)) + " measured · seed " + std::to_string(result.seed) +
         "</p>\n</header>\n";
}

std::string classes_section(const RunResult &result) {
  return "<section id=\"classes\">\n<h2>Response time by request class</h2>\n" +
         html_figure(
             latency_cdf_chart(result),
             "Each curve is one request class: how many of its requests had finished by the "
             "time on the horizontal axis. Further left is faster; where a curve crosses "
             "the dashed line is that class's p95.") +
         html_figure(percentile_chart(result),
                     "The median (p50) is the typical request; p95 and p99 are the slow tail: one "
                     "request in 20, and one in 100, takes longer than these.") +
         class_breakdown_chart(result) + class_table_html(result) + "</section>\n";
}

/// Each objective in words: what was promised, what the simulation found, and whether it holds.
std::string slo_section(const RunResult &result) {
  if (result.slos.empty()) {
    return "";
  }
  std::vector<std::vector<std::string>> rows;
  for (const SloVerdict &verdict : result.slos) {
    const std::string status = slo_status_name(verdict.status);
    rows.push_back({escape_xml(verdict.spec.class_name),
                    escape_xml(slo_figure_name(verdict.spec) + " at most " +
                               format_duration_s(verdict.spec.target_s)),
                    with_ci(verdict.value_s, format_duration_s(verdict.value_s.estimate)),
                    verdict.status == SloStatus::met
                        ? escape_xml(status)
                        : "<span class=\"hot\">" + escape_xml(status) + "</span>"});
  }
  return "<section id=\"slos\">\n<h2>Service-level objectives</h2>\n<p>An objective is met "
         "when even the pessimistic end of the simulation's 95% confidence range is within "
         "the target, and broken when even the optimistic end is beyond it.</p>\n" +
         html_table({"Request class", "Objective", "Simulated", "Verdict"}, rows) + "</section>\n";
}

std::string nodes_section(const RunResult &result) {
  return "<section id=\"nodes\">\n<h2>Load on each node</h2>\n" +
         html_figure(utilization_chart(result),
                     "The share of each node's worker-slot time in use. Beyond about " +
                         percent_label(kComfortableUtilization) +
                         ", queues and response times grow quickly with any extra load; at 100% "
                         "the node is saturated.") +
         html_figure(residence_chart(result),
                     "How long a request stays at a node on each visit: first waiting for a free "
                     "worker slot, then holding it for its own work and any calls it makes "
                     "meanwhile.") +
         node_table_html(result) + node_details_html(result) + "</section>\n";
}

std::string notes_section(const RunResult &result) {
  return "<section id=\"how-to-read\">\n<h2>How to read this</h2>\n<ul class=\"notes\">\n"
         "<li>Every figure is the average over " +
         escape_xml(plural(result.replications, "independent replication")) +
         " of the same system. The small <span class=\"ci\">±</span> figure is the 95% "
         "confidence interval: the true average lies within that margin of the estimate with "
         "95% confidence.</li>\n"
         "<li><b>Response time</b> runs from a request's arrival until its last synchronous "
         "call completes. <b>p95</b> is the time within which 95% of requests finish; p50 is "
         "the median.</li>\n"
         "<li><b>Utilization</b> is the share of a node's worker-slot time in use. A node near "
         "100% cannot absorb more load: requests queue and wait.</li>\n"
         "<li><b>Had to wait</b> is the share of visits that found every slot busy; "
         "<b>residence</b> is the time from arriving at a node until its slot is "
         "released.</li>\n"
         "<li><b>Dropped</b> requests found a full queue and were turned away.</li>\n" +
         (std::any_of(result.classes.begin(), result.classes.end(),
                      [](const ClassSummary &summary) { return summary.saturated; })
              ? "<li><b>≥</b> marks the response times of classes that call a saturated node: "
                "they are lower bounds, since a longer run would queue them longer.</li>\n"
              : "") +
         "</ul>\n</section>\n";
}

std::string parameters_section(const RunResult &result) {
  const std::vector<std::pair<std::string, std::string>> parameters{
      {"Scenario", result.scenario},
      {"Seed", std::to_string(result.seed)},
      {"Replications", format_count(result.replications)},
      {"Simulated time per replication", span_label(result.duration_s)},
      {"Warm-up discarded", span_label(result.warmup_s)},
      {"Measured window", measured_window(result)},
      {"Requests simulated", format_count(static_cast<std::int64_t>(result.requests_started))},
      {"Events simulated", format_count(static_cast<std::int64_t>(result.events))}};
  std::string html =
      "<section id=\"parameters\">\n<h2>Run parameters</h2>\n<dl class=\"parameters\">\n";
  for (const auto &[name, value] : parameters) {
    html += "<dt>" + escape_xml(name) + "</dt><dd>" + escape_xml(value) + "</dd>\n";
  }
  return html + "</dl>\n</section>\n";
}

} // namespace

std::string run_report_html(const RunResult &result) {
  return html_page("capsim report: " + result.scenario,
                   page_header(result) + summary_paragraph(result) + warnings_box(result) +
                       slo_section(result) + classes_section(result) +
                       over_time_section_html(result) + nodes_section(result) +
                       notes_section(result) + parameters_section(result));
}

} // namespace capsim
