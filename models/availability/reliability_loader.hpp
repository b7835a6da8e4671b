#pragma once
// Reading how a scenario fails: the top-level "availability" section (target, RTO and RPO
// targets, zones, regions, failure-simulation length) and each node's "reliability" (MTBF or a
// time-to-failure distribution, MTTR or a repair distribution, zones, repair crews, detection,
// a passive standby). Every problem is a ScenarioError at its JSON pointer.
#include "models/json_reader.hpp"
#include "models/scenario.hpp"

namespace capsim {

AvailabilitySpec read_availability(const JsonReader &availability);

/// A node's "reliability"; zone names resolve against `availability.zones`.
ReliabilitySpec read_reliability(const JsonReader &reliability, const NodeSpec &node,
                                 const AvailabilitySpec &availability);

} // namespace capsim
