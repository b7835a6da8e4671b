#pragma once
// The views of a sweep: a row per point (the parameter values, each class's p95 and p99, the
// SLO verdicts, the analytic headroom and the monthly cost) as a table, as sweep.csv, and as
// report.html with a line chart per figure for one parameter or a heatmap for two.
#include "models/sweep.hpp"
#include "reports/text_table.hpp"

#include <string>
#include <vector>

namespace capsim {

TextTable sweep_table(const std::vector<SweepParameter> &parameters,
                      const std::vector<SweepPoint> &points);
nlohmann::ordered_json sweep_json(const std::vector<SweepParameter> &parameters,
                                  const std::vector<SweepPoint> &points);
std::string sweep_csv(const std::vector<SweepParameter> &parameters,
                      const std::vector<SweepPoint> &points);
std::string sweep_report_html(const std::string &scenario_name,
                              const std::vector<SweepParameter> &parameters,
                              const std::vector<SweepPoint> &points);

} // namespace capsim
