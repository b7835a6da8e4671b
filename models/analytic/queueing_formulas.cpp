// Closed-form single-station results (see queueing_formulas.hpp). Every station result is
// assembled from its throughput and mean queue length L_q by Little's law in one place
// (`from_queue_length`); inputs are checked first, instability is a std::domain_error.
#include "models/analytic/queueing_formulas.hpp"

#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/tools/toms748_solve.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace capsim::analytic {

namespace {

std::string describe(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

void require_non_negative(double value, const char *name) {
  if (!std::isfinite(value) || value < 0.0) {
    throw std::invalid_argument(std::string(name) + " must be finite and >= 0, got " +
                                describe(value));
  }
}

void require_positive(double value, const char *name) {
  if (!std::isfinite(value) || value <= 0.0) {
    throw std::invalid_argument(std::string(name) + " must be finite and > 0, got " +
                                describe(value));
  }
}

void require_servers(int servers) {
  if (servers < 1) {
    throw std::invalid_argument("servers must be >= 1, got " + std::to_string(servers));
  }
}

void require_open_probability(double p) {
  if (!(p > 0.0 && p < 1.0)) {
    throw std::invalid_argument("the quantile probability must be in (0, 1), got " + describe(p));
  }
}

void require_stable(double utilization) {
  if (utilization >= 1.0) {
    throw std::domain_error("utilization " + describe(utilization) +
                            " >= 1: the station is unstable (arrivals exceed its capacity)");
  }
}

/// Offered load a = λ/μ of a stable M/M/c station, after checking its inputs.
double checked_offered_load(double arrival_rate_per_s, double service_rate_per_s, int servers) {
  require_non_negative(arrival_rate_per_s, "arrival_rate_per_s");
  require_positive(service_rate_per_s, "service_rate_per_s");
  require_servers(servers);
  const double offered_load_erlangs = arrival_rate_per_s / service_rate_per_s;
  require_stable(offered_load_erlangs / servers);
  return offered_load_erlangs;
}

/// L_q of M/M/c: C(c, a) · ρ / (1 - ρ).
double mmc_queue_length(double offered_load_erlangs, int servers) {
  const double utilization = offered_load_erlangs / servers;
  return erlang_c(servers, offered_load_erlangs) * utilization / (1.0 - utilization);
}

/// Little's law on admitted jobs: W_q = L_q / X, W = W_q + E[S], L = L_q + X · E[S].
StationResult from_queue_length(double throughput_per_s, double mean_service_s, int servers,
                                double mean_queue_length, double prob_wait,
                                double blocking_probability) {
  const double mean_wait_s = throughput_per_s > 0.0 ? mean_queue_length / throughput_per_s : 0.0;
  const double mean_in_service = throughput_per_s * mean_service_s;
  return StationResult{
      .utilization = mean_in_service / servers,
      .prob_wait = prob_wait,
      .mean_wait_s = mean_wait_s,
      .mean_sojourn_s = mean_wait_s + mean_service_s,
      .mean_queue_length = mean_queue_length,
      .mean_in_system = mean_queue_length + mean_in_service,
      .throughput_per_s = throughput_per_s,
      .blocking_probability = blocking_probability,
  };
}

/// P(X + Y > t) for independent X ~ Exp(a), Y ~ Exp(b): with r = min(a, b), d = |a - b|,
/// e^{-rt} (1 + r (1 - e^{-dt}) / d), which tends to e^{-rt} (1 + rt) as d -> 0 and never
/// overflows (the textbook (a e^{-bt} - b e^{-at}) / (a - b) cancels when a ≈ b).
double hypoexponential_exceeds_probability(double rate_a_per_s, double rate_b_per_s, double t_s) {
  const double slow_rate_per_s = std::min(rate_a_per_s, rate_b_per_s);
  const double rate_gap_per_s = std::abs(rate_a_per_s - rate_b_per_s);
  const double gap_integral_s =
      rate_gap_per_s > 0.0 ? -std::expm1(-rate_gap_per_s * t_s) / rate_gap_per_s : t_s;
  return std::exp(-slow_rate_per_s * t_s) * (1.0 + slow_rate_per_s * gap_integral_s);
}

/// log q_n of the unnormalised M/M/c/K state probabilities q_n = a^n / n! for n <= c and
/// q_c ρ^(n-c) above, formed directly (no running product) so K can be huge. q_0 = 1 is
/// separate because 0 · ln a is NaN when nobody arrives (a = 0).
double log_unnormalised_probability(int jobs, int servers, double log_load, double log_rho) {
  if (jobs == 0) {
    return 0.0;
  }
  const int busy = std::min(jobs, servers);
  const double log_busy_part = busy * log_load - std::lgamma(busy + 1.0);
  return jobs > servers ? log_busy_part + (jobs - servers) * log_rho : log_busy_part;
}

/// Normalised state probabilities p_0 .. p_K of M/M/c/K (shifted by the largest log q_n).
std::vector<double> mmck_state_probabilities(double offered_load_erlangs, int servers,
                                             int capacity) {
  const double log_load = std::log(offered_load_erlangs);
  const double log_rho = std::log(offered_load_erlangs / servers);
  std::vector<double> probabilities(static_cast<std::size_t>(capacity) + 1); // log q_n, then p_n
  for (int jobs = 0; jobs <= capacity; ++jobs) {
    probabilities[static_cast<std::size_t>(jobs)] =
        log_unnormalised_probability(jobs, servers, log_load, log_rho);
  }
  const double largest_log = *std::max_element(probabilities.begin(), probabilities.end());
  double total = 0.0;
  for (double &probability : probabilities) {
    probability = std::exp(probability - largest_log);
    total += probability;
  }
  for (double &probability : probabilities) {
    probability /= total;
  }
  return probabilities;
}

} // namespace

double erlang_b(int servers, double offered_load_erlangs) {
  if (servers < 0) {
    throw std::invalid_argument("servers must be >= 0, got " + std::to_string(servers));
  }
  require_non_negative(offered_load_erlangs, "offered_load_erlangs");
  const double a = offered_load_erlangs;
  // Up to 32 servers, the stable recurrence B(k) = a B(k-1) / (k + a B(k-1)).
  constexpr int kRecurrenceServers = 32;
  if (servers <= kRecurrenceServers || a == 0.0) {
    double blocking = 1.0;
    for (int k = 1; k <= servers; ++k) {
      blocking = a * blocking / (k + a * blocking);
    }
    return blocking;
  }
  // Beyond (brokers with tens of thousands of connection slots, sized many times over), in
  // O(1): B = P(N = c) / P(N <= c) for N ~ Poisson(a), with P(N <= c) = Q(c + 1, a), the
  // regularized upper incomplete gamma function.
  const double c = servers;
  // In double precision: Boost's default promotes to long double, several times slower and
  // more precise than a blocking probability needs.
  const double cdf = boost::math::gamma_q(
      c + 1.0, a,
      boost::math::policies::make_policy(boost::math::policies::promote_double<false>()));
  if (cdf > std::numeric_limits<double>::min()) {
    const double log_pmf = c * std::log(a) - a - std::lgamma(c + 1.0);
    return std::min(1.0, std::exp(log_pmf - std::log(cdf)));
  }
  // The cdf underflows only far below the load (c << a), where 1/B = Σ_j c!/(c-j)! / a^j
  // converges geometrically (ratio < c/a).
  double inverse = 1.0;
  double term = 1.0;
  for (int j = 0; j < servers && term > 1e-17 * inverse; ++j) {
    term *= (c - j) / a;
    inverse += term;
  }
  return 1.0 / inverse;
}

double erlang_c(int servers, double offered_load_erlangs) {
  require_servers(servers);
  require_non_negative(offered_load_erlangs, "offered_load_erlangs");
  if (offered_load_erlangs >= servers) {
    throw std::domain_error("Erlang C needs offered load < servers, got load " +
                            describe(offered_load_erlangs) + " with " + std::to_string(servers) +
                            " servers");
  }
  const double blocking = erlang_b(servers, offered_load_erlangs);
  const double utilization = offered_load_erlangs / servers;
  return blocking / (1.0 - utilization * (1.0 - blocking));
}

StationResult mmc(double arrival_rate_per_s, double service_rate_per_s, int servers) {
  const double offered_load = checked_offered_load(arrival_rate_per_s, service_rate_per_s, servers);
  return from_queue_length(arrival_rate_per_s, 1.0 / service_rate_per_s, servers,
                           mmc_queue_length(offered_load, servers), erlang_c(servers, offered_load),
                           0.0);
}

double mm1_sojourn_quantile_s(double arrival_rate_per_s, double service_rate_per_s, double p) {
  checked_offered_load(arrival_rate_per_s, service_rate_per_s, 1);
  require_open_probability(p);
  return -std::log1p(-p) / (service_rate_per_s - arrival_rate_per_s);
}

double mmc_wait_exceeds_probability(double arrival_rate_per_s, double service_rate_per_s,
                                    int servers, double wait_s) {
  const double offered_load = checked_offered_load(arrival_rate_per_s, service_rate_per_s, servers);
  require_non_negative(wait_s, "wait_s");
  const double drain_rate_per_s = servers * service_rate_per_s - arrival_rate_per_s;
  return erlang_c(servers, offered_load) * std::exp(-drain_rate_per_s * wait_s);
}

// T = W_q + S with S ~ Exp(μ) independent of W_q, and W_q = 0 with probability 1 - C,
// otherwise Exp(θ) with θ = cμ - λ. Hence
//   P(T > t) = (1 - C) e^{-μt} + C · P(Exp(θ) + Exp(μ) > t).
// For c = 1 (C = ρ, θ = μ - λ) this collapses to e^{-(μ-λ)t}.
double mmc_sojourn_exceeds_probability(double arrival_rate_per_s, double service_rate_per_s,
                                       int servers, double sojourn_s) {
  const double offered_load = checked_offered_load(arrival_rate_per_s, service_rate_per_s, servers);
  require_non_negative(sojourn_s, "sojourn_s");
  const double prob_wait = erlang_c(servers, offered_load);
  const double drain_rate_per_s = servers * service_rate_per_s - arrival_rate_per_s;
  return (1.0 - prob_wait) * std::exp(-service_rate_per_s * sojourn_s) +
         prob_wait *
             hypoexponential_exceeds_probability(drain_rate_per_s, service_rate_per_s, sojourn_s);
}

double mmc_sojourn_quantile_s(double arrival_rate_per_s, double service_rate_per_s, int servers,
                              double p) {
  require_open_probability(p);
  const auto excess_tail = [&](double sojourn_s) {
    return mmc_sojourn_exceeds_probability(arrival_rate_per_s, service_rate_per_s, servers,
                                           sojourn_s) -
           (1.0 - p);
  };
  // The tail falls from 1 at t = 0 towards 0: double the mean sojourn until it brackets 1 - p.
  double upper_s = mmc(arrival_rate_per_s, service_rate_per_s, servers).mean_sojourn_s;
  while (excess_tail(upper_s) > 0.0) {
    upper_s *= 2.0;
  }
  std::uintmax_t max_iterations = 200;
  const auto [lower, upper] = boost::math::tools::toms748_solve(
      excess_tail, 0.0, upper_s, excess_tail(0.0), excess_tail(upper_s),
      boost::math::tools::eps_tolerance<double>(std::numeric_limits<double>::digits - 3),
      max_iterations);
  return 0.5 * (lower + upper);
}

StationResult mmck(double arrival_rate_per_s, double service_rate_per_s, int servers,
                   int capacity) {
  require_non_negative(arrival_rate_per_s, "arrival_rate_per_s");
  require_positive(service_rate_per_s, "service_rate_per_s");
  require_servers(servers);
  if (capacity < servers) {
    throw std::invalid_argument("capacity must be >= servers (" + std::to_string(servers) +
                                "), got " + std::to_string(capacity));
  }
  const std::vector<double> probabilities =
      mmck_state_probabilities(arrival_rate_per_s / service_rate_per_s, servers, capacity);
  double admitted = 0.0;           // P(n < K): an arrival gets in (PASTA)
  double admitted_and_waits = 0.0; // P(c <= n < K)
  double mean_queue_length = 0.0;  // Σ (n - c)+ p_n
  for (int jobs = 0; jobs <= capacity; ++jobs) {
    const double probability = probabilities[static_cast<std::size_t>(jobs)];
    admitted += jobs < capacity ? probability : 0.0;
    admitted_and_waits += jobs >= servers && jobs < capacity ? probability : 0.0;
    mean_queue_length += jobs > servers ? (jobs - servers) * probability : 0.0;
  }
  return from_queue_length(arrival_rate_per_s * admitted, 1.0 / service_rate_per_s, servers,
                           mean_queue_length, admitted_and_waits / admitted, probabilities.back());
}

StationResult mg1(double arrival_rate_per_s, double mean_service_s, double service_scv) {
  require_non_negative(arrival_rate_per_s, "arrival_rate_per_s");
  require_positive(mean_service_s, "mean_service_s");
  require_non_negative(service_scv, "service_scv");
  const double utilization = arrival_rate_per_s * mean_service_s;
  require_stable(utilization);
  // L_q = λ W_q = λ² (1 + scv) E[S]² / (2 (1 - ρ)) = ρ² (1 + scv) / (2 (1 - ρ)).
  const double mean_queue_length =
      utilization * utilization * (1.0 + service_scv) / (2.0 * (1.0 - utilization));
  // An arrival waits iff it finds the server busy, which it does with probability ρ (PASTA).
  return from_queue_length(arrival_rate_per_s, mean_service_s, 1, mean_queue_length, utilization,
                           0.0);
}

bool is_stable(double arrival_rate_per_s, double service_rate_per_s, int servers) {
  return !(arrival_rate_per_s / service_rate_per_s / servers >= 1.0);
}

StationResult gg_c_allen_cunneen(double arrival_rate_per_s, double arrival_scv,
                                 double mean_service_s, double service_scv, int servers) {
  require_non_negative(arrival_scv, "arrival_scv");
  require_positive(mean_service_s, "mean_service_s");
  require_non_negative(service_scv, "service_scv");
  const double offered_load =
      checked_offered_load(arrival_rate_per_s, 1.0 / mean_service_s, servers);
  const double variability = 0.5 * (arrival_scv + service_scv);
  return from_queue_length(arrival_rate_per_s, mean_service_s, servers,
                           mmc_queue_length(offered_load, servers) * variability,
                           erlang_c(servers, offered_load), 0.0);
}

} // namespace capsim::analytic
