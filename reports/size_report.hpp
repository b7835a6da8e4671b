#pragma once
// The views of a sizing search: the summary sentence (the cheapest configuration meeting
// every SLO, or that none does), and a row per candidate — its choices, monthly cost,
// analytic saturation, verdict and why — as a table, as JSON (size.json) and as size.csv.
#include "models/size.hpp"
#include "reports/text_table.hpp"

#include <string>

namespace capsim {

std::string size_summary(const SizeSpace &space, const SizeResult &result);
TextTable size_table(const SizeSpace &space, const SizeResult &result);
nlohmann::ordered_json size_json(const SizeSpace &space, const SizeResult &result);
std::string size_csv(const SizeSpace &space, const SizeResult &result);

} // namespace capsim
