#pragma once
// The views of a headroom search (models/headroom.hpp) besides headroom.json: the terminal
// summary, the probe table (terminal and Markdown), the answer in one plain sentence, and
// report.md / report.html: the answer, a chart per SLO of its figure against the load
// multiplier with the target line, and every probe with its busiest node.
#include "models/headroom.hpp"
#include "reports/text_table.hpp"

#include <string>

namespace capsim {

/// "p95 of checkout <= 300 ms".
std::string headroom_slo_text(const SloSpec &spec);
/// "x2.4", or "unbounded".
std::string load_multiplier_text(double multiplier);
/// The terminal summary: the bracket, the SLO that breaks first, the bottleneck (two lines).
std::string headroom_summary_text(const HeadroomResult &result);
/// The answer for people, e.g. "The system takes 2.4× today's load before checkout's p95 SLO
/// (300 ms) breaks; the bottleneck is db at 97% utilization."
std::string headroom_answer(const HeadroomResult &result);
/// A row per probe, in the order run: load, replications, each SLO's figure, the verdict and
/// the busiest node.
TextTable headroom_probe_table(const HeadroomResult &result);

std::string headroom_report_markdown(const Scenario &scenario, const HeadroomResult &result);
std::string headroom_report_html(const Scenario &scenario, const HeadroomResult &result);

} // namespace capsim
