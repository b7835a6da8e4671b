#pragma once
// Open Jackson network: Poisson external arrivals, FCFS stations with identical exponential
// servers and Markovian routing (a job leaving station i goes to j with probability R(i, j)
// and leaves with 1 - Σ_j R(i, j)). Each station then behaves as an independent M/M/c queue
// fed by the solution of the traffic equations λ = γ + Rᵀλ.
#include "models/analytic/queueing_formulas.hpp"

#include <Eigen/Dense>

#include <span>
#include <vector>

namespace capsim::analytic {

struct JacksonResult {
  Eigen::VectorXd arrival_rate_per_s;  ///< total arrival rate λ_i of each station
  std::vector<StationResult> stations; ///< each station as an M/M/c queue with rate λ_i
  double mean_response_time_s;         ///< end to end, Σ L_i / Σ γ_i (Little's law)
  double total_external_rate_per_s;    ///< Σ γ_i
};

/// Solves the network. Throws std::invalid_argument on mismatched sizes, negative rates,
/// routing probabilities outside [0, 1], rows summing above 1, no external arrivals or
/// routing that never lets jobs leave; std::domain_error naming the station if any station's
/// utilization is >= 1.
JacksonResult open_jackson(const Eigen::VectorXd &external_arrival_rate_per_s,
                           const Eigen::MatrixXd &routing,
                           std::span<const double> service_rate_per_s,
                           std::span<const int> servers);

} // namespace capsim::analytic
