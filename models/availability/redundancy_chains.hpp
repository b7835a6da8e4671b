#pragma once
// The Markov models of the two kinds of redundant group: N identical instances with a limited
// number of repair crews (a birth-death chain on how many have failed), of which some must be
// up; and an active-passive pair whose standby takes over after a failover time (the RTO).
// Rates are the reciprocals of the means: exact for exponential times, insensitive to their
// shape when every failed instance is repaired at once; the failover is taken as exponential
// with the RTO as its mean (its share of downtime is exact to first order in RTO / MTBF).
#include "models/availability/markov_chain.hpp"
#include "models/availability/reliability_spec.hpp"

namespace capsim::availability {

class KOfNChain {
public:
  KOfNChain(int instances, int repair_crews, const FailureProcess &process);

  /// P(j instances failed), j = 0..instances.
  const Eigen::VectorXd &failed() const { return failed_; }

  /// P(at least `needed` of `reachable` instances up), the reachable ones (those whose zone is
  /// up) being any `reachable` of the instances: failures fall on instances alike, so given j
  /// failed the number among them is hypergeometric.
  double at_least_up(int reachable, int needed) const;

  /// How often per second fewer than `needed` instances come to be up (all reachable).
  double outages_per_s(int needed) const;

private:
  std::vector<bool> enough_up(int needed) const;

  int instances_;
  MarkovChain chain_;
  Eigen::VectorXd failed_;
};

struct PairAnalysis {
  double availability = 1.0;    ///< share of time an active unit serves (not switching)
  double outages_per_s = 0.0;   ///< entries into a failover or into both units failed
  double failovers_per_s = 0.0; ///< switch-overs started (an active unit failed, standby up)
  double both_up = 1.0;         ///< share of time neither unit has failed
};

/// An active unit and a hot standby with the same failure process: the standby fails too; when
/// the active unit fails the standby takes over after `rto_s` (down meanwhile); a repaired unit
/// becomes the standby, or the active unit at once when none is up.
PairAnalysis analyze_active_passive(const FailureProcess &process, int repair_crews, double rto_s);

} // namespace capsim::availability
