#pragma once
// Exact Mean Value Analysis of a closed, single-class, product-form network: a fixed number
// of users alternate between an exponential think time and a visit to every station, which is
// either FCFS with one or more identical exponential servers or an infinite-server delay.
// Numerically stable (tested to 10^4 users and 64 servers; see mva.cpp for how).
#include <span>
#include <vector>

namespace capsim::analytic {

/// One station of the closed network.
struct MvaStation {
  double demand_s;    ///< service demand per cycle: visit ratio × mean service time (> 0)
  int servers = 1;    ///< identical servers of a queueing station (>= 1; unused for a delay)
  bool delay = false; ///< infinite-server station: no queueing, sojourn = demand
};

/// Steady state of the network with `users` users; station vectors follow the input order.
struct MvaResult {
  double throughput_per_s;               ///< cycles completed per second, X
  double response_time_s;                ///< time per cycle at the stations, excluding think time
  double cycle_time_s;                   ///< response time + think time = users / X
  std::vector<double> station_sojourn_s; ///< residence time per cycle (all visits)
  std::vector<double> station_queue_length; ///< mean number present, waiting or in service
  std::vector<double> station_utilization;  ///< X · demand / servers; for a delay, X · demand
};

/// Solves the network for `users` >= 1 and think time >= 0. Single-server stations use the
/// classic recursion R(n) = D (1 + Q(n-1)); multi-server stations are exact (load-dependent
/// MVA over marginal queue-length probabilities, Reiser–Lavenberg).
MvaResult mva(int users, double think_time_s, std::span<const MvaStation> stations);

} // namespace capsim::analytic
