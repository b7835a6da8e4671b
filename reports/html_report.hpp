#pragma once
// The report people open (report.html): one self-contained HTML page — inline CSS and SVG,
// no scripts, nothing fetched — with a plain-language summary written from the numbers, the
// class and node tables in human units, and charts of latency and node load.
#include "models/run_result.hpp"

#include <string>

namespace capsim {

std::string run_report_html(const RunResult &result);

} // namespace capsim
