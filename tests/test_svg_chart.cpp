// SVG charts: well-formed XML, titles, axis labels, legends and reference lines present,
// nice tick values (checked by hand), escaping, no non-finite numbers, byte-identical output.
#include "reports/svg_chart.hpp"

#include "text_search.hpp"

#include <doctest/doctest.h>

#include "relative_approx.hpp"
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <string>
#include <vector>

using namespace capsim::svg;

namespace {

// ---- A minimal XML checker for the subset the charts use ----

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == ':';
}

/// Checks that an '&' at `at` starts one of the five predefined entities or a character
/// reference; returns the index after it, or npos.
std::size_t skip_entity(const std::string &xml, std::size_t at) {
  const std::size_t semicolon = xml.find(';', at);
  if (semicolon == std::string::npos) {
    return std::string::npos;
  }
  const std::string entity = xml.substr(at, semicolon + 1 - at);
  static const std::set<std::string> kEntities{"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
  const bool numeric = entity.size() > 3 && entity[1] == '#' &&
                       std::all_of(entity.begin() + 2, entity.end() - 1, [](char c) {
                         return std::isdigit(static_cast<unsigned char>(c)) != 0;
                       });
  return kEntities.contains(entity) || numeric ? semicolon + 1 : std::string::npos;
}

std::string read_name(const std::string &xml, std::size_t &at) {
  const std::size_t start = at;
  while (at < xml.size() && is_name_char(xml[at])) {
    ++at;
  }
  return xml.substr(start, at - start);
}

void skip_spaces(const std::string &xml, std::size_t &at) {
  while (at < xml.size() && std::isspace(static_cast<unsigned char>(xml[at])) != 0) {
    ++at;
  }
}

/// Parses the attributes of a start tag from `at` to its '>' or "/>"; returns an error or "".
std::string read_attributes(const std::string &xml, std::size_t &at, bool &self_closing) {
  std::set<std::string> seen;
  while (true) {
    skip_spaces(xml, at);
    if (xml.compare(at, 2, "/>") == 0 || xml.compare(at, 1, ">") == 0) {
      self_closing = xml[at] == '/';
      at += self_closing ? 2 : 1;
      return "";
    }
    const std::string name = read_name(xml, at);
    if (name.empty() || !seen.insert(name).second || xml.compare(at, 2, "=\"") != 0) {
      return "bad or repeated attribute '" + name + "' at " + std::to_string(at);
    }
    at += 2;
    while (at < xml.size() && xml[at] != '"') {
      if (xml[at] == '<') {
        return "'<' inside attribute " + name;
      }
      at = xml[at] == '&' ? skip_entity(xml, at) : at + 1;
      if (at == std::string::npos) {
        return "bad entity in attribute " + name;
      }
    }
    if (at >= xml.size()) {
      return "unterminated attribute " + name;
    }
    ++at;
  }
}

/// Empty when `xml` is one well-formed element (start and end tags balanced and matching,
/// attributes quoted and unique, text and attributes free of raw '<' and stray '&');
/// otherwise what is wrong.
std::string xml_problem(const std::string &xml) {
  std::vector<std::string> open;
  int roots = 0;
  std::size_t at = 0;
  while (at < xml.size()) {
    const char c = xml[at];
    if (c == '<' && xml.compare(at, 2, "</") == 0) {
      at += 2;
      const std::string name = read_name(xml, at);
      skip_spaces(xml, at);
      if (open.empty() || open.back() != name || xml.compare(at, 1, ">") != 0) {
        return "unexpected </" + name + ">";
      }
      open.pop_back();
      ++at;
    } else if (c == '<') {
      ++at;
      const std::string name = read_name(xml, at);
      if (name.empty()) {
        return "bad tag at " + std::to_string(at);
      }
      roots += open.empty() ? 1 : 0;
      bool self_closing = false;
      if (std::string error = read_attributes(xml, at, self_closing); !error.empty()) {
        return error;
      }
      if (!self_closing) {
        open.push_back(name);
      }
    } else if (c == '&') {
      at = skip_entity(xml, at);
      if (at == std::string::npos) {
        return "stray '&'";
      }
    } else if (c == '>' || (open.empty() && std::isspace(static_cast<unsigned char>(c)) == 0)) {
      return std::string("unexpected '") + c + "' at " + std::to_string(at);
    } else {
      ++at;
    }
  }
  if (!open.empty()) {
    return "<" + open.back() + "> not closed";
  }
  return roots == 1 ? "" : std::to_string(roots) + " root elements";
}

using text_search::contains;
using text_search::count_of;

std::string percent(double fraction) {
  return std::to_string(static_cast<int>(std::lround(fraction * 100.0))) + "%";
}

std::string milliseconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g ms", seconds * 1e3);
  return buffer;
}

LineChart cdf_chart() {
  LineChart chart;
  chart.title = "Share of requests finished";
  chart.x = {"Response time (log scale)", milliseconds, true, std::nullopt, std::nullopt};
  chart.y = {"Requests finished", percent, false, 0.0, 1.0};
  chart.series = {{"browse", {{0.001, 0.1}, {0.004, 0.5}, {0.02, 0.95}, {0.05, 1.0}}},
                  {"checkout", {{0.01, 0.2}, {0.03, 0.7}, {0.2, 1.0}}}};
  chart.y_references = {{0.95, "95% of requests"}};
  return chart;
}

BarChart utilization_chart() {
  BarChart chart;
  chart.title = "Utilization by node";
  chart.category_label = "Node";
  chart.value_axis = {"Utilization (share of time busy)", percent, false, 0.0, 1.0};
  chart.series = {"utilization"};
  chart.groups = {{"api", {0.39}, ""}, {"db", {1.0}, "saturated"}, {"mailer", {0.05}, ""}};
  chart.reference = ReferenceLine{0.8, "80% — comfortable ceiling"};
  return chart;
}

BarChart residence_chart() {
  BarChart chart;
  chart.title = "Time per visit";
  chart.category_label = "Node";
  chart.value_axis = {"Mean time in the node", milliseconds, false, std::nullopt, std::nullopt};
  chart.series = {"waiting", "holding a slot"};
  chart.groups = {{"api", {0.002, 0.008}, ""}, {"db", {0.001, 0.003}, ""}};
  return chart;
}

void check_ticks(const std::vector<double> &ticks, const std::vector<double> &expected) {
  REQUIRE(ticks.size() == expected.size());
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    CAPTURE(i);
    CHECK(ticks[i] == capsim::testing::approx(expected[i]).epsilon(1e-12));
  }
}

} // namespace

TEST_CASE("the XML checker itself tells good from bad") {
  CHECK(xml_problem(R"(<svg a="1"><g><text x="2">a &amp; b</text><line/></g></svg>)").empty());
  CHECK_FALSE(xml_problem("<svg><g></svg>").empty());
  CHECK_FALSE(xml_problem("<svg><text>a & b</text></svg>").empty());
  CHECK_FALSE(xml_problem(R"(<svg a="1" a="2"></svg>)").empty());
  CHECK_FALSE(xml_problem(R"(<svg a="x<y"></svg>)").empty());
  CHECK_FALSE(xml_problem("<svg></svg><svg></svg>").empty());
  CHECK_FALSE(xml_problem("<svg>1 > 0</svg>").empty());
}

TEST_CASE("a line chart has its title, axes, legend, reference line and curves") {
  const std::string svg = render_line_chart(cdf_chart());
  CHECK(xml_problem(svg) == "");
  CHECK(svg.starts_with("<svg "));
  CHECK(contains(svg, "aria-label=\"Share of requests finished\""));
  CHECK(contains(svg, ">Share of requests finished</text>"));
  CHECK(contains(svg, ">Response time (log scale)</text>"));
  CHECK(contains(svg, ">Requests finished</text>"));
  CHECK(contains(svg, ">browse</text>")); // legend: two series
  CHECK(contains(svg, ">checkout</text>"));
  CHECK(contains(svg, ">95% of requests</text>"));
  CHECK(contains(svg, "stroke-dasharray=\"6 4\"")); // the reference line
  CHECK(count_of(svg, "<polyline class=\"mark\"") == 2);
  // Log x from 1 ms to 200 ms: powers of ten; y from 0% to 100% in steps of 20%.
  for (const char *tick :
       {">1 ms<", ">10 ms<", ">100 ms<", ">1000 ms<", ">0%<", ">20%<", ">100%<"}) {
    CAPTURE(tick);
    CHECK(contains(svg, tick));
  }
  CHECK_FALSE(contains(svg, "http"));
}

TEST_CASE("one series needs no legend; no reference line unless asked") {
  LineChart chart = cdf_chart();
  chart.series.pop_back();
  chart.y_references.clear();
  const std::string svg = render_line_chart(chart);
  CHECK(xml_problem(svg) == "");
  CHECK_FALSE(contains(svg, ">browse</text>"));
  CHECK_FALSE(contains(svg, "stroke-dasharray=\"6 4\""));
  CHECK(count_of(svg, "<polyline class=\"mark\"") == 1);
}

TEST_CASE("a bar chart labels each bar, flags alerts and draws its reference line") {
  const std::string svg = render_bar_chart(utilization_chart());
  CHECK(xml_problem(svg) == "");
  CHECK(contains(svg, ">Utilization by node</text>"));
  CHECK(contains(svg, ">Utilization (share of time busy)</text>"));
  CHECK(contains(svg, ">Node</text>"));
  for (const char *label :
       {">api</text>", ">db</text>", ">mailer</text>", ">39%</text>", ">5%</text>",
        ">100% — saturated</text>", ">80% — comfortable ceiling</text>"}) {
    CAPTURE(label);
    CHECK(contains(svg, label));
  }
  CHECK(count_of(svg, "<rect class=\"mark\"") == 3);
  CHECK(count_of(svg, "fill=\"#D55E00\"") == 2); // the saturated bar and its label
  CHECK(contains(svg, "stroke-dasharray=\"6 4\""));
  CHECK_FALSE(contains(svg, ">utilization</text>")); // one series: no legend
}

TEST_CASE("grouped bars: one bar per series per group, with a legend") {
  BarChart chart = residence_chart();
  const std::string svg = render_bar_chart(chart);
  CHECK(xml_problem(svg) == "");
  CHECK(count_of(svg, "<rect class=\"mark\"") == 4);
  CHECK(contains(svg, ">waiting</text>"));
  CHECK(contains(svg, ">holding a slot</text>"));
  CHECK(contains(svg, ">8 ms</text>"));
  CHECK(contains(svg, "<title>api — holding a slot: 8 ms</title>"));
}

TEST_CASE("stacked bars: segments end to end, labelled with the total") {
  const std::string svg = render_stacked_bar_chart(residence_chart());
  CHECK(xml_problem(svg) == "");
  CHECK(contains(svg, ">Time per visit</text>"));
  CHECK(contains(svg, ">Mean time in the node</text>"));
  CHECK(count_of(svg, "<rect class=\"mark\"") == 4);
  CHECK(contains(svg, ">10 ms</text>")); // api: 2 + 8
  CHECK(contains(svg, ">4 ms</text>"));  // db: 1 + 3
  CHECK(contains(svg, ">waiting</text>"));
  CHECK(contains(svg, ">holding a slot</text>"));
}

TEST_CASE("nice ticks, checked by hand") {
  check_ticks(nice_ticks(0.0, 1.0, 5), {0.0, 0.2, 0.4, 0.6, 0.8, 1.0});
  check_ticks(nice_ticks(0.0, 0.392, 5), {0.0, 0.1, 0.2, 0.3, 0.4});
  check_ticks(nice_ticks(0.0, 0.0331, 5), {0.0, 0.01, 0.02, 0.03, 0.04});
  check_ticks(nice_ticks(3.0, 97.0, 5), {0.0, 20.0, 40.0, 60.0, 80.0, 100.0});
  check_ticks(nice_ticks(-5.0, 5.0, 5), {-6.0, -4.0, -2.0, 0.0, 2.0, 4.0, 6.0});
  check_ticks(nice_ticks(1200.0, 1800.0, 4), {1200.0, 1400.0, 1600.0, 1800.0});
  check_ticks(nice_ticks(0.0, 7.5e-6, 5), {0.0, 2e-6, 4e-6, 6e-6, 8e-6});
  check_ticks(nice_ticks(0.0, 0.0, 5), {0.0, 0.2, 0.4, 0.6, 0.8, 1.0}); // degenerate
  // Ticks are the doubles nearest their decimal values, so labels print cleanly.
  CHECK(nice_ticks(0.0, 0.3, 3).back() == 0.3);
}

TEST_CASE("log ticks, checked by hand") {
  check_ticks(log_ticks(1.0, 10.0), {1.0, 2.0, 5.0, 10.0});
  check_ticks(log_ticks(1.5e-3, 40e-3), {1e-3, 2e-3, 5e-3, 10e-3, 20e-3, 50e-3});
  check_ticks(log_ticks(0.3e-3, 33.1e-3), {1e-4, 1e-3, 1e-2, 1e-1}); // wide: powers of ten
  check_ticks(log_ticks(5e-3, 5e-3), {1e-3, 1e-2});                  // one value
}

TEST_CASE("text is escaped for XML") {
  CHECK(escape_xml(R"(a<b & "c" > 'd')") == "a&lt;b &amp; &quot;c&quot; &gt; &#39;d&#39;");
  LineChart chart = cdf_chart();
  chart.title = R"(Tom & Jerry <"fast">)";
  chart.series[0].name = "<script>";
  chart.x.label = "x & y";
  const std::string svg = render_line_chart(chart);
  CHECK(xml_problem(svg) == "");
  CHECK(contains(svg, "Tom &amp; Jerry &lt;&quot;fast&quot;&gt;"));
  CHECK(contains(svg, "&lt;script&gt;"));
  CHECK_FALSE(contains(svg, "<script"));
  CHECK(contains(svg, "x &amp; y"));
}

TEST_CASE("non-finite, negative and non-positive log values are left out") {
  LineChart chart = cdf_chart();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  chart.series[0].points.insert(chart.series[0].points.begin(),
                                {{0.0, 0.0}, {-1.0, 0.1}, {nan, 0.2}, {0.002, inf}});
  const std::string svg = render_line_chart(chart);
  CHECK(xml_problem(svg) == "");
  CHECK_FALSE(contains(svg, "nan"));
  CHECK_FALSE(contains(svg, "inf"));
  CHECK(svg == render_line_chart(cdf_chart()));

  BarChart bars = residence_chart();
  bars.groups[0].values[0] = nan;
  bars.groups[1].values[0] = -0.001; // bars start at zero: a negative value draws nothing
  for (const std::string &bar_svg : {render_stacked_bar_chart(bars), render_bar_chart(bars)}) {
    CHECK(xml_problem(bar_svg) == "");
    CHECK_FALSE(contains(bar_svg, "nan"));
    CHECK_FALSE(contains(bar_svg, "width=\"-"));
  }
}

TEST_CASE("empty charts still render axes") {
  const std::string line = render_line_chart({});
  CHECK(xml_problem(line) == "");
  const std::string bars = render_bar_chart({});
  CHECK(xml_problem(bars) == "");
}

TEST_CASE("the same chart gives the same bytes") {
  CHECK(render_line_chart(cdf_chart()) == render_line_chart(cdf_chart()));
  CHECK(render_bar_chart(utilization_chart()) == render_bar_chart(utilization_chart()));
  CHECK(render_stacked_bar_chart(residence_chart()) == render_stacked_bar_chart(residence_chart()));
}

TEST_CASE("a band is one closed polygon under the lines, with a legend entry") {
  LineChart chart;
  chart.title = "Monthly cost";
  chart.x = {"Month", {}, false, std::nullopt, std::nullopt};
  chart.y = {"Cost", {}, false, std::nullopt, std::nullopt};
  chart.series = {{"P50", {{0.0, 10.0}, {1.0, 12.0}, {2.0, 15.0}}}};
  chart.bands = {{"P10–P90", {{0.0, 8.0, 12.0}, {1.0, 9.0, 16.0}, {2.0, 10.0, 30.0}}}};
  const std::string svg = render_line_chart(chart);
  CHECK(xml_problem(svg) == "");
  REQUIRE(count_of(svg, "<path class=\"mark band\"") == 1);
  CHECK(contains(svg, ">P10–P90</text>")); // legend: a line and a band
  CHECK(contains(svg, ">P50</text>"));
  CHECK(svg.find("<path class=\"mark band\"") < svg.find("<polyline class=\"mark\""));
  // Three highs out, three lows back: six corners, closed.
  const std::size_t d = svg.find(" d=\"", svg.find("<path class=\"mark band\""));
  const std::string path = svg.substr(d + 4, svg.find('"', d + 4) - d - 4);
  CHECK(path.starts_with("M"));
  CHECK(path.ends_with(" Z"));
  CHECK(count_of(path, " L") == 5);
  CHECK(contains(svg, "fill-opacity=\"0.22\""));
  // The axis covers the band's high end (30), not only the line's (15).
  CHECK(contains(svg, ">30</text>"));
  // A band of one point has no area: nothing drawn, nothing non-finite.
  chart.bands[0].points.resize(1);
  chart.bands[0].points.push_back({std::numeric_limits<double>::quiet_NaN(), 1.0, 2.0});
  const std::string thin = render_line_chart(chart);
  CHECK(xml_problem(thin) == "");
  CHECK_FALSE(contains(thin, "mark band"));
  CHECK_FALSE(contains(thin, "nan"));
}

TEST_CASE("x markers: a triangle per moment in the plot, with a tooltip and a legend entry") {
  LineChart chart = cdf_chart();
  chart.x = {"Time", {}, false, 0.0, 10.0};
  chart.series = {{"api", {{0.0, 2.0}, {10.0, 4.0}}}};
  chart.y_references.clear();
  chart.x_markers = {
      {3.0, 0, "3 s: api 2 → 4"}, {7.0, 0, "7 s: api 4 → 3"}, {12.0, 0, "outside the axis"}};
  chart.x_markers_name = "scaling decision";
  const std::string svg = render_line_chart(chart);
  CHECK(xml_problem(svg) == "");
  CHECK(count_of(svg, "<path class=\"mark marker\"") == 2);
  CHECK(contains(svg, "<title>3 s: api 2 → 4</title>"));
  CHECK_FALSE(contains(svg, "outside the axis"));
  CHECK(contains(svg, ">scaling decision</text>"));
  CHECK(contains(svg, "stroke-dasharray=\"2 3\""));
  chart.x_markers.clear();
  const std::string without = render_line_chart(chart);
  CHECK_FALSE(contains(without, "marker"));
  CHECK_FALSE(contains(without, "scaling decision"));
}

TEST_CASE("several reference lines, and the value axis stretches to show them") {
  LineChart chart = cdf_chart();
  chart.y = {"Response time", milliseconds, false, std::nullopt, std::nullopt};
  chart.x = {"Time", {}, false, std::nullopt, std::nullopt};
  chart.series = {{"p95", {{0.0, 0.010}, {1.0, 0.020}}}};
  chart.y_references = {{0.050, "SLO: p95 50 ms"}, {0.100, "SLO: p99 100 ms"}};
  const std::string svg = render_line_chart(chart);
  CHECK(xml_problem(svg) == "");
  CHECK(contains(svg, ">SLO: p95 50 ms</text>"));
  CHECK(contains(svg, ">SLO: p99 100 ms</text>"));
  CHECK(count_of(svg, "stroke-dasharray=\"6 4\"") == 2);
}

TEST_CASE("grouped bars with intervals: a whisker per bar, labels beyond it") {
  BarChart chart;
  chart.title = "p95 by class";
  chart.category_label = "Class";
  chart.value_axis = {"p95", milliseconds, false, std::nullopt, std::nullopt};
  chart.series = {"A", "B"};
  chart.groups = {{"browse", {0.010, 0.008}, "", {{0.009, 0.011}, {0.007, 0.030}}}};
  const std::string svg = render_bar_chart(chart);
  CHECK(xml_problem(svg) == "");
  CHECK(contains(svg, "<title>browse — A: 10 ms [9 ms – 11 ms]</title>"));
  CHECK(contains(svg, "<title>browse — B: 8 ms [7 ms – 30 ms]</title>"));
  // Three lines per whisker (the span and two caps), 1.5 px in ink.
  CHECK(count_of(svg, "stroke=\"#222222\" stroke-width=\"1.5\"") == 6);
  // B's label follows its whisker's end (30 ms, beyond its bar at 8 ms) and the axis reaches it.
  CHECK(contains(svg, ">30 ms</text>"));
  BarChart plain = chart;
  plain.groups[0].intervals.clear();
  CHECK(count_of(render_bar_chart(plain), "stroke-width=\"1.5\"") == 0);
}

TEST_CASE("series sharing a colour: the earlier ones lighter") {
  BarChart chart = residence_chart();
  chart.series_per_colour = 2;
  const std::string svg = render_stacked_bar_chart(chart);
  CHECK(xml_problem(svg) == "");
  CHECK(count_of(svg, "fill=\"#0072B2\" fill-opacity=\"0.40\"") == 3); // legend + two bars
  CHECK(count_of(svg, "fill=\"#0072B2\">") == 3);
  CHECK_FALSE(contains(svg, "#E69F00"));
}
