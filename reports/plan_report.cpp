// The JSON, CSV, terminal and Markdown views of a plan (see plan_report.hpp).
#include "reports/plan_report.hpp"

#include "models/human_format.hpp"
#include "models/plan/audit.hpp"
#include "models/slo.hpp"
#include "reports/availability_report.hpp"
#include "reports/csv_writer.hpp"
#include "reports/headroom_report.hpp"
#include "reports/json_report.hpp"
#include "reports/text_table.hpp"

#include <algorithm>
#include <cmath>

namespace capsim {
namespace {

using nlohmann::ordered_json;
using plan::Band;
using plan::MonthPlan;
using plan::PlanResult;

/// Timeline events in fewer growth samples than this are left to plan.json.
constexpr double kLikelyEvent = 0.1;
constexpr std::size_t kP95 = 2;
constexpr std::size_t kP99 = 3;

ordered_json band_json(const Band &band) {
  return {{"p10", band.p10}, {"p50", band.p50}, {"p90", band.p90}};
}

/// The label of a (possibly fractional, possibly beyond-the-horizon) month number.
std::string month_name(const PlanResult &plan, double month) {
  const auto index = static_cast<std::size_t>(std::max(0.0, std::round(month)));
  if (index >= plan.months.size()) {
    return "beyond " + plan.months.back().label;
  }
  return plan.months[index].label;
}

std::string band_usd(const Band &band) {
  if (band.p10 == band.p90) {
    return format_usd(band.p50);
  }
  return format_usd(band.p50) + " (" + format_usd(band.p10) + "–" + format_usd(band.p90) + ")";
}

std::string band_count(const Band &band) {
  const auto text = [](double value) { return format_count(std::llround(value)); };
  return band.p10 == band.p90 ? text(band.p50)
                              : text(band.p50) + " (" + text(band.p10) + "–" + text(band.p90) + ")";
}

/// The first month whose peak run breaks an SLO, or none.
const MonthPlan *first_broken_month(const PlanResult &plan) {
  for (const MonthPlan &month : plan.months) {
    const bool broken =
        month.saturated ||
        (month.peak && std::any_of(month.peak->verdicts.begin(), month.peak->verdicts.end(),
                                   [](const SloVerdict &verdict) {
                                     return verdict.status == SloStatus::broken;
                                   }));
    if (broken) {
      return &month;
    }
  }
  return nullptr;
}

std::string slo_cell(const PlanResult &plan, const MonthPlan &month) {
  if (month.saturated) {
    return "saturated";
  }
  if (!month.peak) {
    return plan::peak_cut_short(plan, month.month)
               ? std::string("not simulated (") + stop_reason_name(plan.stop_reason) + ")"
               : "not simulated";
  }
  int broken = 0;
  int close = 0;
  for (const SloVerdict &verdict : month.peak->verdicts) {
    broken += verdict.status == SloStatus::broken ? 1 : 0;
    close += verdict.status == SloStatus::too_close ? 1 : 0;
  }
  if (month.peak->verdicts.empty()) {
    return "no SLOs";
  }
  if (broken > 0) {
    return std::to_string(broken) + " broken";
  }
  return close > 0 ? std::to_string(close) + " too close" : "all met";
}

std::vector<std::size_t> autoscaled_nodes(const Scenario &scenario) {
  std::vector<std::size_t> nodes;
  for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
    if (scenario.nodes[i].autoscaling && scenario.nodes[i].pool_caller < 0) {
      nodes.push_back(i);
    }
  }
  return nodes;
}

std::string multiplier_text(double multiplier) {
  return std::isfinite(multiplier) ? "x" + format_significant(multiplier) : "unbounded";
}

TextTable month_table(const Scenario &scenario, const PlanResult &plan) {
  TextTable table;
  table.column("month", TextTable::Align::left).column("load").column("peak rate");
  const std::vector<std::size_t> tiers = autoscaled_nodes(scenario);
  for (const std::size_t i : tiers) {
    table.column(scenario.nodes[i].name + " at peak");
  }
  if (plan.priced) {
    table.column("cost / month (P10–P90)");
  }
  table.column("SLOs at peak", TextTable::Align::left).column("headroom");
  if (plan.slo_headroom) {
    table.column("SLO headroom");
  }
  for (const MonthPlan &month : plan.months) {
    std::vector<std::string> cells{month.label, multiplier_text(month.load_multiplier.p50),
                                   format_rate_per_s(month.peak_request_rate_per_s)};
    for (const std::size_t i : tiers) {
      cells.push_back(band_count(month.nodes[i].peak_instances) +
                      (month.nodes[i].at_max ? " max" : ""));
    }
    if (plan.priced) {
      cells.push_back(band_usd(month.cost_usd));
    }
    cells.push_back(slo_cell(plan, month));
    cells.push_back(multiplier_text(month.headroom));
    if (plan.slo_headroom) {
      cells.push_back(month.slo_headroom ? multiplier_text(*month.slo_headroom) : "-");
    }
    table.row(std::move(cells));
  }
  return table;
}

TextTable cost_table(const PlanResult &plan) {
  TextTable table;
  const MonthPlan &first = plan.months.front();
  const MonthPlan &last = plan.months.back();
  table.column("component", TextTable::Align::left)
      .column(first.label)
      .column(last.label + " (P10–P90)");
  for (std::size_t c = 0; c < plan.components.size(); ++c) {
    table.row({plan.components[c], format_usd(first.component_cost_usd[c].p50),
               band_usd(last.component_cost_usd[c])});
  }
  table.row({"total", format_usd(first.cost_usd.p50), band_usd(last.cost_usd)});
  return table;
}

TextTable cost_per_request_table(const Scenario &scenario, const PlanResult &plan) {
  TextTable table;
  table.column("request class", TextTable::Align::left)
      .column("requests " + plan.months.front().label)
      .column("per 1M requests " + plan.months.front().label)
      .column("per 1M requests " + plan.months.back().label);
  for (std::size_t c = 0; c < scenario.workload.classes.size(); ++c) {
    table.row({scenario.workload.classes[c].name,
               format_count(std::llround(plan.months.front().class_requests[c])),
               format_usd(1e6 * plan.months.front().cost_per_request_usd[c]),
               format_usd(1e6 * plan.months.back().cost_per_request_usd[c])});
  }
  return table;
}

ordered_json peak_json(const MonthPlan &month) {
  if (!month.peak) {
    return nullptr;
  }
  ordered_json classes = ordered_json::object();
  for (const ClassSummary &summary : month.peak->result.classes) {
    ordered_json latency = ordered_json::object();
    latency["mean"] = estimate_to_json(summary.latency_mean_s);
    for (std::size_t p = 0; p < kReportedPercentiles.size(); ++p) {
      latency[kReportedPercentiles[p].key] = estimate_to_json(summary.latency_percentile_s[p]);
    }
    classes[summary.name] = {{"throughput_per_s", estimate_to_json(summary.throughput_per_s)},
                             {"latency_s", latency}};
  }
  ordered_json slos = ordered_json::array();
  for (const SloVerdict &verdict : month.peak->verdicts) {
    slos.push_back(slo_verdict_to_json(verdict));
  }
  return {{"replications", month.peak->result.replications},
          {"duration_s", month.peak->result.duration_s},
          {"classes", classes},
          {"slos", slos}};
}

/// The month's bill: "total" and "by_component" of the median growth curve (the line items,
/// so they add up), and "p10"/"p50"/"p90" of the total and of each component across the
/// growth samples.
ordered_json month_cost_json(const PlanResult &plan, const MonthPlan &month) {
  ordered_json by_component = ordered_json::object();
  ordered_json bands = ordered_json::object();
  double total_usd = 0.0;
  for (std::size_t c = 0; c < plan.components.size(); ++c) {
    const double component_usd = plan::component_cost_usd(month.line_items, plan.components[c]);
    by_component[plan.components[c]] = component_usd;
    bands[plan.components[c]] = band_json(month.component_cost_usd[c]);
    total_usd += component_usd;
  }
  ordered_json cost = band_json(month.cost_usd);
  cost["total"] = total_usd;
  cost["by_component"] = by_component;
  cost["by_component_band"] = bands;
  return cost;
}

/// The month's SLO verdicts at its simulated peak, flat: value_s is the estimate and met is
/// false unless the SLO is met. A month not simulated has value_s null: "broken" when its peak
/// saturates a node, "not judged" otherwise (--fast, or a plan stopped early).
ordered_json month_slo_json(const Scenario &scenario, const MonthPlan &month) {
  ordered_json slos = ordered_json::array();
  if (month.peak) {
    for (const SloVerdict &verdict : month.peak->verdicts) {
      ordered_json slo = slo_verdict_to_json(verdict);
      slo["value_s"] = verdict.value_s.estimate;
      slo["value_ci_s"] = {verdict.value_s.ci_low, verdict.value_s.ci_high};
      slos.push_back(slo);
    }
    return slos;
  }
  for (const SloSpec &spec : scenario.slos) {
    slos.push_back(
        {{"class", spec.class_name},
         {"percentile", slo_figure_name(spec)},
         {"target_s", spec.target_s},
         {"value_s", nullptr},
         {"value_ci_s", nullptr},
         {"status", slo_status_name(month.saturated ? SloStatus::broken : SloStatus::not_judged)},
         {"met", false}});
  }
  return slos;
}

/// Today's availability (analytic) per class, the verdict in words and the changes advised.
ordered_json availability_json(const PlanResult &plan) {
  if (!plan.availability) {
    return nullptr;
  }
  const availability::AvailabilityEstimate &estimate = *plan.availability;
  ordered_json classes = ordered_json::object();
  for (std::size_t c = 0; c < estimate.model.classes.size(); ++c) {
    classes[estimate.model.classes[c].name] = {
        {"availability", estimate.analytic.classes[c].availability},
        {"capacity_availability", estimate.analytic.classes[c].capacity_availability}};
  }
  return {{"target", estimate.model.target},
          {"summary", availability_summary(estimate)},
          {"classes", classes},
          {"changes", estimate.advice.changes}};
}

/// The simulated SLO headroom in words: how far today's peak may grow, what breaks first and
/// the first month without headroom.
std::string slo_headroom_sentence(const PlanResult &plan) {
  if (!plan.slo_headroom || plan.slo_headroom->stop_reason != StopReason::completed) {
    return "";
  }
  const HeadroomResult &search = *plan.slo_headroom;
  std::string text = " Simulated, every SLO holds up to " +
                     multiplier_text(search.load_multiplier) + " today's peak load";
  if (search.first_broken) {
    text += " (beyond it " + headroom_slo_text(search.first_broken->spec) + " breaks first; " +
            "bottleneck " + search.bottleneck + ")";
  } else {
    text += " (beyond it a node saturates)";
  }
  const auto short_month =
      std::find_if(plan.months.begin(), plan.months.end(), [](const MonthPlan &month) {
        return month.slo_headroom && *month.slo_headroom < 1.0;
      });
  if (short_month != plan.months.end()) {
    text += ": the peak outgrows it in " + short_month->label;
  }
  return text + ".";
}

ordered_json slo_headroom_json(const PlanResult &plan) {
  if (!plan.slo_headroom) {
    return nullptr;
  }
  const HeadroomResult &search = *plan.slo_headroom;
  return {{"load_multiplier", search.load_multiplier},
          {"broken_multiplier", search.broken_multiplier},
          {"first_broken", search.first_broken
                               ? ordered_json(headroom_slo_text(search.first_broken->spec))
                               : ordered_json(nullptr)},
          {"bottleneck", search.bottleneck},
          {"probes", search.probes.size()},
          {"stop_reason", stop_reason_name(search.stop_reason)}};
}

} // namespace

TextTable audit_table(const Scenario &scenario, const PlanResult &plan) {
  TextTable table;
  table.column("claim", TextTable::Align::left)
      .column("verdict", TextTable::Align::left)
      .column("evidence", TextTable::Align::left);
  for (const plan::ClaimVerdict &verdict : plan::audit_claims(scenario, plan)) {
    table.row({verdict.claim.text, plan::claim_status_name(verdict.status), verdict.evidence});
  }
  return table;
}

ordered_json audit_to_json(const Scenario &scenario, const PlanResult &plan) {
  ordered_json claims = ordered_json::array();
  for (const plan::ClaimVerdict &verdict : plan::audit_claims(scenario, plan)) {
    claims.push_back({{"text", verdict.claim.text},
                      {"kind", claim_kind_name(verdict.claim.kind)},
                      {"month", verdict.claim.month},
                      {"limit", verdict.claim.limit},
                      {"status", plan::claim_status_name(verdict.status)},
                      {"evidence", verdict.evidence},
                      {"failing_month", verdict.failing_month ? ordered_json(*verdict.failing_month)
                                                              : ordered_json(nullptr)}});
  }
  return claims;
}

ordered_json plan_to_json(const Scenario &scenario, const PlanResult &plan) {
  ordered_json months = ordered_json::array();
  for (const MonthPlan &month : plan.months) {
    ordered_json nodes = ordered_json::object();
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
      const plan::NodeMonth &node = month.nodes[i];
      const NodeSpec &spec = scenario.nodes[i];
      nodes[spec.name] = {
          {"min_instances", spec.autoscaling ? spec.autoscaling->min_instances : spec.instances},
          {"max_instances", spec.autoscaling ? spec.autoscaling->max_instances : spec.instances},
          {"peak_instances", band_json(node.peak_instances)},
          {"mean_instances", node.mean_instances},
          {"peak_utilization", node.peak_utilization},
          {"at_max", node.at_max},
          {"saturated", node.saturated}};
    }
    ordered_json per_request = ordered_json::object();
    for (std::size_t c = 0; c < scenario.workload.classes.size(); ++c) {
      per_request[scenario.workload.classes[c].name] = {
          {"requests", month.class_requests[c]}, {"cost_usd", month.cost_per_request_usd[c]}};
    }
    ordered_json items = ordered_json::array();
    for (const plan::LineItem &item : month.line_items) {
      items.push_back({{"component", item.component},
                       {"charge", item.charge},
                       {"price", item.price_key},
                       {"quantity", item.quantity},
                       {"unit", item.unit},
                       {"usd", item.usd}});
    }
    months.push_back(
        {{"month", month.month},
         {"label", month.label},
         {"load_multiplier", band_json(month.load_multiplier)},
         {"peak_load_multiplier", month.peak_load_multiplier},
         {"peak_request_rate_per_s", month.peak_request_rate_per_s},
         {"nodes", nodes},
         {"cost_usd", month_cost_json(plan, month)},
         {"classes", per_request},
         {"line_items", items},
         {"headroom_multiplier", month.headroom},
         {"slo_headroom_multiplier",
          month.slo_headroom ? ordered_json(*month.slo_headroom) : ordered_json(nullptr)},
         {"bottleneck",
          {{"node", month.bottleneck}, {"utilization", month.bottleneck_utilization}}},
         {"saturated", month.saturated},
         {"slo", month_slo_json(scenario, month)},
         {"peak_run", peak_json(month)}});
  }
  ordered_json timeline = ordered_json::array();
  for (const plan::TimelineEvent &event : plan.timeline) {
    timeline.push_back({{"kind", plan::event_kind_name(event.kind)},
                        {"subject", event.subject},
                        {"text", event.text},
                        {"fix", event.fix},
                        {"month", band_json(event.month)},
                        {"label", month_name(plan, event.month.p50)},
                        {"probability", event.probability}});
  }
  return {{"scenario", plan.scenario},
          {"seed", plan.seed},
          {"horizon_months", plan.horizon_months},
          {"samples", plan.samples},
          {"simulated", plan.simulated},
          {"stop_reason", stop_reason_name(plan.stop_reason)},
          {"simulation_stopped_at_month", plan.simulation_stopped_at
                                              ? ordered_json(*plan.simulation_stopped_at)
                                              : ordered_json(nullptr)},
          {"currency", plan.currency},
          {"catalogs", plan.catalogs},
          {"peak_profile_multiplier", plan.peak_profile_multiplier},
          {"saturation_load_multiplier", std::isfinite(plan.saturation_load_multiplier)
                                             ? ordered_json(plan.saturation_load_multiplier)
                                             : ordered_json(nullptr)},
          {"slo_headroom", slo_headroom_json(plan)},
          {"summary", plan_summary(scenario, plan)},
          {"audit", audit_to_json(scenario, plan)},
          {"availability", availability_json(plan)},
          {"timeline", timeline},
          {"months", months}};
}

std::string plan_months_csv(const Scenario &scenario, const PlanResult &plan) {
  std::vector<std::string> header{
      "month",        "label",        "load_multiplier", "peak_rate_per_s", "cost_usd_p10",
      "cost_usd_p50", "cost_usd_p90", "headroom",        "slo_headroom",    "saturated"};
  for (const NodeSpec &node : scenario.nodes) {
    header.push_back("peak_instances:" + node.name);
  }
  for (const RequestClassSpec &request_class : scenario.workload.classes) {
    header.push_back("peak_p95_s:" + request_class.name);
    header.push_back("peak_p99_s:" + request_class.name);
  }
  header.emplace_back("slos");
  CsvWriter csv(header);
  for (const MonthPlan &month : plan.months) {
    std::vector<std::string> row{std::to_string(month.month),
                                 month.label,
                                 csv_number(month.load_multiplier.p50),
                                 csv_number(month.peak_request_rate_per_s),
                                 csv_number(month.cost_usd.p10),
                                 csv_number(month.cost_usd.p50),
                                 csv_number(month.cost_usd.p90),
                                 csv_number(month.headroom),
                                 month.slo_headroom ? csv_number(*month.slo_headroom) : "",
                                 month.saturated ? "true" : "false"};
    for (const plan::NodeMonth &node : month.nodes) {
      row.push_back(csv_number(node.peak_instances.p50));
    }
    for (std::size_t c = 0; c < scenario.workload.classes.size(); ++c) {
      const bool simulated = month.peak.has_value();
      row.push_back(
          simulated ? csv_number(month.peak->result.classes[c].latency_percentile_s[kP95].estimate)
                    : "");
      row.push_back(
          simulated ? csv_number(month.peak->result.classes[c].latency_percentile_s[kP99].estimate)
                    : "");
    }
    row.push_back(slo_cell(plan, month));
    csv.row(row);
  }
  return csv.text();
}

std::string plan_costs_csv(const PlanResult &plan) {
  CsvWriter csv({"month", "label", "component", "charge", "price", "quantity", "unit", "usd"});
  for (const MonthPlan &month : plan.months) {
    for (const plan::LineItem &item : month.line_items) {
      csv.row({std::to_string(month.month), month.label, item.component, item.charge,
               item.price_key, csv_number(item.quantity), item.unit, csv_number(item.usd)});
    }
  }
  return csv.text();
}

namespace {

/// The simulation was stopped by the run limits: which peaks have no SLO verdicts.
std::string cut_short_sentence(const PlanResult &plan) {
  const MonthPlan &first = plan.months[static_cast<std::size_t>(*plan.simulation_stopped_at)];
  return std::string("The simulation stopped early (") + stop_reason_name(plan.stop_reason) +
         ") at " + first.label + "'s peak: the peaks from " + first.label +
         " on were not simulated (no latency figures, no SLO verdicts). ";
}

/// What the simulated peaks show about the SLOs.
std::string slo_sentence(const Scenario &scenario, const PlanResult &plan) {
  const std::string horizon = plan.months.front().label + " to " + plan.months.back().label;
  const MonthPlan *broken = first_broken_month(plan);
  if (plan.simulation_stopped_at && !scenario.slos.empty() &&
      (!broken || broken->month > *plan.simulation_stopped_at)) {
    const int last = *plan.simulation_stopped_at - 1; // the last month simulated
    return (last >= 0 ? "The system meets every SLO at its monthly peak from " +
                            plan.months.front().label + " to " +
                            plan.months[static_cast<std::size_t>(last)].label + ". "
                      : std::string()) +
           cut_short_sentence(plan);
  }
  std::string text;
  if (broken != nullptr) {
    text = broken->month == 0
               ? "Today's peak load already breaks an SLO. "
               : "The system meets every SLO at its peak until " +
                     plan.months[std::size_t(broken->month - 1)].label + "; in " + broken->label +
                     " " +
                     (broken->saturated ? "a node saturates (" + broken->bottleneck + ")"
                                        : "an SLO breaks at the peak") +
                     ". ";
  } else if (plan.simulated && !scenario.slos.empty()) {
    text = "The system meets every SLO at its monthly peak from " + horizon + ". ";
  } else if (!plan.simulated) {
    text = "Analytic plan (--fast): SLOs were not simulated; no node saturates at the peak from " +
           horizon + ". ";
  } else {
    text = "No node saturates at the peak from " + horizon + " (the scenario has no SLOs). ";
  }
  return plan.simulation_stopped_at ? text + cut_short_sentence(plan) : text;
}

} // namespace

std::string plan_summary(const Scenario &scenario, const PlanResult &plan) {
  std::string text = slo_sentence(scenario, plan);
  if (plan.priced) {
    text += "Cost goes from " + format_usd(plan.months.front().cost_usd.p50) + " a month in " +
            plan.months.front().label + " to " + format_usd(plan.months.back().cost_usd.p50) +
            " in " + plan.months.back().label;
    if (plan.months.back().cost_usd.p10 != plan.months.back().cost_usd.p90) {
      text += " (80% range " + format_usd(plan.months.back().cost_usd.p10) + " to " +
              format_usd(plan.months.back().cost_usd.p90) + ")";
    }
    text += ". ";
  }
  for (const plan::TimelineEvent &event : plan.timeline) {
    if (event.kind != plan::EventKind::slo_broken && event.month.p50 < plan.horizon_months) {
      text +=
          "First capacity limit: " + event.text + " in " + month_name(plan, event.month.p50) + ". ";
      break;
    }
  }
  if (std::isfinite(plan.months.front().headroom)) {
    text += "With every autoscaled tier at its maximum the system saturates at " +
            multiplier_text(plan.months.front().headroom) + " today's peak load.";
  }
  return text + slo_headroom_sentence(plan);
}

std::vector<std::string> plan_timeline_lines(const PlanResult &plan) {
  std::vector<std::string> lines;
  for (const plan::TimelineEvent &event : plan.timeline) {
    if (event.probability < kLikelyEvent) {
      continue;
    }
    std::string line;
    if (event.month.p50 >= plan.horizon_months) { // in under half of the samples
      line = "Possible (" + format_percent(event.probability) + " of growth scenarios), from " +
             month_name(plan, event.month.p10) + " at the earliest (P10)";
    } else {
      line = month_name(plan, event.month.p50);
      if (event.month.p10 != event.month.p90) {
        line += " (P10–P90 " + month_name(plan, event.month.p10) + " to " +
                month_name(plan, event.month.p90) + ")";
      }
    }
    line += ": " + event.text;
    if (event.probability < 1.0 && event.month.p50 < plan.horizon_months) {
      line += " — in " + format_percent(event.probability) + " of growth scenarios";
    }
    if (!event.fix.empty()) {
      line += ". Fix: " + event.fix;
    }
    lines.push_back(line);
  }
  return lines;
}

std::string plan_report_text(const Scenario &scenario, const PlanResult &plan) {
  std::string text = "Capacity plan: " + plan.scenario + " — " +
                     std::to_string(plan.horizon_months) + " months, " +
                     std::to_string(plan.samples) + " growth sample" +
                     (plan.samples == 1 ? "" : "s") + ", seed " + std::to_string(plan.seed) +
                     "\n\n" + plan_summary(scenario, plan) +
                     "\n\nScaling timeline (what happens in at least 10% of growth samples)\n";
  const std::vector<std::string> timeline = plan_timeline_lines(plan);
  for (const std::string &line : timeline) {
    text += "  " + line + "\n";
  }
  if (timeline.empty()) {
    text += "  nothing reaches a limit within the horizon\n";
  }
  if (!scenario.claims.empty()) {
    text += "\nAudit of the specification's claims\n" + audit_table(scenario, plan).to_text();
  }
  if (plan.availability) {
    text +=
        "\nAvailability (analytic, today's configuration; capsim availability simulates it)\n  " +
        availability_summary(*plan.availability) + "\n";
  }
  text += "\nMonth by month (instances: P50 at the peak, P10–P90 in brackets)\n" +
          month_table(scenario, plan).to_text();
  if (plan.priced) {
    text += "\nCost by component, per month\n" + cost_table(plan).to_text() +
            "\nCost per request (the nodes' costs shared by their calls; flat items left out)\n" +
            cost_per_request_table(scenario, plan).to_text();
  }
  return text;
}

std::string plan_report_markdown(const Scenario &scenario, const PlanResult &plan) {
  std::string text = "# Capacity plan: " + plan.scenario + "\n\n" + plan_summary(scenario, plan) +
                     "\n\n## Scaling timeline\n\n";
  for (const std::string &line : plan_timeline_lines(plan)) {
    text += "- " + line + "\n";
  }
  if (!scenario.claims.empty()) {
    text +=
        "\n## Audit of the specification's claims\n\n" + audit_table(scenario, plan).to_markdown();
  }
  if (plan.availability) {
    text += "\n## Availability\n\n" + availability_summary(*plan.availability) +
            " (Analytic, today's configuration; `capsim availability` simulates it.)\n";
  }
  text += "\n## Month by month\n\n" + month_table(scenario, plan).to_markdown();
  if (plan.priced) {
    text += "\n## Cost by component (per month)\n\n" + cost_table(plan).to_markdown() +
            "\n## Cost per request\n\n" + cost_per_request_table(scenario, plan).to_markdown();
  }
  return text;
}

} // namespace capsim
