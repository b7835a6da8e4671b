#pragma once
// How many events a replication will take, estimated before running from the analytic twin,
// so that a run that would take hours (a 10-year horizon, a billion requests) fails fast with
// a clear message instead of appearing to hang.
#include "models/scenario.hpp"

namespace capsim {

/// Default guard on the estimated events per replication, when no --max-events is given:
/// about five minutes per replication at this engine's 5–10 million events a second.
inline constexpr double kDefaultEventGuard = 3e9;

/// Requests per second (the analytic twin's) × duration × (one arrival or think end, plus
/// one completion per expected call), plus the jobs of the active profile's bursts within the
/// run, each with its class's calls. A saturated system counts at its offered load.
double estimated_events_per_replication(const Scenario &scenario);

} // namespace capsim
