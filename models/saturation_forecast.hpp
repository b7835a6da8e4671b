#pragma once
// The warning before a run: the nodes the analytic twin puts at utilization >= 1 where the run
// is hardest on them — at the active profile's peak load (open workloads), with every
// autoscaled tier at the count its policy reaches there (at most its max) — so a node
// overloaded only at the peak is named, and an autoscaled tier that scales out of trouble is
// not; and the instances whose memory at that load is beyond their limit.
#include "models/scenario.hpp"

#include <string>
#include <vector>

namespace capsim {

/// One warning per node saturated there, e.g. "the analytic estimate puts node app at
/// utilization >= 1 at the profile's peak (x1.50 the base load), even at its max of 12
/// instances: expect it to be reported saturated".
std::vector<std::string> saturation_forecast(const Scenario &scenario);

} // namespace capsim
