#pragma once
// A finite continuous-time Markov chain given by its transition rates: the stationary
// distribution (π Q = 0, Σ π = 1, solved with Eigen) and how often the chain leaves a set of
// states in the long run. The building block of every redundancy model in this folder.
#include <Eigen/Dense>

#include <vector>

namespace capsim::availability {

class MarkovChain {
public:
  explicit MarkovChain(int states);

  /// Adds `rate_per_s` to the rate of moving from state `from` to state `to` (from != to).
  void add_rate(int from, int to, double rate_per_s);

  /// The long-run share of time in each state; the chain must be irreducible.
  Eigen::VectorXd stationary() const;

  /// Σ over i in `set`, j outside it of π_i · q_ij: entries into the complement per second.
  double exit_frequency_per_s(const Eigen::VectorXd &stationary,
                              const std::vector<bool> &set) const;

private:
  Eigen::MatrixXd rates_; ///< off-diagonal rates q_ij; the diagonal is implied
};

} // namespace capsim::availability
