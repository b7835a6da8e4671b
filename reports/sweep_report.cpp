// Sweep views (see sweep_report.hpp).
#include "reports/sweep_report.hpp"

#include "models/human_format.hpp"
#include "models/slo.hpp"
#include "reports/csv_writer.hpp"
#include "reports/html_page.hpp"
#include "reports/json_report.hpp"
#include "reports/svg_chart.hpp"

#include <algorithm>
#include <cmath>

namespace capsim {
namespace {

constexpr std::size_t kP95 = 2;
constexpr std::size_t kP99 = 3;

std::string value_text(const nlohmann::ordered_json &value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

/// A point the run limits cut short: its simulated figures are left out.
bool cut_short(const SweepPoint &point) {
  return point.result.stop_reason != StopReason::completed;
}

std::string slo_summary(const RunResult &result) {
  if (result.stop_reason != StopReason::completed) {
    return std::string("cut short (") + stop_reason_name(result.stop_reason) + ")";
  }
  if (result.slos.empty()) {
    return "no SLOs";
  }
  const auto count = [&](SloStatus status) {
    return std::count_if(result.slos.begin(), result.slos.end(),
                         [&](const SloVerdict &verdict) { return verdict.status == status; });
  };
  if (count(SloStatus::met) == static_cast<long>(result.slos.size())) {
    return "all met";
  }
  return std::to_string(count(SloStatus::broken)) + " broken, " +
         std::to_string(count(SloStatus::too_close)) + " too close";
}

std::string headroom_text(double multiplier) {
  return std::isfinite(multiplier) ? "x" + format_significant(multiplier) : "unbounded";
}

/// The points' figures as strings: parameter values, then per class p95 and p99, then SLOs,
/// headroom and cost.
std::vector<std::string> header(const std::vector<SweepParameter> &parameters,
                                const SweepPoint &first) {
  std::vector<std::string> names;
  for (const SweepParameter &parameter : parameters) {
    names.push_back(parameter.path);
  }
  for (const ClassSummary &summary : first.result.classes) {
    names.push_back("p95 " + summary.name);
    names.push_back("p99 " + summary.name);
  }
  names.insert(names.end(), {"SLOs", "headroom", "cost / month"});
  return names;
}

/// One point as strings, in header() order; ">= " marks the latencies of saturated classes.
std::vector<std::string> point_row(const SweepPoint &point) {
  std::vector<std::string> row;
  for (const auto &value : point.values) {
    row.push_back(value_text(value));
  }
  for (const ClassSummary &summary : point.result.classes) {
    const std::string bound = summary.saturated ? ">= " : "";
    const auto latency = [&](std::size_t p) {
      return cut_short(point) ? "-"
                              : bound + format_duration_s(summary.latency_percentile_s[p].estimate);
    };
    row.push_back(latency(kP95));
    row.push_back(latency(kP99));
  }
  row.push_back(slo_summary(point.result));
  row.push_back(headroom_text(point.saturation_load_multiplier));
  row.push_back(point.cost_usd_per_month ? format_usd(*point.cost_usd_per_month) : "-");
  return row;
}

double numeric(const nlohmann::ordered_json &value) {
  return value.is_number() ? value.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

svg::Axis axis(std::string label, svg::ValueFormat format) {
  svg::Axis made;
  made.label = std::move(label);
  made.format = std::move(format);
  return made;
}

/// One parameter: p95 of each class against the parameter, and the cost when priced.
std::string line_charts(const std::vector<SweepParameter> &parameters,
                        const std::vector<SweepPoint> &points) {
  svg::LineChart latency{"p95 response time by " + parameters.front().path,
                         axis(parameters.front().path, {}),
                         axis("p95", [](double v) { return format_duration_s(v); }),
                         {},
                         {}};
  for (std::size_t c = 0; c < points.front().result.classes.size(); ++c) {
    svg::Series series{points.front().result.classes[c].name, {}};
    for (const SweepPoint &point : points) {
      if (!cut_short(point)) {
        series.points.emplace_back(numeric(point.values.front()),
                                   point.result.classes[c].latency_percentile_s[kP95].estimate);
      }
    }
    latency.series.push_back(std::move(series));
  }
  std::string html = html_figure(svg::render_line_chart(latency),
                                 "How the slow tail (p95) of each request class moves as " +
                                     parameters.front().path + " changes.");
  if (points.front().cost_usd_per_month) {
    svg::LineChart cost{"Monthly cost by " + parameters.front().path,
                        axis(parameters.front().path, {}),
                        axis("Cost per month", [](double v) { return format_usd(v); }),
                        {},
                        {}};
    svg::Series series{"cost", {}};
    for (const SweepPoint &point : points) {
      series.points.emplace_back(numeric(point.values.front()), *point.cost_usd_per_month);
    }
    cost.series.push_back(std::move(series));
    html += html_figure(svg::render_line_chart(cost),
                        "What each configuration costs a month (today's load).");
  }
  return html;
}

/// Two parameters: a table of the first class's p95, shaded from fastest to slowest.
std::string heatmap(const std::vector<SweepParameter> &parameters,
                    const std::vector<SweepPoint> &points) {
  const SweepParameter &rows = parameters[0];
  const SweepParameter &columns = parameters[1];
  double fastest = std::numeric_limits<double>::infinity();
  double slowest = 0.0;
  for (const SweepPoint &point : points) {
    if (!cut_short(point)) {
      const double p95 = point.result.classes.front().latency_percentile_s[kP95].estimate;
      fastest = std::min(fastest, p95);
      slowest = std::max(slowest, p95);
    }
  }
  std::vector<std::string> headers{rows.path + " \\ " + columns.path};
  for (const auto &value : columns.values) {
    headers.push_back(value_text(value));
  }
  std::vector<std::vector<std::string>> cells;
  for (std::size_t r = 0; r < rows.values.size(); ++r) {
    std::vector<std::string> row{svg::escape_xml(value_text(rows.values[r]))};
    for (std::size_t c = 0; c < columns.values.size(); ++c) {
      const SweepPoint &point = points[r * columns.values.size() + c];
      if (cut_short(point)) {
        row.emplace_back("-");
        continue;
      }
      const double p95 = point.result.classes.front().latency_percentile_s[kP95].estimate;
      const double shade = slowest > fastest ? (p95 - fastest) / (slowest - fastest) : 0.0;
      const int light = 95 - static_cast<int>(std::lround(shade * 40.0));
      row.push_back("<span style=\"display:block;background:hsl(20,80%," + std::to_string(light) +
                    "%)\">" + svg::escape_xml(format_duration_s(p95)) + "</span>");
    }
    cells.push_back(std::move(row));
  }
  return "<p>p95 of " + svg::escape_xml(points.front().result.classes.front().name) +
         " for each pair of values; darker is slower.</p>\n" + html_table(headers, cells);
}

} // namespace

TextTable sweep_table(const std::vector<SweepParameter> &parameters,
                      const std::vector<SweepPoint> &points) {
  TextTable table;
  for (const std::string &name : header(parameters, points.front())) {
    table.column(name);
  }
  for (const SweepPoint &point : points) {
    table.row(point_row(point));
  }
  return table;
}

nlohmann::ordered_json sweep_json(const std::vector<SweepParameter> &parameters,
                                  const std::vector<SweepPoint> &points) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const SweepPoint &point : points) {
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    for (std::size_t p = 0; p < parameters.size(); ++p) {
      values[parameters[p].path] = point.values[p];
    }
    nlohmann::ordered_json classes = nlohmann::ordered_json::object();
    for (const ClassSummary &summary : point.result.classes) {
      classes[summary.name] = {{"p95_s", estimate_to_json(summary.latency_percentile_s[kP95])},
                               {"p99_s", estimate_to_json(summary.latency_percentile_s[kP99])},
                               {"saturated", summary.saturated}};
    }
    nlohmann::ordered_json slos = nlohmann::ordered_json::array();
    for (const SloVerdict &verdict : point.result.slos) {
      slos.push_back(slo_verdict_to_json(verdict));
    }
    rows.push_back({{"values", values},
                    {"stop_reason", stop_reason_name(point.result.stop_reason)},
                    {"classes", cut_short(point) ? nlohmann::ordered_json(nullptr) : classes},
                    {"slos", slos},
                    {"saturation_load_multiplier",
                     std::isfinite(point.saturation_load_multiplier)
                         ? nlohmann::ordered_json(point.saturation_load_multiplier)
                         : nlohmann::ordered_json(nullptr)},
                    {"cost_usd_per_month", point.cost_usd_per_month
                                               ? nlohmann::ordered_json(*point.cost_usd_per_month)
                                               : nlohmann::ordered_json(nullptr)}});
  }
  return {{"stop_reason", stop_reason_name(sweep_stop_reason(points))}, {"points", rows}};
}

std::string sweep_csv(const std::vector<SweepParameter> &parameters,
                      const std::vector<SweepPoint> &points) {
  std::vector<std::string> names;
  for (const SweepParameter &parameter : parameters) {
    names.push_back(parameter.path);
  }
  for (const ClassSummary &summary : points.front().result.classes) {
    names.push_back("p95_s:" + summary.name);
    names.push_back("p99_s:" + summary.name);
    names.push_back("saturated:" + summary.name);
  }
  names.insert(names.end(), {"slos_met", "slos_broken", "saturation_load_multiplier",
                             "cost_usd_per_month", "stop_reason"});
  CsvWriter csv(names);
  for (const SweepPoint &point : points) {
    std::vector<std::string> row;
    for (const auto &value : point.values) {
      row.push_back(value_text(value));
    }
    for (const ClassSummary &summary : point.result.classes) {
      const auto latency = [&](std::size_t p) {
        return cut_short(point) ? "" : csv_number(summary.latency_percentile_s[p].estimate);
      };
      row.push_back(latency(kP95));
      row.push_back(latency(kP99));
      row.emplace_back(summary.saturated ? "true" : "false");
    }
    const auto count = [&](SloStatus status) {
      return std::to_string(
          std::count_if(point.result.slos.begin(), point.result.slos.end(),
                        [&](const SloVerdict &verdict) { return verdict.status == status; }));
    };
    row.push_back(count(SloStatus::met));
    row.push_back(count(SloStatus::broken));
    row.push_back(std::isfinite(point.saturation_load_multiplier)
                      ? csv_number(point.saturation_load_multiplier)
                      : "");
    row.push_back(point.cost_usd_per_month ? csv_number(*point.cost_usd_per_month) : "");
    row.emplace_back(stop_reason_name(point.result.stop_reason));
    csv.row(row);
  }
  return csv.text();
}

std::string sweep_report_html(const std::string &scenario_name,
                              const std::vector<SweepParameter> &parameters,
                              const std::vector<SweepPoint> &points) {
  std::string body = "<header>\n<h1>" + svg::escape_xml(scenario_name) +
                     ": sweep</h1>\n<p class=\"subtitle\">" + std::to_string(points.size()) +
                     " configurations</p>\n</header>\n";
  const bool numeric_first = std::all_of(points.begin(), points.end(), [](const SweepPoint &p) {
    return p.values.front().is_number();
  });
  if (parameters.size() == 1 && numeric_first) {
    body += "<section id=\"charts\">\n<h2>Response time and cost</h2>\n" +
            line_charts(parameters, points) + "</section>\n";
  } else if (parameters.size() == 2 &&
             points.size() == parameters[0].values.size() * parameters[1].values.size()) {
    body += "<section id=\"heatmap\">\n<h2>p95 by both parameters</h2>\n" +
            heatmap(parameters, points) + "</section>\n";
  }
  std::vector<std::vector<std::string>> rows;
  for (const SweepPoint &point : points) {
    std::vector<std::string> row = point_row(point);
    for (std::string &cell : row) {
      cell = svg::escape_xml(cell);
    }
    rows.push_back(std::move(row));
  }
  body += "<section id=\"points\">\n<h2>Every configuration</h2>\n<p>Headroom is the analytic "
          "load multiplier at which the first node saturates.</p>\n" +
          html_table(header(parameters, points.front()), rows) + "</section>\n";
  return html_page("capsim sweep: " + scenario_name, body);
}

} // namespace capsim
