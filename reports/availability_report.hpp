#pragma once
// The views of an availability study: availability.json for tools; the terminal and Markdown
// report (the answer in words, then per class its availability, downtime, the chance of meeting
// 99.9% and 99.95% in a month, error-budget burn, outages and the requests failures cost; per
// component its redundancy with the Markov and simulated figures; failover RTO and RPO); the
// HTML page with charts; and the paragraph the plan report carries (analytic only).
#include "models/availability/availability_study.hpp"
#include "models/human_format.hpp" // format_availability
#include "models/scenario.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace capsim {

/// A target as people write it: 0.999 -> "99.9%", 0.9995 -> "99.95%".
std::string format_target(double target);
/// "99.862% [99.851%, 99.873%]"
std::string availability_with_ci(const Estimate &estimate);
/// Against the target: "meets it" when the whole 95% interval is at or above it, "misses it"
/// when it is wholly below, "too close to call" otherwise.
std::string availability_verdict(const Estimate &availability, double target);

/// The answer in words: each class against the target, the weakest component, the changes
/// that would meet the target — from the analytic estimate (the plan report's section) or with
/// the simulation's figures beside it.
std::string availability_summary(const availability::AvailabilityEstimate &estimate);
std::string availability_summary(const availability::AvailabilityStudy &study);

nlohmann::ordered_json availability_to_json(const Scenario &scenario,
                                            const availability::AvailabilityStudy &study);
std::string availability_report_text(const Scenario &scenario,
                                     const availability::AvailabilityStudy &study);
std::string availability_report_markdown(const Scenario &scenario,
                                         const availability::AvailabilityStudy &study);
std::string availability_report_html(const Scenario &scenario,
                                     const availability::AvailabilityStudy &study);

} // namespace capsim
