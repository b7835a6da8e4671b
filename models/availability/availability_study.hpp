#pragma once
// The whole availability answer for a scenario (capsim availability): the model, its Markov
// solution, the failure simulation's replications (in parallel, identical for any thread
// count), the components behind the worst class's downtime, and the redundancy changes that
// would meet the target, confirmed by simulating the changed system too.
#include "models/availability/analytic_availability.hpp"
#include "models/availability/availability_figures.hpp"
#include "models/availability/redundancy_advisor.hpp"

#include <optional>

namespace capsim::availability {

/// The analytic answer, in well under a second: what the plan report shows.
struct AvailabilityEstimate {
  AvailabilityModel model;
  AnalyticAvailability analytic;
  std::size_t worst_class = 0;          ///< the lowest analytic availability
  std::vector<ComponentImpact> impacts; ///< for the worst class, largest first
  Advice advice;                        ///< to serve every class to the target
  Advice capacity_advice;               ///< ... with the capacity the peak needs
};

/// The estimate and the failure simulation beside it.
struct AvailabilityStudy {
  AvailabilityEstimate estimate;
  SimulatedFigures simulated;
  std::optional<SimulatedFigures> advice_simulated;          ///< if the advice changes anything
  std::optional<SimulatedFigures> capacity_advice_simulated; ///< if the advice changes anything
};

/// Both need a node with a "reliability" (ScenarioError otherwise); the study also refuses a
/// failure simulation estimated beyond two billion events per replication.
AvailabilityEstimate estimate_availability(const Scenario &scenario);
AvailabilityStudy study_availability(const Scenario &scenario, int threads = 1);

/// The failure simulation of `model` with the scenario's seed and its availability section's
/// replications and duration.
SimulatedFigures simulate_availability(const AvailabilityModel &model, const Scenario &scenario,
                                       int threads);

} // namespace capsim::availability
