#pragma once
// The tables of an availability report, as titled rows of cells shared by the terminal,
// Markdown and HTML views: per class (availability, downtime, monthly chances, outages, error
// budget, failed requests), per component (redundancy, Markov and simulated figures), the
// failovers (RTO, RPO) and what limits the worst class.
#include "models/availability/availability_study.hpp"
#include "reports/text_table.hpp"

#include <string>
#include <vector>

namespace capsim {

struct AvailabilitySection {
  std::string title;
  std::vector<std::string> headers; ///< the first column holds names, the others figures
  std::vector<std::vector<std::string>> rows;

  TextTable table() const;
};

std::vector<AvailabilitySection>
availability_sections(const Scenario &scenario, const availability::AvailabilityStudy &study);

} // namespace capsim
