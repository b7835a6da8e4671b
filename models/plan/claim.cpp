// Claim kinds (see claim.hpp).
#include "models/plan/claim.hpp"

namespace capsim {

const char *claim_kind_name(ClaimKind kind) {
  switch (kind) {
  case ClaimKind::slo:
    return "slo";
  case ClaimKind::max_instances:
    return "max_instances";
  case ClaimKind::cost:
    return "cost";
  case ClaimKind::cost_per_request:
    return "cost_per_request";
  case ClaimKind::headroom:
    return "headroom";
  case ClaimKind::utilization:
    return "utilization";
  case ClaimKind::memory:
    return "memory";
  case ClaimKind::availability:
    return "availability";
  }
  return "?";
}

} // namespace capsim
