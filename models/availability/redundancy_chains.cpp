// The redundancy chains (see redundancy_chains.hpp).
#include "models/availability/redundancy_chains.hpp"

#include <algorithm>
#include <cmath>

namespace capsim::availability {
namespace {

double log_binomial(int n, int k) {
  return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
}

/// P(i of the `drawn` instances are among the `failed` of `total`) (hypergeometric).
double hypergeometric(int total, int failed, int drawn, int i) {
  if (i < 0 || i > failed || drawn - i < 0 || drawn - i > total - failed) {
    return 0.0;
  }
  return std::exp(log_binomial(failed, i) + log_binomial(total - failed, drawn - i) -
                  log_binomial(total, drawn));
}

// States of the active-passive pair: how many units have failed and whether a switch-over is
// under way (the system is down while it is).
enum PairState { kBothUp, kOneFailed, kSwitching, kSwitchingBothUp, kBothFailed, kPairStates };

} // namespace

KOfNChain::KOfNChain(int instances, int repair_crews, const FailureProcess &process)
    : instances_(instances), chain_(instances + 1) {
  const double failure_rate = 1.0 / process.time_to_failure.mean();
  const double repair_rate = 1.0 / process.time_to_repair.mean();
  for (int failed = 0; failed < instances; ++failed) {
    chain_.add_rate(failed, failed + 1, (instances - failed) * failure_rate);
    chain_.add_rate(failed + 1, failed, std::min(failed + 1, repair_crews) * repair_rate);
  }
  failed_ = chain_.stationary();
}

double KOfNChain::at_least_up(int reachable, int needed) const {
  if (needed <= 0) {
    return 1.0;
  }
  double probability = 0.0;
  for (int failed = 0; failed <= instances_; ++failed) {
    double enough = 0.0;
    for (int failed_reachable = 0; reachable - failed_reachable >= needed; ++failed_reachable) {
      enough += hypergeometric(instances_, failed, reachable, failed_reachable);
    }
    probability += failed_(failed) * enough;
  }
  return std::clamp(probability, 0.0, 1.0);
}

std::vector<bool> KOfNChain::enough_up(int needed) const {
  std::vector<bool> up(static_cast<std::size_t>(instances_ + 1));
  for (int failed = 0; failed <= instances_; ++failed) {
    up[static_cast<std::size_t>(failed)] = instances_ - failed >= needed;
  }
  return up;
}

double KOfNChain::outages_per_s(int needed) const {
  return chain_.exit_frequency_per_s(failed_, enough_up(needed));
}

PairAnalysis analyze_active_passive(const FailureProcess &process, int repair_crews, double rto_s) {
  const double failure_rate = 1.0 / process.time_to_failure.mean();
  if (rto_s <= 0.0) { // the standby takes over at once: one of two instances
    const KOfNChain pair(2, repair_crews, process);
    return {pair.at_least_up(2, 1), pair.outages_per_s(1), pair.failed()(0) * failure_rate,
            pair.failed()(0)};
  }
  const double repair_rate = 1.0 / process.time_to_repair.mean();
  const double switch_rate = 1.0 / rto_s;
  MarkovChain chain(kPairStates);
  chain.add_rate(kBothUp, kSwitching, failure_rate); // the active unit fails
  chain.add_rate(kBothUp, kOneFailed, failure_rate); // the standby fails
  chain.add_rate(kOneFailed, kBothUp, repair_rate);  // the repaired unit is the standby
  chain.add_rate(kOneFailed, kBothFailed, failure_rate);
  chain.add_rate(kSwitching, kOneFailed, switch_rate); // the standby now serves
  chain.add_rate(kSwitching, kBothFailed, failure_rate);
  chain.add_rate(kSwitching, kSwitchingBothUp, repair_rate);
  chain.add_rate(kSwitchingBothUp, kBothUp, switch_rate);
  // The target fails (a new switch-over, to the repaired unit) or the repaired unit does.
  chain.add_rate(kSwitchingBothUp, kSwitching, 2.0 * failure_rate);
  chain.add_rate(kBothFailed, kOneFailed, std::min(2, repair_crews) * repair_rate);
  const Eigen::VectorXd stationary = chain.stationary();
  const std::vector<bool> serving{true, true, false, false, false};
  return {stationary(kBothUp) + stationary(kOneFailed),
          chain.exit_frequency_per_s(stationary, serving),
          (stationary(kBothUp) + stationary(kSwitchingBothUp)) * failure_rate, stationary(kBothUp)};
}

} // namespace capsim::availability
