// Open Jackson networks (see jackson.hpp): the traffic equations (I - Rᵀ) λ = γ are solved
// by a dense LU factorisation, then each station is an M/M/c queue (queueing_formulas.hpp)
// and the end-to-end mean response time follows from Little's law over the whole network.
#include "models/analytic/jackson.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>

namespace capsim::analytic {

namespace {

/// Slack on "each routing row sums to at most 1" for probabilities written in decimal.
constexpr double kRowSumTolerance = 1e-9;

void validate_shapes(const Eigen::VectorXd &external_arrival_rate_per_s,
                     const Eigen::MatrixXd &routing, std::span<const double> service_rate_per_s,
                     std::span<const int> servers) {
  const auto stations = static_cast<std::size_t>(external_arrival_rate_per_s.size());
  if (stations == 0 || static_cast<std::size_t>(routing.rows()) != stations ||
      static_cast<std::size_t>(routing.cols()) != stations ||
      service_rate_per_s.size() != stations || servers.size() != stations) {
    throw std::invalid_argument(
        "open_jackson needs, for n >= 1 stations, n external rates, an n x n routing matrix, "
        "n service rates and n server counts; got " +
        std::to_string(stations) + " external rates, a " + std::to_string(routing.rows()) + " x " +
        std::to_string(routing.cols()) + " routing matrix, " +
        std::to_string(service_rate_per_s.size()) + " service rates and " +
        std::to_string(servers.size()) + " server counts");
  }
}

void validate_external_rates(const Eigen::VectorXd &external_arrival_rate_per_s) {
  if (!external_arrival_rate_per_s.allFinite() ||
      (external_arrival_rate_per_s.array() < 0.0).any()) {
    throw std::invalid_argument("external arrival rates must be finite and >= 0");
  }
  if (external_arrival_rate_per_s.sum() <= 0.0) {
    throw std::invalid_argument("open_jackson needs a positive total external arrival rate");
  }
}

void validate_routing(const Eigen::MatrixXd &routing) {
  if (!routing.allFinite() || (routing.array() < 0.0).any() || (routing.array() > 1.0).any()) {
    throw std::invalid_argument("routing probabilities must be in [0, 1]");
  }
  for (Eigen::Index i = 0; i < routing.rows(); ++i) {
    if (routing.row(i).sum() > 1.0 + kRowSumTolerance) {
      throw std::invalid_argument("routing row " + std::to_string(i) + " sums to " +
                                  std::to_string(routing.row(i).sum()) + " > 1");
    }
  }
}

/// λ = γ + Rᵀλ, i.e. (I - Rᵀ) λ = γ. Singular exactly when some set of stations never routes
/// jobs out of the network.
Eigen::VectorXd solve_traffic_equations(const Eigen::VectorXd &external_arrival_rate_per_s,
                                        const Eigen::MatrixXd &routing) {
  const Eigen::MatrixXd system =
      Eigen::MatrixXd::Identity(routing.rows(), routing.cols()) - routing.transpose();
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(system);
  if (!lu.isInvertible()) {
    throw std::invalid_argument("the routing never lets jobs leave some set of stations");
  }
  // The exact solution is >= 0; clamp rounding noise on stations nobody reaches.
  return lu.solve(external_arrival_rate_per_s).cwiseMax(0.0);
}

/// Station `index` as an M/M/c queue; errors name the station.
StationResult solve_station(std::size_t index, double arrival_rate_per_s, double service_rate_per_s,
                            int servers) {
  const std::string station = "station " + std::to_string(index) + ": ";
  try {
    return mmc(arrival_rate_per_s, service_rate_per_s, servers);
  } catch (const std::domain_error &error) {
    throw std::domain_error(station + error.what());
  } catch (const std::invalid_argument &error) {
    throw std::invalid_argument(station + error.what());
  }
}

} // namespace

JacksonResult open_jackson(const Eigen::VectorXd &external_arrival_rate_per_s,
                           const Eigen::MatrixXd &routing,
                           std::span<const double> service_rate_per_s,
                           std::span<const int> servers) {
  validate_shapes(external_arrival_rate_per_s, routing, service_rate_per_s, servers);
  validate_external_rates(external_arrival_rate_per_s);
  validate_routing(routing);
  JacksonResult result{solve_traffic_equations(external_arrival_rate_per_s, routing),
                       {},
                       0.0,
                       external_arrival_rate_per_s.sum()};
  double mean_in_network = 0.0;
  for (std::size_t i = 0; i < service_rate_per_s.size(); ++i) {
    result.stations.push_back(solve_station(i,
                                            result.arrival_rate_per_s(static_cast<Eigen::Index>(i)),
                                            service_rate_per_s[i], servers[i]));
    mean_in_network += result.stations.back().mean_in_system;
  }
  result.mean_response_time_s = mean_in_network / result.total_external_rate_per_s;
  return result;
}

} // namespace capsim::analytic
