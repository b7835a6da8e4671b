#pragma once
// Closed-form steady-state results for one FCFS queueing station: Erlang B and C, M/M/c,
// M/M/c/K, M/G/1 (Pollaczek–Khinchine) and the Allen–Cunneen G/G/c approximation. Arrivals
// are Poisson (renewal for Allen–Cunneen), servers identical; rates are per second, times in
// seconds. Stations without a capacity limit must be stable (utilization < 1).

namespace capsim::analytic {

/// Steady-state means of one station; waits and sojourns are those of admitted jobs.
struct StationResult {
  double utilization;          ///< busy fraction of each server: throughput · E[S] / servers
  double prob_wait;            ///< P(an admitted job waits before its service starts)
  double mean_wait_s;          ///< mean time in queue, W_q
  double mean_sojourn_s;       ///< mean time in the station, W = W_q + E[S]
  double mean_queue_length;    ///< mean number waiting, L_q
  double mean_in_system;       ///< mean number present (waiting or in service), L
  double throughput_per_s;     ///< rate of admitted (= completed) jobs
  double blocking_probability; ///< P(an arrival is turned away); 0 without a capacity limit
};

/// Blocking probability of M/M/c/c (Erlang B) for `servers` >= 0 and an offered load
/// a = λ/μ >= 0 erlangs, by the recursion B(0) = 1, B(k) = a·B(k-1) / (k + a·B(k-1)).
double erlang_b(int servers, double offered_load_erlangs);

/// P(wait > 0) of M/M/c (Erlang C) for `servers` >= 1, from Erlang B:
/// C = B / (1 - ρ (1 - B)) with ρ = a / c. Throws std::domain_error unless a < c.
double erlang_c(int servers, double offered_load_erlangs);

/// M/M/c with arrival rate λ >= 0, service rate μ > 0 per server and c >= 1 servers
/// (M/M/1 is c = 1): W_q = C(c, a) / (cμ - λ).
StationResult mmc(double arrival_rate_per_s, double service_rate_per_s, int servers);

/// p-quantile (0 < p < 1) of the M/M/1 sojourn time, which is exponential with rate μ - λ:
/// -ln(1 - p) / (μ - λ).
double mm1_sojourn_quantile_s(double arrival_rate_per_s, double service_rate_per_s, double p);

/// P(W_q > t) of M/M/c for t >= 0: C(c, a) · exp(-(cμ - λ) t).
double mmc_wait_exceeds_probability(double arrival_rate_per_s, double service_rate_per_s,
                                    int servers, double wait_s);

/// P(T > t) of the M/M/c sojourn T = W_q + S for t >= 0, in closed form (see the .cpp).
double mmc_sojourn_exceeds_probability(double arrival_rate_per_s, double service_rate_per_s,
                                       int servers, double sojourn_s);

/// p-quantile (0 < p < 1) of the M/M/c sojourn time: the root of P(T > t) = 1 - p (TOMS 748).
double mmc_sojourn_quantile_s(double arrival_rate_per_s, double service_rate_per_s, int servers,
                              double p);

/// M/M/c/K: c >= 1 servers and room for `capacity` = K >= c jobs in all (K - c waiting);
/// arrivals finding K jobs are lost. Stable for any load; exact for c up to thousands and K up
/// to millions (state probabilities are formed in log space).
StationResult mmck(double arrival_rate_per_s, double service_rate_per_s, int servers, int capacity);

/// M/G/1 with mean service time E[S] > 0 and squared coefficient of variation scv >= 0
/// (M/D/1 is scv = 0): Pollaczek–Khinchine W_q = λ E[S²] / (2 (1 - ρ)), E[S²] = (1 + scv) E[S]².
StationResult mg1(double arrival_rate_per_s, double mean_service_s, double service_scv);

/// True when `servers` servers of rate μ keep up with arrivals at rate λ, utilization
/// λ / (c μ) < 1: what the station formulas below require (they throw std::domain_error
/// otherwise). Checking first is much cheaper than catching.
bool is_stable(double arrival_rate_per_s, double service_rate_per_s, int servers);

/// G/G/c by Allen–Cunneen: W_q ≈ W_q(M/M/c) · (ca² + cs²) / 2, with P(wait) taken as
/// Erlang C. Exact for M/M/c, and for the M/G/1 mean wait.
StationResult gg_c_allen_cunneen(double arrival_rate_per_s, double arrival_scv,
                                 double mean_service_s, double service_scv, int servers);

} // namespace capsim::analytic
