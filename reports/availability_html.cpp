// The HTML page of an availability study (see availability_report.hpp): the answer in words,
// charts of each class's monthly downtime against its error budget and of what causes the worst
// class's downtime, then every table of the text report.
#include "models/human_format.hpp"
#include "reports/availability_report.hpp"
#include "reports/availability_tables.hpp"
#include "reports/html_page.hpp"
#include "reports/svg_chart.hpp"

namespace capsim {
namespace {

using availability::AvailabilityStudy;
using availability::ClassFigures;
using svg::escape_xml;

/// Plotted in minutes, whose round ticks read better than seconds'.
std::string downtime_chart(const AvailabilityStudy &study) {
  constexpr double kSecondsPerMinute = 60.0;
  const double budget_min =
      (1.0 - study.estimate.model.target) * kSecondsPerMonth / kSecondsPerMinute;
  const auto minutes = [](double value) { return format_significant(value) + " min"; };
  svg::BarChart chart{"Downtime in an average month",
                      "Class",
                      {"Downtime a month (simulated)", minutes, false, 0.0, std::nullopt},
                      {"downtime"},
                      {},
                      svg::ReferenceLine{budget_min, "error budget"}};
  for (const ClassFigures &figures : study.simulated.classes) {
    const double downtime_min = figures.downtime_s_per_month.estimate / kSecondsPerMinute;
    chart.groups.push_back(
        {figures.name, {downtime_min}, downtime_min > budget_min ? "over budget" : ""});
  }
  return html_figure(svg::render_bar_chart(chart),
                     "Each class's expected downtime a month from the failure simulation, against "
                     "the error budget the target leaves (dashed).");
}

std::string impacts_chart(const AvailabilityStudy &study) {
  const std::string &worst = study.estimate.model.classes[study.estimate.worst_class].name;
  svg::BarChart chart{
      "What causes " + worst + "'s downtime",
      "Component",
      {"Share of the downtime removed if it never failed", format_percent, false, 0.0, 1.0},
      {"share"},
      {},
      std::nullopt};
  for (const availability::ComponentImpact &impact : study.estimate.impacts) {
    chart.groups.push_back({impact.component, {impact.downtime_share}, ""});
  }
  return html_figure(svg::render_bar_chart(chart),
                     "Each component made perfect in turn (analytic): the share of " + worst +
                         "'s downtime that would go away. Shares overlap where failures "
                         "coincide.");
}

/// html_table escapes the headers itself; the cells are escaped here.
std::string table_html(const AvailabilitySection &section) {
  std::vector<std::vector<std::string>> rows;
  for (const std::vector<std::string> &row : section.rows) {
    std::vector<std::string> cells;
    for (const std::string &cell : row) {
      cells.push_back(escape_xml(cell));
    }
    rows.push_back(std::move(cells));
  }
  return "<h3>" + escape_xml(section.title) + "</h3>\n" + html_table(section.headers, rows);
}

std::string method_section(const AvailabilityStudy &study) {
  return "<section id=\"how-to-read\">\n<h2>How this was computed</h2>\n<ul class=\"notes\">\n"
         "<li>Analytic: a Markov chain per redundant group (instances with their repair crews, "
         "or an active unit and its standby with the failover time), solved exactly; zones and "
         "regions by conditioning on which are up; a class is served when every node its "
         "synchronous calls need has a unit up.</li>\n"
         "<li>Simulated: " +
         std::to_string(study.simulated.replications) + " independent replications of " +
         escape_xml(format_significant(study.simulated.duration_s / kSecondsPerYear)) +
         " years of failures and repairs with their real distributions; intervals are 95% "
         "Student-t across replications. Months are 730 hours.</li>\n"
         "<li>Capacity: the instances the peak load needs are the fewest at which the analytic "
         "queueing twin saturates no node; below that a class is served but its latency "
         "objectives cannot hold.</li>\n"
         "<li>Failed requests: arrivals while a class is not served, plus the calls in progress "
         "at a failed unit (Little's law at the queueing twin) and those sent to it before the "
         "failure is detected, less what the scenario retries.</li>\n</ul>\n</section>\n";
}

} // namespace

std::string availability_report_html(const Scenario &scenario, const AvailabilityStudy &study) {
  std::string body =
      "<header>\n<h1>" + escape_xml(scenario.name) + ": availability</h1>\n<p class=\"subtitle\">" +
      escape_xml("target " + format_target(study.estimate.model.target) + " · seed " +
                 std::to_string(scenario.seed)) +
      "</p>\n</header>\n<p class=\"summary\">" + escape_xml(availability_summary(study)) + "</p>\n";
  body += "<section id=\"downtime\">\n<h2>Downtime</h2>\n" + downtime_chart(study) +
          impacts_chart(study) + "</section>\n<section id=\"tables\">\n<h2>Figures</h2>\n";
  for (const AvailabilitySection &section : availability_sections(scenario, study)) {
    body += table_html(section);
  }
  body += "</section>\n" + method_section(study);
  return html_page("capsim availability: " + scenario.name, body);
}

} // namespace capsim
