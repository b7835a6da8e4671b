// report.html from real runs: self-contained (nothing fetched, no scripts), every class and
// node named, a summary that names the busiest node, every chart drawn, no non-finite
// numbers, saturation called out, scenario text escaped, the same bytes for the same run.
#include "models/run_scenario.hpp"
#include "models/scenario_loader.hpp"
#include "reports/html_report.hpp"

#include "text_search.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>

using namespace capsim;

namespace {

const RunResult &web_shop_result() {
  static const RunResult result = [] {
    Scenario scenario = load_scenario(std::filesystem::path(CAPSIM_SOURCE_DIR) /
                                      "scenarios/examples/web_shop.json");
    scenario.run = RunSpec{60.0, 5.0, 3};
    return run_scenario(scenario);
  }();
  return result;
}

// "db" serves 1 request/s at most and gets 1.5/s; the scenario name needs escaping.
RunResult overloaded_result() {
  return run_scenario(parse_scenario(R"({
    "name": "Shop <beta> & \"friends\"",
    "run": {"duration": "600s", "warmup": "10s", "replications": 2},
    "workload": {"arrivals": {"rate": "2/s"}, "classes": {
      "slow": {"share": 0.75, "calls": [{"node": "db", "demand": {"exponential": "1s"}}]},
      "fast": {"share": 0.25, "calls": [{"node": "api", "demand": {"exponential": "1ms"}}]}}},
    "nodes": {"db": {"type": "service"}, "api": {"type": "service"}}})",
                                     "overloaded.json"));
}

using text_search::contains;
using text_search::count_of;

/// The text between `open` and the next `close`, or "".
std::string between(const std::string &text, const std::string &open, const std::string &close) {
  const std::size_t start = text.find(open);
  if (start == std::string::npos) {
    return "";
  }
  const std::size_t end = text.find(close, start + open.size());
  return text.substr(start + open.size(), end - start - open.size());
}

/// The words of the page (runs of letters, digits and '-'), lower-cased.
std::vector<std::string> words(const std::string &text) {
  std::vector<std::string> found;
  std::string word;
  for (const char c : text + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-') {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      found.push_back(word);
      word.clear();
    }
  }
  return found;
}

const NodeSummary &busiest_node(const RunResult &result) {
  return *std::max_element(result.nodes.begin(), result.nodes.end(),
                           [](const NodeSummary &a, const NodeSummary &b) {
                             return a.utilization.estimate < b.utilization.estimate;
                           });
}

} // namespace

TEST_CASE("the web shop report is one self-contained page") {
  const std::string html = run_report_html(web_shop_result());
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(html.ends_with("</html>\n"));
  CHECK_FALSE(contains(html, "http://"));
  CHECK_FALSE(contains(html, "https://"));
  CHECK_FALSE(contains(html, "<script"));
  CHECK_FALSE(contains(html, "<link"));
  CHECK_FALSE(contains(html, "src="));
  CHECK_FALSE(contains(html, "url("));
  CHECK(contains(html, "<style>"));
  CHECK(contains(html, "<title>capsim report: Web shop</title>"));
}

TEST_CASE("every class and node is in the tables") {
  const RunResult &result = web_shop_result();
  const std::string html = run_report_html(result);
  for (const ClassSummary &summary : result.classes) {
    CAPTURE(summary.name);
    CHECK(contains(html, "<tr><td>" + summary.name + "</td>"));
  }
  for (const NodeSummary &node : result.nodes) {
    CAPTURE(node.name);
    CHECK(contains(html, "<tr><td>" + node.name + "</td>"));
  }
}

TEST_CASE("tables list classes by throughput and nodes by utilization") {
  const RunResult &result = web_shop_result();
  const std::string html = run_report_html(result);
  auto row_at = [&](const std::string &name) { return html.find("<tr><td>" + name + "</td>"); };
  for (const ClassSummary &a : result.classes) {
    for (const ClassSummary &b : result.classes) {
      if (a.throughput_per_s.estimate > b.throughput_per_s.estimate) {
        CAPTURE(a.name);
        CAPTURE(b.name);
        CHECK(row_at(a.name) < row_at(b.name));
      }
    }
  }
  for (const NodeSummary &a : result.nodes) {
    for (const NodeSummary &b : result.nodes) {
      if (a.utilization.estimate > b.utilization.estimate) {
        CAPTURE(a.name);
        CAPTURE(b.name);
        CHECK(row_at(a.name) < row_at(b.name));
      }
    }
  }
}

TEST_CASE("the summary paragraph is written from the numbers") {
  const RunResult &result = web_shop_result();
  const std::string summary = between(run_report_html(result), "<p class=\"summary\">", "</p>");
  CAPTURE(summary);
  CHECK(summary.starts_with("Over 3 replications of 55 s, the busiest node is " +
                            busiest_node(result).name + " at "));
  CHECK(contains(summary, "Browse requests take "));
  CHECK(contains(summary, "95% finish within "));
  CHECK(contains(summary, "99% within "));
  CHECK(contains(summary, "No requests were dropped."));
}

TEST_CASE("every chart is on the page") {
  const std::string html = run_report_html(web_shop_result());
  CHECK(count_of(html, "<svg ") == 4);
  CHECK(count_of(html, "</svg>") == 4);
  CHECK(count_of(html, "<figure>") == 4);
  for (const char *title : {"Share of requests finished within a given time",
                            "Response time by class: median, p95 and p99", "Utilization by node",
                            "Mean time a request spends at each node, per visit"}) {
    CAPTURE(title);
    CHECK(contains(html, "aria-label=\"" + std::string(title) + "\""));
  }
  CHECK(count_of(html, "<polyline class=\"mark\"") == 3); // one CDF per class
  CHECK(contains(html, ">80% — comfortable ceiling</text>"));
  CHECK(contains(html, ">95% of requests</text>"));
}

TEST_CASE("the page explains itself and states the run parameters") {
  const std::string html = run_report_html(web_shop_result());
  CHECK(contains(html, "<h2>How to read this</h2>"));
  CHECK(contains(html, "<h2>Run parameters</h2>"));
  CHECK(contains(html, "<dt>Seed</dt><dd>42</dd>"));
  CHECK(contains(html, "<dt>Replications</dt><dd>3</dd>"));
  CHECK(contains(html, "<dt>Measured window</dt><dd>55 s</dd>"));
}

TEST_CASE("no non-finite numbers anywhere") {
  for (const std::string &word : words(run_report_html(web_shop_result()))) {
    CAPTURE(word);
    CHECK(word != "nan");
    CHECK(word != "inf");
    CHECK(word != "-inf");
    CHECK(word != "infinity");
  }
}

TEST_CASE("a saturated node is called out, and scenario text is escaped") {
  const RunResult result = overloaded_result();
  REQUIRE(result.nodes[0].saturated);
  const std::string html = run_report_html(result);
  const std::string summary = between(html, "<p class=\"summary\">", "</p>");
  CAPTURE(summary);
  CHECK(summary.starts_with("Over 2 replications of 9 min 50 s, the busiest node, db, is "
                            "saturated"));
  CHECK(contains(html, "<div class=\"warnings\">"));
  CHECK(contains(html, "<span class=\"tag\">saturated</span>"));
  CHECK(contains(html, "— saturated</text>"));
  CHECK(contains(html, "≥ ")); // slow's latencies are lower bounds
  CHECK(contains(html, "<h1>Shop &lt;beta&gt; &amp; &quot;friends&quot;</h1>"));
  CHECK_FALSE(contains(html, "<beta>"));
}

TEST_CASE("the same run gives the same page") {
  CHECK(run_report_html(web_shop_result()) == run_report_html(web_shop_result()));
}
