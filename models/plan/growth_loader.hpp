#pragma once
// Reading a scenario's "growth": one of compound / table / logistic, the horizon and the start
// month. A parameter is a number, {"p10": a, "p90": b} (lognormal through both) or
// {"mean": m, "sd": s} (normal, truncated to the parameter's domain).
#include "models/json_reader.hpp"
#include "models/plan/growth.hpp"

namespace capsim::plan {

GrowthSpec read_growth(const JsonReader &growth);

} // namespace capsim::plan
