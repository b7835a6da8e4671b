// The views of a sizing search (see size_report.hpp).
#include "reports/size_report.hpp"

#include "models/human_format.hpp"
#include "reports/csv_writer.hpp"

#include <cmath>

namespace capsim {
namespace {

std::string cost_text(const SizeCandidate &candidate) {
  return candidate.priced ? format_usd(candidate.cost) + " / month"
                          : format_count(std::llround(candidate.cost)) + " slots";
}

std::string choices_text(const SizeSpace &space, const SizeCandidate &candidate) {
  std::string text;
  for (std::size_t d = 0; d < space.decisions.size(); ++d) {
    text += (d == 0 ? "" : ", ") + space.decisions[d].name + " = " + candidate.labels[d];
  }
  return text;
}

} // namespace

std::string size_summary(const SizeSpace &space, const SizeResult &result) {
  const std::string load = "x" + format_significant(space.headroom) + " today's load";
  const std::string stopped =
      result.stop_reason == StopReason::completed
          ? ""
          : std::string("The search stopped early (") + stop_reason_name(result.stop_reason) +
                "): a candidate's run was cut short, so it and the dearer ones were not judged";
  if (!result.chosen) {
    return stopped.empty() ? "No candidate of the " + std::to_string(result.candidates.size()) +
                                 " meets every SLO at " + load + "."
                           : stopped + "; no cheaper candidate met every SLO at " + load + ".";
  }
  const SizeCandidate &chosen = result.candidates[*result.chosen];
  return "The cheapest of " + std::to_string(result.candidates.size()) +
         " candidates meeting every SLO at " + load + ": " + choices_text(space, chosen) + " (" +
         cost_text(chosen) + ")." + (stopped.empty() ? "" : " " + stopped + " (runners-up).");
}

TextTable size_table(const SizeSpace &space, const SizeResult &result) {
  TextTable table;
  for (const SizeDecision &decision : space.decisions) {
    table.column(decision.name);
  }
  table.column("cost")
      .column("saturates at")
      .column("verdict", TextTable::Align::left)
      .column("why", TextTable::Align::left);
  for (const SizeCandidate &candidate : result.candidates) {
    std::vector<std::string> row = candidate.labels;
    row.push_back(cost_text(candidate));
    row.push_back("x" + format_significant(candidate.saturation_load_multiplier));
    row.emplace_back(candidate_status_name(candidate.status));
    row.push_back(candidate.reason);
    table.row(std::move(row));
  }
  return table;
}

nlohmann::ordered_json size_json(const SizeSpace &space, const SizeResult &result) {
  nlohmann::ordered_json candidates = nlohmann::ordered_json::array();
  for (const SizeCandidate &candidate : result.candidates) {
    nlohmann::ordered_json choices = nlohmann::ordered_json::object();
    for (std::size_t d = 0; d < space.decisions.size(); ++d) {
      choices[space.decisions[d].name] = candidate.labels[d];
    }
    candidates.push_back({{"choices", choices},
                          {candidate.priced ? "cost_usd_per_month" : "slots", candidate.cost},
                          {"saturation_load_multiplier", candidate.saturation_load_multiplier},
                          {"status", candidate_status_name(candidate.status)},
                          {"reason", candidate.reason}});
  }
  return {{"headroom", space.headroom},
          {"stop_reason", stop_reason_name(result.stop_reason)},
          {"chosen", result.chosen ? nlohmann::ordered_json(*result.chosen)
                                   : nlohmann::ordered_json(nullptr)},
          {"summary", size_summary(space, result)},
          {"candidates", candidates}};
}

std::string size_csv(const SizeSpace &space, const SizeResult &result) {
  std::vector<std::string> header;
  for (const SizeDecision &decision : space.decisions) {
    header.push_back(decision.name);
  }
  for (const char *column :
       {"cost", "cost_unit", "saturation_load_multiplier", "status", "reason"}) {
    header.emplace_back(column);
  }
  CsvWriter csv(header);
  for (const SizeCandidate &candidate : result.candidates) {
    std::vector<std::string> row = candidate.labels;
    row.push_back(format_significant(candidate.cost, 10));
    row.emplace_back(candidate.priced ? "usd_per_month" : "slots");
    row.push_back(format_significant(candidate.saturation_load_multiplier, 6));
    row.emplace_back(candidate_status_name(candidate.status));
    row.push_back(candidate.reason);
    csv.row(row);
  }
  return csv.text();
}

} // namespace capsim
