// The stationary distribution of a CTMC (see markov_chain.hpp).
#include "models/availability/markov_chain.hpp"

#include <cassert>

namespace capsim::availability {

MarkovChain::MarkovChain(int states) : rates_(Eigen::MatrixXd::Zero(states, states)) {}

void MarkovChain::add_rate(int from, int to, double rate_per_s) {
  assert(from != to && rate_per_s >= 0.0);
  rates_(from, to) += rate_per_s;
}

Eigen::VectorXd MarkovChain::stationary() const {
  const Eigen::Index n = rates_.rows();
  // The generator Q (rows summing to zero), scaled by its largest rate: repairs in minutes and
  // failures in years differ by five orders of magnitude, and π does not depend on the scale.
  Eigen::MatrixXd generator = rates_;
  generator.diagonal() = -rates_.rowwise().sum();
  const double scale = generator.cwiseAbs().maxCoeff();
  if (scale > 0.0) {
    generator /= scale;
  }
  // π Q = 0 is Qᵀ πᵀ = 0; one of its equations is redundant: replace it by Σ π = 1.
  Eigen::MatrixXd system = generator.transpose();
  system.row(n - 1).setOnes();
  Eigen::VectorXd right = Eigen::VectorXd::Zero(n);
  right(n - 1) = 1.0;
  return system.fullPivLu().solve(right);
}

double MarkovChain::exit_frequency_per_s(const Eigen::VectorXd &stationary,
                                         const std::vector<bool> &set) const {
  double frequency = 0.0;
  for (Eigen::Index from = 0; from < rates_.rows(); ++from) {
    for (Eigen::Index to = 0; to < rates_.cols(); ++to) {
      if (set[static_cast<std::size_t>(from)] && !set[static_cast<std::size_t>(to)]) {
        frequency += stationary(from) * rates_(from, to);
      }
    }
  }
  return frequency;
}

} // namespace capsim::availability
