// Price units (see pricing.hpp).
#include "models/plan/pricing.hpp"

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

} // namespace capsim::plan
