#pragma once
// Short labels for humans on charts and in report sentences: "20 ms" rather than "20.0 ms",
// "1 min 50 s" for a span of simulated time, and the axes the HTML reports share.
#include "reports/svg_chart.hpp"

#include <string>

namespace capsim {

/// "20.0 ms" -> "20 ms", "2.50%" -> "2.5%": round values without padding zeros.
std::string without_trailing_zeros(std::string text);
std::string duration_label(double seconds);
std::string percent_label(double fraction);
/// A length of simulated time in the units people use: "55 s", "1 min 50 s", "28 min",
/// "6 h 30 min" (whole seconds; seconds are left out once there are hours).
std::string span_label(double seconds);

/// A time axis labelled in durations ("20 ms", "2 min").
svg::Axis duration_axis(std::string label);
/// A 0%–100% axis.
svg::Axis percent_axis(std::string label);

} // namespace capsim
