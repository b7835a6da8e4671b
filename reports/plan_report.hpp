#pragma once
// The views of a capacity plan: plan.json for tools, plan.csv (a row per month) and
// plan_costs.csv (the median month's line items) for spreadsheets, and the terminal / Markdown
// report: a plain-language summary, the scaling timeline and the month table.
#include "models/plan/planner.hpp"
#include "reports/text_table.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace capsim {

nlohmann::ordered_json plan_to_json(const Scenario &scenario, const plan::PlanResult &plan);
std::string plan_months_csv(const Scenario &scenario, const plan::PlanResult &plan);
std::string plan_costs_csv(const plan::PlanResult &plan);

/// "The system meets every SLO through 2028-12; ..." — the paragraph both reports open with.
std::string plan_summary(const Scenario &scenario, const plan::PlanResult &plan);
/// The timeline as sentences: "2027-09 (P10–P90 2027-07 – 2027-12): app reaches ...".
std::vector<std::string> plan_timeline_lines(const plan::PlanResult &plan);

/// The audit of the scenario's claims: claim, verdict, evidence (empty without claims).
TextTable audit_table(const Scenario &scenario, const plan::PlanResult &plan);
nlohmann::ordered_json audit_to_json(const Scenario &scenario, const plan::PlanResult &plan);

std::string plan_report_text(const Scenario &scenario, const plan::PlanResult &plan);
std::string plan_report_markdown(const Scenario &scenario, const plan::PlanResult &plan);
std::string plan_report_html(const Scenario &scenario, const plan::PlanResult &plan);

} // namespace capsim
