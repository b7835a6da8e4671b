// report.html from real runs: self-contained (nothing fetched, no scripts), every class and
// node named, a summary that names the busiest node, every chart drawn, no non-finite
// numbers, saturation called out, scenario text escaped, the same bytes for the same run.
#include "models/compare.hpp"
#include "models/headroom.hpp"
#include "models/plan/planner.hpp"
#include "models/run_scenario.hpp"
#include "models/scenario_loader.hpp"
#include "reports/compare_report.hpp"
#include "reports/headroom_report.hpp"
#include "reports/html_report.hpp"
#include "reports/plan_report.hpp"

#include "text_search.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>

using namespace capsim;

namespace {

using text_search::contains;
using text_search::count_of;

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

// One autoscaled tier under `rate` (1 s of work per request, 4 slots per instance), with an
// SLO and a time series of 1-minute windows.
RunResult autoscaled_result(const std::string &rate) {
  return run_scenario(parse_scenario(R"({"seed": 5,
    "run": {"duration": "40m", "warmup": "5m", "replications": 2, "window": "1m"},
    "workload": {"arrivals": {"rate": ")" +
                                         rate + R"("}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"exponential": "1s"}}]}}},
    "slos": [{"class": "r", "percentile": "p99", "target": "3s"},
      {"class": "r", "percentile": "p95", "target": "2s"}],
    "nodes": {"app": {"type": "service", "concurrency": 4, "instances": {"min": 1, "max": 10,
      "initial": 1}, "autoscaling": {"target": 0.7, "interval": "1m", "window": "3m",
      "provisioning": {"constant": "90s"}}}}})",
                                     "autoscaled.json"));
}

/// The <svg> element whose aria-label is `title`, or "".
std::string chart_titled(const std::string &html, const std::string &title) {
  const std::size_t label = html.find("aria-label=\"" + title + "\"");
  if (label == std::string::npos) {
    return "";
  }
  const std::size_t start = html.rfind("<svg ", label);
  return html.substr(start, html.find("</svg>", label) + 6 - start);
}

/// One station serving `concurrency` calls at a time, under 3 arrivals/s of 0.5 s each.
Scenario station(int concurrency) {
  return parse_scenario(R"({"name": "station x)" + std::to_string(concurrency) + R"(",
    "seed": 11, "run": {"duration": "600s", "warmup": "60s", "replications": 5},
    "workload": {"arrivals": {"rate": "3/s"}, "classes": {"job": {"calls": [
      {"node": "station", "demand": {"exponential": "500ms"}}]}}},
    "nodes": {"station": {"type": "service", "concurrency": )" +
                            std::to_string(concurrency) + "}}}",
                        "station.json");
}

/// The page is one self-contained document: nothing fetched, no scripts.
void check_self_contained(const std::string &html) {
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(html.ends_with("</html>\n"));
  for (const char *forbidden : {"http://", "https://", "<script", "<link", "src=", "url("}) {
    CAPTURE(forbidden);
    CHECK_FALSE(contains(html, forbidden));
  }
}

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
  CHECK(count_of(html, "<svg ") == 5);
  CHECK(count_of(html, "</svg>") == 5);
  CHECK(count_of(html, "<figure>") == 5);
  for (const char *title :
       {"Share of requests finished within a given time",
        "Response time by class: median, p95 and p99",
        "Where the time goes: mean response time by class and node", "Utilization by node",
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

TEST_CASE("where the time goes: per class, a waiting and a working segment per node") {
  const RunResult &result = web_shop_result();
  const std::string chart = chart_titled(
      run_report_html(result), "Where the time goes: mean response time by class and node");
  REQUIRE_FALSE(chart.empty());
  // web_shop's classes call api, db and redis: every class has a segment for each.
  for (const char *node : {"api", "db", "redis"}) {
    CAPTURE(node);
    CHECK(contains(chart, std::string(">") + node + ": waiting</text>"));
    CHECK(contains(chart, std::string(">") + node + ": working</text>"));
  }
  CHECK(count_of(chart, "<rect class=\"mark\"") == result.classes.size() * 6);
  CHECK(contains(chart, "fill-opacity=\"0.40\"")); // waiting: the lighter tint
  // The label of each bar is the sum of its segments: checkout's is its calls' total.
  const ClassSummary &checkout =
      *std::find_if(result.classes.begin(), result.classes.end(),
                    [](const ClassSummary &summary) { return summary.name == "checkout"; });
  double total_s = 0.0;
  for (const CallSiteSummary &site : checkout.breakdown) {
    total_s += site.async ? 0.0 : site.calls_per_request * (site.wait_mean_s + site.service_mean_s);
  }
  CHECK(total_s == doctest::Approx(checkout.latency_mean_s.estimate).epsilon(0.05));
}

TEST_CASE("over time: p50, p95 and p99 per class with its SLOs, queues, instances and decisions") {
  const RunResult result = autoscaled_result("10/s");
  REQUIRE_FALSE(result.scaling_events.empty());
  const std::string html = run_report_html(result);
  const std::string latency = chart_titled(html, "Response time of r over time");
  REQUIRE_FALSE(latency.empty());
  CHECK(count_of(latency, "<polyline class=\"mark\"") == 3);
  for (const char *legend : {">p50 (median)</text>", ">p95</text>", ">p99</text>",
                             ">SLO: p99 3 s</text>", ">SLO: p95 2 s</text>"}) {
    CAPTURE(legend);
    CHECK(contains(latency, legend));
  }
  const std::string queue = chart_titled(html, "Queue at each node over time");
  CHECK(count_of(queue, "<polyline class=\"mark\"") == 1);
  CHECK(contains(queue, ">Requests waiting (window average)</text>"));
  const std::string instances = chart_titled(html, "Instances over time");
  CHECK(count_of(instances, "class=\"mark marker\"") == result.scaling_events.size());
  CHECK(contains(instances, ">scaling decision</text>"));
  const ScalingEvent &first = result.scaling_events.front();
  CHECK(contains(instances, "<title>1 min: app " + std::to_string(first.from) + " → " +
                                std::to_string(first.to) + " instances (utilization "));
  CHECK(contains(html, "Each triangle on the top edge is one decision of the autoscaler"));
  // Minutes on the time axis of a 40-minute run, ending at its end.
  CHECK(contains(instances, ">40 min</text>"));
}

TEST_CASE("no scaling decision, no markers") {
  const RunResult result = autoscaled_result("0.5/s");
  REQUIRE(result.scaling_events.empty());
  const std::string instances = chart_titled(run_report_html(result), "Instances over time");
  REQUIRE_FALSE(instances.empty());
  CHECK_FALSE(contains(instances, "mark marker"));
  CHECK_FALSE(contains(instances, "scaling decision"));
  CHECK(contains(run_report_html(result), "The autoscaler made no decision in this run."));
}

TEST_CASE("a plan's monthly cost: the P50 line inside a shaded P10–P90 band") {
  const Scenario scenario = load_scenario(std::filesystem::path(CAPSIM_SOURCE_DIR) /
                                          "scenarios/examples/growing_shop.json");
  plan::PlanOptions options;
  options.simulate = false;
  const plan::PlanResult plan = plan::make_plan(scenario, options);
  REQUIRE(plan.priced);
  const std::string chart = chart_titled(plan_report_html(scenario, plan), "Monthly cost");
  REQUIRE_FALSE(chart.empty());
  CHECK(count_of(chart, "<polyline class=\"mark\"") == 1);
  CHECK(count_of(chart, "<path class=\"mark band\"") == 1);
  CHECK(contains(chart, ">P50 (median forecast)</text>"));
  CHECK(contains(chart, ">P10–P90 (80% of growth scenarios)</text>"));
  // The band's corners: P90 out and P10 back, one of each per month.
  const std::size_t d = chart.find(" d=\"", chart.find("mark band"));
  CHECK(count_of(chart.substr(d, chart.find('"', d + 4) - d), ",") == 2 * plan.months.size());
}

TEST_CASE("headroom report: the answer in one sentence, a chart per SLO, every probe") {
  Scenario scenario = load_scenario(std::filesystem::path(CAPSIM_SOURCE_DIR) /
                                    "scenarios/validation/headroom_mm1.json");
  scenario.run = RunSpec{2000.0, 100.0, 10};
  const HeadroomResult result = find_headroom(scenario, {});
  REQUIRE(result.stop_reason == StopReason::completed);
  const std::string answer = headroom_answer(result);
  CAPTURE(answer);
  CHECK(answer.starts_with("The system takes 1."));
  CHECK(contains(answer, "× today's load before job's p95 SLO (10 s) breaks; the bottleneck is "
                         "station at "));
  const std::string html = headroom_report_html(scenario, result);
  check_self_contained(html);
  CHECK(contains(between(html, "<p class=\"summary\">", "</p>"), "The system takes 1."));
  const std::string chart = chart_titled(html, "p95 of job against load");
  REQUIRE_FALSE(chart.empty());
  CHECK(contains(chart, ">SLO: 10 s</text>"));
  CHECK(count_of(chart, "<polyline class=\"mark\"") == 1);
  CHECK(count_of(chart, "class=\"mark marker\"") == 1); // the answer
  CHECK(contains(chart, ">Load (multiple of today&#39;s)</text>"));
  // A row per probe, each naming its busiest node.
  CHECK(count_of(html, "<tr><td>x") == result.probes.size());
  CHECK(count_of(html, "<td>station ") == result.probes.size());
  const std::string markdown = headroom_report_markdown(scenario, result);
  CHECK(markdown.starts_with("# Headroom: headroom_mm1\n\n" + answer + "\n"));
  CHECK(count_of(markdown, "\n| x") == result.probes.size());
}

TEST_CASE("compare report: the significant differences in words, A and B with their CIs") {
  const Comparison comparison = compare_scenarios(station(2), station(4));
  const std::string summary = comparison_summary(comparison);
  CAPTURE(summary);
  // Twice the slots: the queue all but vanishes, so the wait and the tail differ.
  CHECK(contains(summary, " figures compared differ significantly between A and B"));
  CHECK(contains(summary, "The largest: station mean wait: "));
  const std::string html = compare_report_html(comparison);
  check_self_contained(html);
  const std::string p95 = chart_titled(html, "p95 response time by class: A and B");
  REQUIRE_FALSE(p95.empty());
  CHECK(count_of(p95, "<rect class=\"mark\"") == 2);
  CHECK(count_of(p95, "stroke=\"#222222\" stroke-width=\"1.5\"") == 6); // two whiskers
  CHECK(contains(p95, ">job *</text>"));                                // significant
  CHECK(contains(p95, ">A: station x2</text>"));
  CHECK(contains(p95, ">B: station x4</text>"));
  CHECK(count_of(chart_titled(html, "Utilization by node: A and B"), "<rect class=\"mark\"") == 2);
  CHECK(count_of(html, "<tr><td>") == comparison.metrics.size());
  CHECK(contains(html, "<th>B − A [95% CI]</th>"));
  const std::string markdown = compare_report_markdown(comparison);
  CHECK(markdown.starts_with("# Comparison: station x2 (A) and station x4 (B)\n\n" + summary));
}

TEST_CASE("compare report: A against itself differs in nothing") {
  const Comparison comparison = compare_scenarios(station(2), station(2));
  CHECK(comparison_summary(comparison)
            .starts_with("No difference between A and B is "
                         "significant"));
  CHECK_FALSE(contains(compare_report_html(comparison), "<span class=\"hot\">yes</span>"));
}
