// Price units (see pricing.hpp).
#include "models/plan/pricing.hpp"

#include <algorithm>

namespace capsim::plan {

const std::vector<std::string> &price_unit_names() {
  static const std::vector<std::string> names{
      "hour",           "request", "million_requests", "gb",       "gb_second",
      "million_tokens", "month",   "gb_month",         "lcu_hour", "million_cpu_ms"};
  return names;
}

double base_units_per_priced_unit(PriceUnit unit) {
  switch (unit) {
  case PriceUnit::million_requests:
  case PriceUnit::million_tokens:
  case PriceUnit::million_cpu_ms:
    return 1e6;
  default:
    return 1.0;
  }
}

double NodeCost::capacity_units(double busy_slots) const {
  return std::clamp(busy_slots * units_per_busy_slot, min_units, max_units);
}

} // namespace capsim::plan
