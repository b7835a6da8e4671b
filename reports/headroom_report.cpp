// The views of a headroom search (see headroom_report.hpp).
#include "reports/headroom_report.hpp"

#include "models/human_format.hpp"
#include "reports/chart_labels.hpp"
#include "reports/html_page.hpp"
#include "reports/svg_chart.hpp"

#include <algorithm>
#include <cmath>

namespace capsim {
namespace {

using svg::escape_xml;

/// "2.4×" in sentences and on the chart's axis.
std::string times_text(double multiplier) {
  return std::isfinite(multiplier) ? without_trailing_zeros(format_significant(multiplier)) + "×"
                                   : "unbounded";
}

/// "checkout's p95 SLO (300 ms)".
std::string slo_name(const SloSpec &spec) {
  return spec.class_name + "'s " + slo_figure_name(spec) + " SLO (" +
         duration_label(spec.target_s) + ")";
}

/// A search cut short by the run limits: only what its completed probes show.
std::string unfinished_text(const HeadroomResult &result) {
  std::string text = std::string("The search stopped early (") +
                     stop_reason_name(result.stop_reason) + "): the probe at " +
                     load_multiplier_text(result.probes.back().load_multiplier) +
                     " was cut short and is not counted, so there is no final answer";
  if (result.load_multiplier > 0.0) {
    text += "; every SLO holds up to at least " + load_multiplier_text(result.load_multiplier) +
            " today's load, and the limit is below " +
            load_multiplier_text(result.broken_multiplier);
  }
  return text;
}

std::string bottleneck_clause(const HeadroomResult &result) {
  return "the bottleneck is " + result.bottleneck + " at " +
         percent_label(result.bottleneck_utilization) + " utilization";
}

/// The probe's figure for one SLO: "183 ms", "412 ms (broken)", "not judged".
std::string verdict_cell(const SloVerdict &verdict) {
  if (verdict.status == SloStatus::not_judged) { // a run cut short: its figure means little
    return "not judged";
  }
  return format_duration_s(verdict.value_s.estimate) +
         (verdict.status == SloStatus::met
              ? ""
              : " (" + std::string(slo_status_name(verdict.status)) + ")");
}

std::string probe_verdict(const HeadroomProbe &probe) {
  if (probe.stop_reason != StopReason::completed) {
    return std::string("cut short (") + stop_reason_name(probe.stop_reason) + ")";
  }
  return probe.met ? "all met" : "not met";
}

std::vector<std::string> probe_headers(const HeadroomResult &result) {
  std::vector<std::string> headers{"load", "replications"};
  for (const SloVerdict &verdict : result.probes.front().verdicts) {
    headers.push_back(headroom_slo_text(verdict.spec));
  }
  headers.insert(headers.end(), {"verdict", "busiest node"});
  return headers;
}

std::vector<std::string> probe_cells(const HeadroomProbe &probe) {
  std::vector<std::string> cells{load_multiplier_text(probe.load_multiplier),
                                 std::to_string(probe.replications)};
  for (const SloVerdict &verdict : probe.verdicts) {
    cells.push_back(verdict_cell(verdict));
  }
  cells.push_back(probe_verdict(probe));
  cells.push_back(probe.busiest_node.empty()
                      ? "—"
                      : probe.busiest_node + " " + format_percent(probe.busiest_utilization));
  return cells;
}

/// The probes of SLO `s` that were judged, by load: its figure at each load.
std::string slo_chart(const HeadroomResult &result, std::size_t s) {
  const SloSpec &spec = result.probes.front().verdicts[s].spec;
  std::vector<const HeadroomProbe *> probes;
  for (const HeadroomProbe &probe : result.probes) {
    if (probe.verdicts[s].status != SloStatus::not_judged) {
      probes.push_back(&probe);
    }
  }
  std::stable_sort(probes.begin(), probes.end(), [](const auto *a, const auto *b) {
    return a->load_multiplier < b->load_multiplier;
  });
  svg::LineChart chart;
  chart.title = slo_figure_name(spec) + " of " + spec.class_name + " against load";
  chart.x = svg::Axis{"Load (multiple of today's)", times_text, false, std::nullopt, std::nullopt};
  chart.y = duration_axis(slo_figure_name(spec) + " response time (simulated)");
  svg::Series line{"simulated " + slo_figure_name(spec), {}};
  for (const HeadroomProbe *probe : probes) {
    line.points.emplace_back(probe->load_multiplier, probe->verdicts[s].value_s.estimate);
  }
  chart.series.push_back(std::move(line));
  chart.y_references.push_back({spec.target_s, "SLO: " + duration_label(spec.target_s)});
  if (result.load_multiplier > 0.0 && std::isfinite(result.load_multiplier)) {
    chart.x_markers.push_back({result.load_multiplier, 0,
                               "headroom: every SLO holds up to " +
                                   times_text(result.load_multiplier) + " today's load"});
    chart.x_markers_name = "headroom (the answer)";
  }
  return html_figure(svg::render_line_chart(chart),
                     "Each point is one probe of the search: the whole system simulated at that "
                     "multiple of today's load, and the " +
                         slo_figure_name(spec) + " response time of " + spec.class_name +
                         " it found. Where the curve crosses the dashed target line, the SLO "
                         "breaks; the triangle marks the answer.");
}

std::string probe_table_html(const HeadroomResult &result) {
  std::vector<std::vector<std::string>> rows;
  for (const HeadroomProbe &probe : result.probes) {
    std::vector<std::string> row;
    for (const std::string &cell : probe_cells(probe)) {
      row.push_back(escape_xml(cell));
    }
    rows.push_back(std::move(row));
  }
  return html_table(probe_headers(result), rows);
}

} // namespace

std::string headroom_slo_text(const SloSpec &spec) {
  return slo_figure_name(spec) + " of " + spec.class_name +
         " <= " + format_duration_s(spec.target_s);
}

std::string load_multiplier_text(double multiplier) {
  return std::isfinite(multiplier) ? "x" + format_significant(multiplier) : "unbounded";
}

std::string headroom_summary_text(const HeadroomResult &result) {
  std::string text;
  if (result.stop_reason != StopReason::completed) {
    text = unfinished_text(result);
  } else if (result.load_multiplier == 0.0) {
    text = "No load meets every SLO";
  } else {
    text = "Every SLO holds up to " + load_multiplier_text(result.load_multiplier) +
           " today's load (" + format_percent(result.load_multiplier - 1.0) +
           (result.load_multiplier >= 1.0 ? " more)" : ": today's load already breaks one)");
  }
  if (result.first_broken) {
    const bool broken = result.first_broken->status == SloStatus::broken;
    text += "; beyond it, " + headroom_slo_text(result.first_broken->spec) +
            (broken ? " breaks first (" : " reaches its target first (too close to call: ") +
            format_duration_s(result.first_broken->value_s.estimate) + " at " +
            load_multiplier_text(result.broken_multiplier) + ")";
  }
  text += ".\nBottleneck: " + result.bottleneck + " at " +
          format_percent(result.bottleneck_utilization) + " utilization; the analytic twin " +
          "puts saturation at " + load_multiplier_text(result.analytic_saturation_multiplier) +
          ".\n";
  return text;
}

std::string headroom_answer(const HeadroomResult &result) {
  if (result.stop_reason != StopReason::completed) {
    return unfinished_text(result) + "; " + bottleneck_clause(result) + ".";
  }
  const std::string which =
      result.first_broken ? slo_name(result.first_broken->spec) : std::string("an SLO");
  if (result.load_multiplier == 0.0) {
    return "Even the lightest load probed breaks " + which + "; " + bottleneck_clause(result) + ".";
  }
  if (result.load_multiplier < 1.0) {
    return "Today's load already breaks " + which + ": every SLO holds only up to " +
           times_text(result.load_multiplier) + " today's load; " + bottleneck_clause(result) + ".";
  }
  return "The system takes " + times_text(result.load_multiplier) + " today's load before " +
         which + " breaks; " + bottleneck_clause(result) + ".";
}

TextTable headroom_probe_table(const HeadroomResult &result) {
  TextTable table;
  const std::vector<std::string> headers = probe_headers(result);
  for (std::size_t i = 0; i < headers.size(); ++i) {
    table.column(headers[i],
                 i + 2 >= headers.size() ? TextTable::Align::left : TextTable::Align::right);
  }
  for (const HeadroomProbe &probe : result.probes) {
    table.row(probe_cells(probe));
  }
  return table;
}

std::string headroom_report_markdown(const Scenario &scenario, const HeadroomResult &result) {
  return "# Headroom: " + scenario.name + "\n\n" + headroom_answer(result) + "\n\n" +
         headroom_summary_text(result) + "\n## Probes\n\nIn the order run; SLO figures are " +
         "simulated estimates (seed " + std::to_string(scenario.seed) + ").\n\n" +
         headroom_probe_table(result).to_markdown();
}

std::string headroom_report_html(const Scenario &scenario, const HeadroomResult &result) {
  std::string charts;
  for (std::size_t s = 0; s < result.probes.front().verdicts.size(); ++s) {
    charts += slo_chart(result, s);
  }
  const std::string probes = std::to_string(result.probes.size()) + " probes";
  return html_page(
      "capsim headroom: " + scenario.name,
      "<header>\n<h1>" + escape_xml(scenario.name.empty() ? "capsim headroom" : scenario.name) +
          "</h1>\n<p class=\"subtitle\">Headroom search by capsim · " + escape_xml(probes) +
          " · seed " + std::to_string(scenario.seed) + "</p>\n</header>\n<p class=\"summary\">" +
          escape_xml(headroom_answer(result)) +
          "</p>\n<section id=\"search\">\n<h2>The "
          "search</h2>\n<p>" +
          escape_xml("capsim simulated the system at several multiples of today's load, "
                     "halving the gap between the largest load that met every SLO and the "
                     "smallest that broke one. The analytic model puts saturation at " +
                     times_text(result.analytic_saturation_multiplier) + ".") +
          "</p>\n" + charts + probe_table_html(result) +
          "</section>\n<section id=\"how-to-read\">\n<h2>How to read this</h2>\n<ul "
          "class=\"notes\">\n<li>A load of 2× means twice today's arrival rate (or twice the "
          "users of a closed workload).</li>\n<li>An SLO is <b>met</b> when even the pessimistic "
          "end of its 95% confidence interval is within target; a probe too close to call gets "
          "more replications and, still undecided, counts as not met, so the answer errs on "
          "the safe side.</li>\n<li>The <b>busiest node</b> of each probe is the one with the "
          "highest utilization. The <b>bottleneck</b> in the answer is the busiest node the "
          "requests of the first SLO to break wait on: a busier node doing only background "
          "work does not break it.</li>\n</ul>\n</section>\n");
}

} // namespace capsim
