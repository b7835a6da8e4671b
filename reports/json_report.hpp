#pragma once
// The machine-readable result of `capsim run` (DESIGN §4, fixed core): times in seconds,
// rates per second, every estimate as {"estimate": x, "ci95": [lo, hi]}.
#include "models/run_result.hpp"

#include <nlohmann/json.hpp>

namespace capsim {

nlohmann::ordered_json estimate_to_json(const Estimate &estimate);
/// {"class", "percentile", "target_s", "value_s": estimate, "status", "met"}
nlohmann::ordered_json slo_verdict_to_json(const SloVerdict &verdict);
nlohmann::ordered_json run_result_to_json(const RunResult &result);

} // namespace capsim
