#pragma once
// The benchmark's reference models, built as scenario documents (the same path as a user's
// file): M/M/c stations and an open Jackson network, each sized by its number of customers.
#include "models/scenario.hpp"

namespace capsim::bench {

/// An M/M/c station at utilization rho (mean service 1 s), long enough for `customers`
/// arrivals, one replication, no warm-up.
Scenario mmc_station(int servers, double rho, double customers);

/// An open Jackson network of 10 stations visited in turn, each with its own probability,
/// server count and utilization (0.5 to 0.9), long enough for `customers` arrivals.
Scenario jackson_network(double customers);

} // namespace capsim::bench
