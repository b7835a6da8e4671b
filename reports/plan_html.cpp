// report.html for a plan (see plan_report.hpp): the summary, the scaling timeline, charts of
// cost, instances, latency at the peak and headroom by month, and the month and cost tables.
#include "models/human_format.hpp"
#include "models/plan/audit.hpp"
#include "models/slo.hpp"
#include "reports/availability_report.hpp"
#include "reports/html_page.hpp"
#include "reports/plan_report.hpp"
#include "reports/svg_chart.hpp"

#include <cmath>
#include <limits>

namespace capsim {
namespace {

using plan::MonthPlan;
using plan::PlanResult;
using svg::escape_xml;

svg::Axis axis(std::string label, svg::ValueFormat format) {
  svg::Axis made;
  made.label = std::move(label);
  made.format = std::move(format);
  return made;
}

svg::Axis month_axis(const PlanResult &plan) {
  return axis("Month", [&plan](double month) {
    const auto index = static_cast<std::size_t>(std::max(0.0, std::round(month)));
    return index < plan.months.size() ? plan.months[index].label : std::string();
  });
}

svg::Axis usd_axis(std::string label) {
  return axis(std::move(label), [](double usd) { return format_usd(usd); });
}

svg::Series month_series(const PlanResult &plan, std::string name,
                         const std::function<double(const MonthPlan &)> &value) {
  svg::Series series{std::move(name), {}};
  for (const MonthPlan &month : plan.months) {
    const double y = value(month);
    if (std::isfinite(y)) {
      series.points.emplace_back(month.month, y);
    }
  }
  return series;
}

std::string cost_charts(const PlanResult &plan) {
  svg::LineChart total{"Monthly cost", month_axis(plan), usd_axis("Cost per month"), {}, {}};
  total.series.push_back(month_series(plan, "P50 (median forecast)",
                                      [](const MonthPlan &m) { return m.cost_usd.p50; }));
  svg::Band range{"P10–P90 (80% of growth scenarios)", {}};
  for (const MonthPlan &month : plan.months) {
    range.points.push_back(
        {static_cast<double>(month.month), month.cost_usd.p10, month.cost_usd.p90});
  }
  total.bands.push_back(std::move(range));
  svg::BarChart parts{"Monthly cost by component (P50)",
                      "Month",
                      usd_axis("Cost per month"),
                      plan.components,
                      {},
                      {}};
  for (const MonthPlan &month : plan.months) {
    svg::BarGroup group{month.label, {}, ""};
    for (const plan::Band &band : month.component_cost_usd) {
      group.values.push_back(band.p50);
    }
    parts.groups.push_back(std::move(group));
  }
  return html_figure(svg::render_line_chart(total),
                     "What the system costs each month. The line is the median forecast; the "
                     "shaded band holds 80% of the growth scenarios, from the optimistic (P10) "
                     "to the pessimistic (P90).") +
         html_figure(svg::render_stacked_bar_chart(parts),
                     "Where the money goes each month: one bar per month, split by component.");
}

std::string instances_chart(const Scenario &scenario, const PlanResult &plan) {
  svg::LineChart chart{"Instances at the monthly peak",
                       month_axis(plan),
                       axis("Instances", [](double v) { return format_significant(v); }),
                       {},
                       {}};
  for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
    const NodeSpec &node = scenario.nodes[i];
    if (!node.autoscaling || node.pool_caller >= 0) {
      continue;
    }
    chart.series.push_back(month_series(
        plan, node.name, [i](const MonthPlan &m) { return m.nodes[i].peak_instances.p50; }));
    const double max = node.autoscaling->max_instances;
    chart.series.push_back(
        month_series(plan, node.name + " maximum", [max](const MonthPlan &) { return max; }));
  }
  if (chart.series.empty()) {
    return "";
  }
  return html_figure(svg::render_line_chart(chart),
                     "How many instances each autoscaled tier needs at the busiest hour of each "
                     "month (median growth), against the most it may run.");
}

std::string latency_charts(const Scenario &scenario, const PlanResult &plan) {
  std::string html;
  for (std::size_t s = 0; s < scenario.slos.size(); ++s) {
    const SloSpec &slo = scenario.slos[s];
    const std::string figure_name = slo_figure_name(slo);
    svg::LineChart chart{
        figure_name + " of " + slo.class_name + " at the monthly peak",
        month_axis(plan),
        axis("Response time", [](double v) { return format_duration_s(v); }),
        {},
        {svg::ReferenceLine{slo.target_s, "SLO " + format_duration_s(slo.target_s)}}};
    chart.series.push_back(month_series(plan, "simulated", [s](const MonthPlan &m) {
      return m.peak ? m.peak->verdicts[s].value_s.estimate
                    : std::numeric_limits<double>::quiet_NaN();
    }));
    html += html_figure(svg::render_line_chart(chart),
                        "The simulated " + figure_name + " response time of " + slo.class_name +
                            " at each month's peak load, against its objective (dashed). Months "
                            "without a point were saturated.");
  }
  return html;
}

std::string headroom_chart(const PlanResult &plan) {
  svg::LineChart chart{"Headroom at the monthly peak",
                       month_axis(plan),
                       axis("Load multiplier (× the month's peak)",
                            [](double v) { return "x" + format_significant(v); }),
                       {},
                       {svg::ReferenceLine{1.0, "no headroom left"}}};
  chart.series.push_back(month_series(plan, "before a node saturates (analytic)",
                                      [](const MonthPlan &m) { return m.headroom; }));
  std::string caption = "How many times the month's peak load the system could take, with every "
                        "autoscaled tier at its maximum, before a node saturates (analytic)";
  if (plan.slo_headroom) {
    chart.series.push_back(
        month_series(plan, "before an SLO breaks (simulated)", [](const MonthPlan &m) {
          return m.slo_headroom.value_or(std::numeric_limits<double>::quiet_NaN());
        }));
    caption += ", and before the first SLO breaks (simulated: a bisection of peak runs with the "
               "tiers sized for each load). Below the line the month's own peak is too much";
  }
  return html_figure(svg::render_line_chart(chart), caption + ".");
}

std::string timeline_section(const PlanResult &plan) {
  std::string html = "<section id=\"timeline\">\n<h2>Scaling timeline</h2>\n<ul class=\"notes\">\n";
  const std::vector<std::string> lines = plan_timeline_lines(plan);
  for (const std::string &line : lines) {
    html += "<li>" + escape_xml(line) + "</li>\n";
  }
  if (lines.empty()) {
    html += "<li>Nothing reaches a limit within the horizon.</li>\n";
  }
  return html + "</ul>\n</section>\n";
}

std::string month_table_html(const Scenario &scenario, const PlanResult &plan) {
  std::vector<std::string> headers{"Month", "Growth", "Peak rate"};
  for (const NodeSpec &node : scenario.nodes) {
    if (node.autoscaling && node.pool_caller < 0) {
      headers.push_back(node.name + " instances");
    }
  }
  if (plan.priced) {
    headers.emplace_back("Cost / month");
  }
  headers.emplace_back("Headroom");
  std::vector<std::vector<std::string>> rows;
  for (const MonthPlan &month : plan.months) {
    std::vector<std::string> row{escape_xml(month.label),
                                 escape_xml("x" + format_significant(month.load_multiplier.p50)),
                                 escape_xml(format_rate_per_s(month.peak_request_rate_per_s))};
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
      if (scenario.nodes[i].autoscaling && scenario.nodes[i].pool_caller < 0) {
        const std::string count = format_significant(month.nodes[i].peak_instances.p50);
        row.push_back(month.nodes[i].at_max ? "<span class=\"hot\">" + count + " (max)</span>"
                                            : count);
      }
    }
    if (plan.priced) {
      row.push_back(
          escape_xml(format_usd(month.cost_usd.p50)) + " <span class=\"ci\">" +
          escape_xml(format_usd(month.cost_usd.p10) + "–" + format_usd(month.cost_usd.p90)) +
          "</span>");
    }
    const std::string headroom =
        std::isfinite(month.headroom) ? "x" + format_significant(month.headroom) : "unbounded";
    row.push_back(month.saturated ? "<span class=\"hot\">saturated</span>" : escape_xml(headroom));
    rows.push_back(std::move(row));
  }
  return html_table(headers, rows);
}

/// The spec's claims, each with its verdict and the evidence for it.
std::string audit_section(const Scenario &scenario, const PlanResult &plan) {
  if (scenario.claims.empty()) {
    return "";
  }
  std::vector<std::vector<std::string>> rows;
  for (const plan::ClaimVerdict &verdict : plan::audit_claims(scenario, plan)) {
    const std::string status = plan::claim_status_name(verdict.status);
    rows.push_back({escape_xml(verdict.claim.text),
                    verdict.status == plan::ClaimStatus::holds
                        ? escape_xml(status)
                        : "<span class=\"hot\">" + escape_xml(status) + "</span>",
                    escape_xml(verdict.evidence)});
  }
  return "<section id=\"audit\">\n<h2>Does the specification hold?</h2>\n<p>Each claim the "
         "specification makes, checked against this plan: latency at the month's simulated "
         "peak, capacity and headroom from the sized instances, cost from the median bill.</p>\n" +
         html_table({"Claim", "Verdict", "Evidence"}, rows) + "</section>\n";
}

std::string availability_section(const PlanResult &plan) {
  if (!plan.availability) {
    return "";
  }
  return "<section id=\"availability\">\n<h2>Availability</h2>\n<p>" +
         escape_xml(availability_summary(*plan.availability)) +
         "</p>\n<p class=\"subtitle\">Analytic, today's configuration; capsim availability "
         "simulates it.</p>\n</section>\n";
}

std::string assumptions_section(const PlanResult &plan) {
  std::string catalogs;
  for (const std::string &name : plan.catalogs) {
    catalogs += (catalogs.empty() ? "" : ", ") + name;
  }
  return "<section id=\"how-to-read\">\n<h2>How this plan was made</h2>\n<ul class=\"notes\">\n"
         "<li>Each month's load is today's load times the growth forecast" +
         std::string(plan.samples > 1
                         ? "; the forecast is uncertain, so " + std::to_string(plan.samples) +
                               " growth scenarios were drawn and the report "
                               "gives the median (P50) and the 80% range (P10–P90)"
                         : "") +
         ".</li>\n<li>Instances and cost come from queueing formulas applied hour by hour "
         "over the daily or weekly load shape, with each autoscaled tier sized the way its "
         "policy would settle.</li>\n" +
         (plan.simulated ? "<li>Response times are simulated at each month's busiest hour "
                           "with those instance counts (median growth).</li>\n"
                         : "<li>This is a fast plan: response times were not simulated.</li>\n") +
         (plan.priced ? "<li>Prices: " + escape_xml(catalogs) + ", in " +
                            escape_xml(plan.currency) + ".</li>\n"
                      : "") +
         "</ul>\n</section>\n";
}

} // namespace

std::string plan_report_html(const Scenario &scenario, const PlanResult &plan) {
  std::string body = "<header>\n<h1>" + escape_xml(plan.scenario) +
                     ": capacity plan</h1>\n<p class=\"subtitle\">" +
                     escape_xml(plan.months.front().label + " to " + plan.months.back().label +
                                " · seed " + std::to_string(plan.seed)) +
                     "</p>\n</header>\n<p class=\"summary\">" +
                     escape_xml(plan_summary(scenario, plan)) + "</p>\n" +
                     audit_section(scenario, plan) + timeline_section(plan) +
                     availability_section(plan);
  if (plan.priced) {
    body += "<section id=\"cost\">\n<h2>Cost</h2>\n" + cost_charts(plan) + "</section>\n";
  }
  body += "<section id=\"capacity\">\n<h2>Capacity</h2>\n" + instances_chart(scenario, plan) +
          headroom_chart(plan) + month_table_html(scenario, plan) + "</section>\n";
  if (plan.simulated && !scenario.slos.empty()) {
    body += "<section id=\"slos\">\n<h2>Response times at the peak</h2>\n" +
            latency_charts(scenario, plan) + "</section>\n";
  }
  return html_page("capsim plan: " + plan.scenario, body + assumptions_section(plan));
}

} // namespace capsim
