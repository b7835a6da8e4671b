// Exact MVA (see mva.hpp). Multi-server stations follow Reiser–Lavenberg: for station k with
// c servers, p_k(j|n) = X(n) D_k / min(j, c) · p_k(j-1|n-1) for j >= 1, where X(n) is the
// network throughput with n users.
//
// Numerical stability. The textbook step p_k(0|n) = 1 - Σ_{j>=1} p_k(j|n) cancels
// catastrophically once the station nears saturation: a rounding error in p_k(0) reappears
// multiplied by up to c^j / j! in p_k(j) a few populations later, so errors grow
// exponentially with n. Clamping negative values at 0 does not cure this: with 10^4 users and
// a 97%-busy 64-server station it yields 0.98 jobs/s instead of 6.18 (see the tests). Instead
// we never subtract. p_k(0|n) = G_{-k}(n) / G(n) is carried as the ratio
// p_k(0|n) = p_k(0|n-1) X(n) / X_{-k}(n),
// X_{-k} being the throughput of the network without station k, and normalisation gives
//   X(n) = 1 / (p_k(0|n-1) / X_{-k}(n) + D_k Σ_j p_k(j|n-1) / min(j + 1, c)),
// a sum of positive terms. Adding the queueing stations one at a time to the think stage
// (plus delay stations, an infinite server with X(n) = n / Z) yields X(n); each multi-server
// station is added last to its own complement, costing O(stations² · users · servers).
#include "models/analytic/mva.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

namespace capsim::analytic {

namespace {

/// X(n) for n = 0 .. users (entry 0 unused); +inf for an empty network, which holds nobody.
using Throughputs = std::vector<double>;

void validate(int users, double think_time_s, std::span<const MvaStation> stations) {
  if (users < 1) {
    throw std::invalid_argument("MVA needs at least one user, got " + std::to_string(users));
  }
  if (!std::isfinite(think_time_s) || think_time_s < 0.0) {
    throw std::invalid_argument("think_time_s must be finite and >= 0");
  }
  if (stations.empty()) {
    throw std::invalid_argument("MVA needs at least one station");
  }
  for (std::size_t k = 0; k < stations.size(); ++k) {
    if (!std::isfinite(stations[k].demand_s) || stations[k].demand_s <= 0.0 ||
        stations[k].servers < 1) {
      throw std::invalid_argument("station " + std::to_string(k) +
                                  " needs a finite demand_s > 0 and servers >= 1");
    }
  }
}

/// The think stage merged with every delay station: one infinite server, X(n) = n / Z.
Throughputs infinite_server_throughputs(int users, double total_delay_s) {
  Throughputs throughput(static_cast<std::size_t>(users) + 1,
                         std::numeric_limits<double>::infinity());
  if (total_delay_s > 0.0) {
    for (int n = 1; n <= users; ++n) {
      throughput[static_cast<std::size_t>(n)] = n / total_delay_s;
    }
  }
  return throughput;
}

struct AddedStation {
  Throughputs throughput_per_s; ///< of the network including the added station
  double sojourn_s;             ///< of the added station, at the full population
};

/// Adds a c-server FCFS station with demand D to a network whose throughputs are
/// `rest_throughput_per_s`, tracking its marginals p(j|n) for j < c and the tail P(N >= c|n).
AddedStation add_station(const Throughputs &rest_throughput_per_s, double demand_s, int servers) {
  const std::size_t users = rest_throughput_per_s.size() - 1;
  const auto c = static_cast<std::size_t>(servers);
  std::vector<double> marginal(c, 0.0); // p(j|n-1), j = 0 .. c-1
  marginal[0] = 1.0;
  double tail = 0.0;         // P(N >= c | n-1)
  double queue_length = 0.0; // E[N | n-1]
  AddedStation added{Throughputs(users + 1, 0.0), 0.0};
  for (std::size_t n = 1; n <= users; ++n) {
    // R(n) = D/c (1 + Q(n-1) + Σ_{j<c-1} (c-1-j) p(j|n-1)); the sum is the idle servers an arrival
    // leaves.
    double idle_servers = 0.0;
    // E[1 / min(N + 1, c)] at n-1 users: how fast an arriving job is served, per unit demand.
    double inverse_busy = tail / servers;
    for (std::size_t j = 0; j < c; ++j) {
      idle_servers += static_cast<double>(c - 1 - j) * marginal[j];
      inverse_busy += marginal[j] / static_cast<double>(j + 1);
    }
    const double sojourn_s = demand_s / servers * (1.0 + queue_length + idle_servers);
    const double rest_throughput = rest_throughput_per_s[n];
    const double throughput = 1.0 / (marginal[0] / rest_throughput + demand_s * inverse_busy);
    tail = demand_s / servers * throughput * (marginal[c - 1] + tail);
    for (std::size_t j = c - 1; j >= 1; --j) {
      marginal[j] = demand_s / static_cast<double>(j) * throughput * marginal[j - 1];
    }
    marginal[0] *= throughput / rest_throughput;
    queue_length = throughput * sojourn_s;
    added.throughput_per_s[n] = throughput;
    added.sojourn_s = sojourn_s;
  }
  return added;
}

/// X(n) of the network without station `excluded` (if any).
Throughputs network_throughputs(int users, double total_delay_s,
                                std::span<const MvaStation> stations,
                                std::optional<std::size_t> excluded) {
  Throughputs throughput = infinite_server_throughputs(users, total_delay_s);
  for (std::size_t k = 0; k < stations.size(); ++k) {
    if (!stations[k].delay && k != excluded) {
      throughput =
          add_station(throughput, stations[k].demand_s, stations[k].servers).throughput_per_s;
    }
  }
  return throughput;
}

/// Classic single-server recursion R(n) = D (1 + Q(n-1)), Q(n) = X(n) R(n), with the exact X.
double single_server_sojourn_s(const Throughputs &throughput_per_s, double demand_s) {
  double queue_length = 0.0;
  double sojourn_s = demand_s;
  for (std::size_t n = 1; n < throughput_per_s.size(); ++n) {
    sojourn_s = demand_s * (1.0 + queue_length);
    queue_length = throughput_per_s[n] * sojourn_s;
  }
  return sojourn_s;
}

double station_sojourn_s(int users, double total_delay_s, std::span<const MvaStation> stations,
                         std::size_t k, const Throughputs &throughput_per_s) {
  const MvaStation &station = stations[k];
  if (station.delay) {
    return station.demand_s;
  }
  if (station.servers == 1) {
    return single_server_sojourn_s(throughput_per_s, station.demand_s);
  }
  return add_station(network_throughputs(users, total_delay_s, stations, k), station.demand_s,
                     station.servers)
      .sojourn_s;
}

} // namespace

MvaResult mva(int users, double think_time_s, std::span<const MvaStation> stations) {
  validate(users, think_time_s, stations);
  double total_delay_s = think_time_s;
  for (const MvaStation &station : stations) {
    total_delay_s += station.delay ? station.demand_s : 0.0;
  }
  const Throughputs throughput_per_s =
      network_throughputs(users, total_delay_s, stations, std::nullopt);
  MvaResult result{};
  result.throughput_per_s = throughput_per_s.back();
  for (std::size_t k = 0; k < stations.size(); ++k) {
    const double sojourn_s = station_sojourn_s(users, total_delay_s, stations, k, throughput_per_s);
    const int servers = stations[k].delay ? 1 : stations[k].servers;
    result.response_time_s += sojourn_s;
    result.station_sojourn_s.push_back(sojourn_s);
    result.station_queue_length.push_back(result.throughput_per_s * sojourn_s);
    result.station_utilization.push_back(result.throughput_per_s * stations[k].demand_s / servers);
  }
  result.cycle_time_s = result.response_time_s + think_time_s;
  return result;
}

} // namespace capsim::analytic
