#pragma once
// A specification's own claims, listed in the scenario ("claims") so the audit is data, not
// code: a latency objective at a month's peak, a tier's maximum being enough, a monthly cost
// or a cost per request within a budget, a headroom policy, a utilization or memory ceiling,
// an availability target.
#include <cstddef>
#include <optional>
#include <string>

namespace capsim {

enum class ClaimKind {
  slo,
  max_instances,
  cost,
  cost_per_request,
  headroom,
  utilization,
  memory,
  availability
};

struct ClaimSpec {
  std::string text; ///< the claim in the spec's terms, with its section
  ClaimKind kind = ClaimKind::slo;
  /// slo, cost, cost_per_request, utilization: the month checked; max_instances and
  /// headroom: every month up to and including this one.
  int month = 0;
  std::size_t class_index = 0; ///< slo, cost_per_request, availability (with a "class")
  bool every_class = false;    ///< availability without a "class": the worst class counts
  int percentile = -1;         ///< slo: index into kReportedPercentiles, -1 for the mean
  int node = -1;               ///< max_instances, utilization, memory
  /// slo: target seconds; cost: USD; headroom: multiplier; utilization, memory, availability:
  /// a fraction; max_instances: the node's maximum.
  double limit = 0.0;
};

const char *claim_kind_name(ClaimKind kind);

} // namespace capsim
