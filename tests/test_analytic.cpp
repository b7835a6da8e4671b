// The analytic twin: closed-form single stations (Erlang B/C, M/M/c, M/M/c/K, M/G/1,
// Allen–Cunneen), exact MVA for closed networks and open Jackson networks, checked against
// hand-computed values, textbook identities and brute-force (CTMC, convolution) solutions.
#include "models/analytic/jackson.hpp"
#include "models/analytic/mva.hpp"
#include "models/analytic/queueing_formulas.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <doctest/doctest.h>

#include "relative_approx.hpp"
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <vector>

using namespace capsim::analytic;

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

void check_same_station(const StationResult &actual, const StationResult &expected) {
  CHECK(actual.utilization == capsim::testing::approx(expected.utilization).epsilon(1e-12));
  CHECK(actual.prob_wait == capsim::testing::approx(expected.prob_wait).epsilon(1e-12));
  CHECK(actual.mean_wait_s == capsim::testing::approx(expected.mean_wait_s).epsilon(1e-12));
  CHECK(actual.mean_sojourn_s == capsim::testing::approx(expected.mean_sojourn_s).epsilon(1e-12));
  CHECK(actual.mean_queue_length ==
        capsim::testing::approx(expected.mean_queue_length).epsilon(1e-12));
  CHECK(actual.mean_in_system == capsim::testing::approx(expected.mean_in_system).epsilon(1e-12));
  CHECK(actual.throughput_per_s ==
        capsim::testing::approx(expected.throughput_per_s).epsilon(1e-12));
  CHECK(actual.blocking_probability ==
        capsim::testing::approx(expected.blocking_probability).epsilon(1e-12));
}

/// One station of a cyclic closed network (station k feeds k + 1, the last feeds the first).
struct CyclicStation {
  double service_rate_per_s;
  int servers; ///< 0 = infinite server (the think stage)
};

struct CtmcMeans {
  double throughput_per_s;
  std::vector<double> mean_jobs;
};

double completion_rate_per_s(const CyclicStation &station, int jobs) {
  const int busy = station.servers == 0 ? jobs : std::min(jobs, station.servers);
  return station.service_rate_per_s * busy;
}

void enumerate_states(int users_left, std::size_t station, std::vector<int> &state,
                      std::vector<std::vector<int>> &states) {
  if (station + 1 == state.size()) {
    state[station] = users_left;
    states.push_back(state);
    return;
  }
  for (int jobs = 0; jobs <= users_left; ++jobs) {
    state[station] = jobs;
    enumerate_states(users_left - jobs, station + 1, state, states);
  }
}

/// Brute force: builds the generator Q of the cyclic network's CTMC over every placement of
/// the users and solves πQ = 0, Σπ = 1 with Eigen.
CtmcMeans solve_cyclic_ctmc(int users, const std::vector<CyclicStation> &stations) {
  std::vector<std::vector<int>> states;
  std::vector<int> state(stations.size(), 0);
  enumerate_states(users, 0, state, states);
  std::map<std::vector<int>, Eigen::Index> index_of;
  for (std::size_t s = 0; s < states.size(); ++s) {
    index_of[states[s]] = static_cast<Eigen::Index>(s);
  }
  const auto state_count = static_cast<Eigen::Index>(states.size());
  Eigen::MatrixXd generator = Eigen::MatrixXd::Zero(state_count, state_count);
  for (const std::vector<int> &from : states) {
    for (std::size_t k = 0; k < stations.size(); ++k) {
      const double rate_per_s = completion_rate_per_s(stations[k], from[k]);
      if (rate_per_s > 0.0) {
        std::vector<int> to = from;
        --to[k];
        ++to[(k + 1) % stations.size()];
        generator(index_of[from], index_of[to]) += rate_per_s;
        generator(index_of[from], index_of[from]) -= rate_per_s;
      }
    }
  }
  Eigen::MatrixXd system = generator.transpose();
  system.row(state_count - 1).setOnes();
  Eigen::VectorXd normalisation = Eigen::VectorXd::Zero(state_count);
  normalisation(state_count - 1) = 1.0;
  const Eigen::VectorXd probability = system.fullPivLu().solve(normalisation);
  CtmcMeans means{0.0, std::vector<double>(stations.size(), 0.0)};
  for (std::size_t s = 0; s < states.size(); ++s) {
    const double p = probability(static_cast<Eigen::Index>(s));
    means.throughput_per_s += p * completion_rate_per_s(stations[0], states[s][0]);
    for (std::size_t k = 0; k < stations.size(); ++k) {
      means.mean_jobs[k] += p * states[s][k];
    }
  }
  return means;
}

/// Compares MVA with the CTMC of the same cyclic network (visit ratio 1 everywhere, so each
/// demand is one mean service time); station 0 of the CTMC is the think stage if think > 0.
void check_mva_against_ctmc(int users, double think_time_s,
                            const std::vector<MvaStation> &mva_stations) {
  std::vector<CyclicStation> cyclic;
  if (think_time_s > 0.0) {
    cyclic.push_back({1.0 / think_time_s, 0});
  }
  for (const MvaStation &station : mva_stations) {
    cyclic.push_back({1.0 / station.demand_s, station.delay ? 0 : station.servers});
  }
  const CtmcMeans ctmc = solve_cyclic_ctmc(users, cyclic);
  const MvaResult result = mva(users, think_time_s, mva_stations);
  CHECK(result.throughput_per_s == capsim::testing::approx(ctmc.throughput_per_s).epsilon(1e-9));
  const std::size_t offset = think_time_s > 0.0 ? 1 : 0;
  for (std::size_t k = 0; k < mva_stations.size(); ++k) {
    const double jobs = ctmc.mean_jobs[k + offset];
    CHECK(result.station_queue_length[k] == capsim::testing::approx(jobs).epsilon(1e-9));
    CHECK(result.station_sojourn_s[k] ==
          capsim::testing::approx(jobs / ctmc.throughput_per_s).epsilon(1e-9));
  }
}

double log_add(double a, double b) {
  if (a == -kInfinity) {
    return b;
  }
  return std::max(a, b) + std::log1p(std::exp(-std::abs(a - b)));
}

/// Buzen's normalising constants log G(0..N) of a think stage (demand think_s > 0) and FCFS
/// c-server stations, by convolution in log space: G'(n) = Σ_j f(j) G(n - j) with
/// f(j) = D^j / Π_{i<=j} min(i, c); for j >= c, f(j) = f(c) (D/c)^(j-c) gives a recurrence.
std::vector<double> log_normalising_constants(int users, double think_s,
                                              const std::vector<MvaStation> &stations) {
  const auto size = static_cast<std::size_t>(users) + 1;
  std::vector<double> log_g(size);
  for (std::size_t n = 0; n < size; ++n) {
    log_g[n] =
        static_cast<double>(n) * std::log(think_s) - std::lgamma(static_cast<double>(n) + 1.0);
  }
  for (const MvaStation &station : stations) {
    const auto c = static_cast<std::size_t>(station.servers);
    std::vector<double> log_f(c + 1, 0.0);
    for (std::size_t j = 1; j <= c; ++j) {
      log_f[j] = log_f[j - 1] + std::log(station.demand_s / static_cast<double>(j));
    }
    std::vector<double> log_tail(size, -kInfinity);
    std::vector<double> convolved(size, -kInfinity);
    for (std::size_t n = 0; n < size; ++n) {
      if (n >= c) {
        const double carried =
            n > 0 ? std::log(station.demand_s / static_cast<double>(c)) + log_tail[n - 1]
                  : -kInfinity;
        log_tail[n] = log_add(carried, log_f[c] + log_g[n - c]);
      }
      convolved[n] = log_tail[n];
      for (std::size_t j = 0; j < std::min(c, n + 1); ++j) {
        convolved[n] = log_add(convolved[n], log_f[j] + log_g[n - j]);
      }
    }
    log_g = convolved;
  }
  return log_g;
}

} // namespace

TEST_CASE("Erlang B and Erlang C") {
  SUBCASE("Erlang B by hand") {
    // B(1, 1) = a / (1 + a) = 1/2.
    CHECK(erlang_b(1, 1.0) == capsim::testing::approx(0.5).epsilon(1e-15));
    // B(10, 5) = (5^10/10!) / Σ_{k<=10} 5^k/k! = 390625 / 21247437 = 0.0183846 (tables: 0.018384).
    CHECK(erlang_b(10, 5.0) == capsim::testing::approx(0.018384).epsilon(5e-5)); // 5 digits
    CHECK(erlang_b(10, 5.0) == capsim::testing::approx(390625.0 / 21247437.0).epsilon(1e-14));
    // No servers block everything; no load blocks nothing.
    CHECK(erlang_b(0, 3.0) == 1.0);
    CHECK(erlang_b(4, 0.0) == 0.0);
  }
  SUBCASE("Erlang B stays finite for a thousand servers") {
    const double blocking = erlang_b(1000, 1000.0);
    CHECK(blocking > 0.0);
    CHECK(blocking < 0.05);
  }
  SUBCASE("beyond 32 servers the incomplete-gamma form agrees with the recurrence") {
    const auto recurrence = [](int servers, double load) {
      double blocking = 1.0;
      for (int k = 1; k <= servers; ++k) {
        blocking = load * blocking / (k + load * blocking);
      }
      return blocking;
    };
    for (const int servers : {33, 100, 1000, 20'000, 100'000}) {
      for (const double load_per_server : {0.01, 0.5, 0.9, 1.0, 1.1, 3.0, 1e4}) {
        const double load = servers * load_per_server;
        CAPTURE(servers);
        CAPTURE(load);
        const double expected = recurrence(servers, load);
        if (expected < 1e-200) { // far below the load's reach: both are negligible
          CHECK(erlang_b(servers, load) < 1e-190);
          continue;
        }
        // The recurrence itself accumulates ~servers ulps of rounding.
        CHECK(erlang_b(servers, load) == capsim::testing::approx(expected).epsilon(1e-9));
      }
    }
  }
  SUBCASE("Erlang C by hand") {
    // c = 2, a = 1.4: Σ_{k<2} a^k/k! = 2.4 and a²/2! · c/(c - a) = 0.98 · 2/0.6 = 3.2667,
    // so C = 3.2667 / (2.4 + 3.2667) = 49/85 = 0.576471.
    CHECK(erlang_c(2, 1.4) == capsim::testing::approx(49.0 / 85.0).epsilon(1e-14));
    // One server: an arrival waits iff the server is busy, C(1, ρ) = ρ.
    CHECK(erlang_c(1, 0.3) == capsim::testing::approx(0.3).epsilon(1e-15));
  }
  SUBCASE("invalid arguments") {
    CHECK_THROWS_AS(erlang_b(-1, 1.0), std::invalid_argument);
    CHECK_THROWS_AS(erlang_b(2, -1.0), std::invalid_argument);
    CHECK_THROWS_AS(erlang_c(2, 2.0), std::domain_error);
    CHECK_THROWS_AS(erlang_c(0, 0.5), std::invalid_argument);
  }
}

TEST_CASE("M/M/c") {
  SUBCASE("M/M/1 at utilization 0.5") {
    // λ = 1, μ = 2: W = 1/(μ - λ) = 1, W_q = ρ/(μ - λ) = 0.5, L = ρ/(1 - ρ) = 1, L_q = 0.5.
    const StationResult station = mmc(1.0, 2.0, 1);
    check_same_station(station, StationResult{.utilization = 0.5,
                                              .prob_wait = 0.5,
                                              .mean_wait_s = 0.5,
                                              .mean_sojourn_s = 1.0,
                                              .mean_queue_length = 0.5,
                                              .mean_in_system = 1.0,
                                              .throughput_per_s = 1.0,
                                              .blocking_probability = 0.0});
  }
  SUBCASE("c = 1 is M/M/1") {
    for (double rho : {0.1, 0.5, 0.9, 0.99}) {
      const double mu = 3.0;
      const double lambda = rho * mu;
      const StationResult station = mmc(lambda, mu, 1);
      CHECK(station.mean_sojourn_s == capsim::testing::approx(1.0 / (mu - lambda)).epsilon(1e-12));
      CHECK(station.mean_in_system == capsim::testing::approx(rho / (1.0 - rho)).epsilon(1e-12));
      CHECK(station.prob_wait == capsim::testing::approx(rho).epsilon(1e-12));
    }
  }
  SUBCASE("M/M/2 by hand") {
    // λ = 1.4, μ = 1, c = 2: C = 49/85, W_q = C/(cμ - λ) = (49/85)/0.6 = 49/51 = 0.960784,
    // L_q = λ W_q = 1.345098, L = L_q + a = 2.745098, W = W_q + 1 = 1.960784.
    const StationResult station = mmc(1.4, 1.0, 2);
    check_same_station(station, StationResult{.utilization = 0.7,
                                              .prob_wait = 49.0 / 85.0,
                                              .mean_wait_s = 49.0 / 51.0,
                                              .mean_sojourn_s = 1.0 + 49.0 / 51.0,
                                              .mean_queue_length = 1.4 * 49.0 / 51.0,
                                              .mean_in_system = 1.4 * 49.0 / 51.0 + 1.4,
                                              .throughput_per_s = 1.4,
                                              .blocking_probability = 0.0});
  }
  SUBCASE("no arrivals: nobody waits") {
    const StationResult station = mmc(0.0, 4.0, 3);
    CHECK(station.mean_wait_s == 0.0);
    CHECK(station.mean_sojourn_s == capsim::testing::approx(0.25));
    CHECK(station.mean_in_system == 0.0);
  }
  SUBCASE("errors") {
    CHECK_THROWS_WITH_AS(mmc(2.4, 1.0, 2), doctest::Contains("utilization 1.2"), std::domain_error);
    CHECK_THROWS_AS(mmc(2.0, 1.0, 2), std::domain_error);
    CHECK_THROWS_AS(mmc(-1.0, 1.0, 2), std::invalid_argument);
    CHECK_THROWS_AS(mmc(1.0, 0.0, 2), std::invalid_argument);
    CHECK_THROWS_AS(mmc(1.0, 1.0, 0), std::invalid_argument);
  }
}

TEST_CASE("M/M/c waiting and sojourn time distributions") {
  SUBCASE("M/M/1 sojourn quantile by hand") {
    // λ = 1, μ = 2: T ~ Exp(1), so the median is ln 2 and p99 is ln 100.
    CHECK(mm1_sojourn_quantile_s(1.0, 2.0, 0.5) == capsim::testing::approx(0.6931471805599453));
    CHECK(mm1_sojourn_quantile_s(1.0, 2.0, 0.99) == capsim::testing::approx(std::log(100.0)));
  }
  SUBCASE("c = 1 matches the M/M/1 closed form") {
    for (double p : {0.1, 0.5, 0.9, 0.99, 0.999}) {
      CHECK(mmc_sojourn_quantile_s(0.9, 1.0, 1, p) ==
            capsim::testing::approx(mm1_sojourn_quantile_s(0.9, 1.0, p)).epsilon(1e-12));
    }
    for (double t : {0.0, 0.5, 3.0, 40.0}) {
      CHECK(mmc_sojourn_exceeds_probability(0.9, 1.0, 1, t) ==
            capsim::testing::approx(std::exp(-0.1 * t)).epsilon(1e-12));
    }
  }
  SUBCASE("P(W > t) by hand") {
    // c = 2, λ = 1.4, μ = 1: C = 49/85; at t = 1, C e^{-(2 - 1.4)} = 0.576471 · 0.548812.
    CHECK(mmc_wait_exceeds_probability(1.4, 1.0, 2, 0.0) == capsim::testing::approx(49.0 / 85.0));
    CHECK(mmc_wait_exceeds_probability(1.4, 1.0, 2, 1.0) ==
          capsim::testing::approx(0.3163737666894975).epsilon(1e-12));
  }
  SUBCASE("sojourn tail against numerical convolution of wait and service") {
    // P(T > t) = P(S > t) + ∫_0^t μ e^{-μs} P(W_q > t - s) ds. The second case has
    // cμ - λ = μ, the degenerate (Erlang-2) branch of the closed form.
    struct Case {
      double lambda, mu;
      int servers;
    };
    for (const Case &station : {Case{1.4, 1.0, 2}, Case{1.0, 1.0, 2}, Case{7.2, 1.0, 8}}) {
      for (double t : {0.1, 1.0, 2.5, 10.0}) {
        const auto integrand = [&](double s) {
          return station.mu * std::exp(-station.mu * s) *
                 mmc_wait_exceeds_probability(station.lambda, station.mu, station.servers, t - s);
        };
        const double expected =
            std::exp(-station.mu * t) +
            boost::math::quadrature::gauss_kronrod<double, 61>::integrate(integrand, 0.0, t);
        CHECK(mmc_sojourn_exceeds_probability(station.lambda, station.mu, station.servers, t) ==
              capsim::testing::approx(expected).epsilon(1e-10));
      }
    }
  }
  SUBCASE("the tail integrates to the mean sojourn and the quantile inverts it") {
    const auto tail = [](double t) { return mmc_sojourn_exceeds_probability(3.0, 1.0, 4, t); };
    CHECK(boost::math::quadrature::gauss_kronrod<double, 61>::integrate(tail, 0.0, kInfinity) ==
          capsim::testing::approx(mmc(3.0, 1.0, 4).mean_sojourn_s).epsilon(1e-9));
    for (double p : {0.01, 0.5, 0.9, 0.99, 0.9999}) {
      const double quantile_s = mmc_sojourn_quantile_s(3.0, 1.0, 4, p);
      CHECK(tail(quantile_s) == capsim::testing::approx(1.0 - p).epsilon(1e-12));
    }
  }
  SUBCASE("errors") {
    CHECK_THROWS_AS(mm1_sojourn_quantile_s(2.0, 2.0, 0.5), std::domain_error);
    CHECK_THROWS_AS(mm1_sojourn_quantile_s(1.0, 2.0, 1.0), std::invalid_argument);
    CHECK_THROWS_AS(mmc_sojourn_quantile_s(1.0, 2.0, 2, 0.0), std::invalid_argument);
    CHECK_THROWS_AS(mmc_sojourn_quantile_s(5.0, 2.0, 2, 0.5), std::domain_error);
    CHECK_THROWS_AS(mmc_wait_exceeds_probability(1.0, 2.0, 2, -1.0), std::invalid_argument);
  }
}

TEST_CASE("M/M/c/K") {
  SUBCASE("K = c is Erlang B") {
    const StationResult station = mmck(4.0, 1.0, 5, 5);
    const double blocking = erlang_b(5, 4.0);
    CHECK(station.blocking_probability == capsim::testing::approx(blocking).epsilon(1e-13));
    CHECK(station.throughput_per_s ==
          capsim::testing::approx(4.0 * (1.0 - blocking)).epsilon(1e-13));
    CHECK(station.prob_wait == 0.0);
    CHECK(station.mean_wait_s == 0.0);
    CHECK(station.mean_sojourn_s == capsim::testing::approx(1.0));
  }
  SUBCASE("M/M/1/2 by hand") {
    // λ = μ = 1: p_0 = p_1 = p_2 = 1/3. Blocking 1/3, X = 2/3, L = (0 + 1 + 2)/3 = 1,
    // L_q = 1/3, W_q = L_q / X = 1/2, W = 3/2; P(admitted job waits) = p_1/(p_0 + p_1) = 1/2.
    check_same_station(mmck(1.0, 1.0, 1, 2), StationResult{.utilization = 2.0 / 3.0,
                                                           .prob_wait = 0.5,
                                                           .mean_wait_s = 0.5,
                                                           .mean_sojourn_s = 1.5,
                                                           .mean_queue_length = 1.0 / 3.0,
                                                           .mean_in_system = 1.0,
                                                           .throughput_per_s = 2.0 / 3.0,
                                                           .blocking_probability = 1.0 / 3.0});
  }
  SUBCASE("M/M/2/4 by hand") {
    // λ = 2, μ = 1, a = 2, ρ = 1: q = 1, 2, 2, 2, 2 (sum 9). Blocking 2/9, X = 2 · 7/9 = 14/9,
    // L_q = (1·2 + 2·2)/9 = 2/3, W_q = (2/3)/(14/9) = 3/7, L = (2 + 4 + 6 + 8)/9 = 20/9,
    // P(wait) = (p_2 + p_3)/(1 - p_4) = 4/7, utilization = X/(cμ) = 7/9.
    check_same_station(mmck(2.0, 1.0, 2, 4), StationResult{.utilization = 7.0 / 9.0,
                                                           .prob_wait = 4.0 / 7.0,
                                                           .mean_wait_s = 3.0 / 7.0,
                                                           .mean_sojourn_s = 1.0 + 3.0 / 7.0,
                                                           .mean_queue_length = 2.0 / 3.0,
                                                           .mean_in_system = 20.0 / 9.0,
                                                           .throughput_per_s = 14.0 / 9.0,
                                                           .blocking_probability = 2.0 / 9.0});
  }
  SUBCASE("a large waiting room approaches M/M/c") {
    // The mass beyond K is ρ^(K-c): 0.7^1998 and 0.99^99000 are far below double precision.
    StationResult expected = mmc(1.4, 1.0, 2);
    check_same_station(mmck(1.4, 1.0, 2, 2000), expected);
    expected = mmc(990.0, 1.0, 1000);
    check_same_station(mmck(990.0, 1.0, 1000, 100000), expected);
  }
  SUBCASE("c = 1000, K = 1e5 at ρ = 1 against the incomplete gamma function") {
    // At ρ = 1, p_n = p_c for c <= n <= K and Σ_{n<c} q_n/q_c = e^c c!/c^c · P(Poisson(c) < c)
    // = e^c c!/c^c · Q(c, c) (regularised upper incomplete gamma), so
    // p_K = 1 / (K - c + 1 + e^c c!/c^c Q(c, c)).
    const int c = 1000;
    const int capacity = 100000;
    const double below_c = std::exp(c + std::lgamma(c + 1.0) - c * std::log(c)) *
                           boost::math::gamma_q(static_cast<double>(c), static_cast<double>(c));
    const StationResult station = mmck(1000.0, 1.0, c, capacity);
    CHECK(station.blocking_probability ==
          capsim::testing::approx(1.0 / (capacity - c + 1 + below_c)).epsilon(1e-10));
    CHECK(std::isfinite(station.mean_in_system));
  }
  SUBCASE("overload saturates the servers instead of failing") {
    // ρ = 2 and K huge: X -> cμ = 2, so p_K -> 1 - 1/ρ = 1/2.
    const StationResult station = mmck(4.0, 1.0, 2, 100000);
    CHECK(station.throughput_per_s == capsim::testing::approx(2.0).epsilon(1e-12));
    CHECK(station.blocking_probability == capsim::testing::approx(0.5).epsilon(1e-12));
    CHECK(station.utilization == capsim::testing::approx(1.0).epsilon(1e-12));
  }
  SUBCASE("no arrivals: an empty station") {
    const StationResult station = mmck(0.0, 1.0, 2, 5);
    CHECK(station.blocking_probability == 0.0);
    CHECK(station.throughput_per_s == 0.0);
    CHECK(station.mean_in_system == 0.0);
    CHECK(station.mean_sojourn_s == capsim::testing::approx(1.0));
  }
  SUBCASE("errors") {
    CHECK_THROWS_AS(mmck(1.0, 1.0, 3, 2), std::invalid_argument);
    CHECK_THROWS_AS(mmck(1.0, -1.0, 1, 2), std::invalid_argument);
  }
}

TEST_CASE("M/G/1 (Pollaczek-Khinchine)") {
  SUBCASE("M/D/1 by hand") {
    // λ = 0.7, E[S] = 1 (μ = 1): W_q = ρ/(2μ(1 - ρ)) = 0.7/0.6 = 1.166667.
    const StationResult station = mg1(0.7, 1.0, 0.0);
    CHECK(station.mean_wait_s == capsim::testing::approx(0.7 / 0.6).epsilon(1e-14));
    CHECK(station.mean_sojourn_s == capsim::testing::approx(1.0 + 0.7 / 0.6).epsilon(1e-14));
    CHECK(station.prob_wait == capsim::testing::approx(0.7));
  }
  SUBCASE("scv = 4 by hand") {
    // λ = 0.5, E[S] = 1: E[S²] = 5, W_q = 0.5 · 5 / (2 · 0.5) = 2.5, L_q = λ W_q = 1.25.
    const StationResult station = mg1(0.5, 1.0, 4.0);
    CHECK(station.mean_wait_s == capsim::testing::approx(2.5).epsilon(1e-14));
    CHECK(station.mean_queue_length == capsim::testing::approx(1.25).epsilon(1e-14));
  }
  SUBCASE("scv = 1 is M/M/1") {
    check_same_station(mg1(1.0, 0.5, 1.0), mmc(1.0, 2.0, 1));
    check_same_station(mg1(0.95, 1.0, 1.0), mmc(0.95, 1.0, 1));
  }
  SUBCASE("errors") {
    CHECK_THROWS_WITH_AS(mg1(1.0, 1.0, 0.0), doctest::Contains("utilization 1"), std::domain_error);
    CHECK_THROWS_AS(mg1(0.5, 1.0, -0.1), std::invalid_argument);
    CHECK_THROWS_AS(mg1(0.5, 0.0, 1.0), std::invalid_argument);
  }
}

TEST_CASE("G/G/c (Allen-Cunneen)") {
  SUBCASE("ca² = cs² = 1 is M/M/c") {
    check_same_station(gg_c_allen_cunneen(2.0, 1.0, 1.0, 1.0, 3), mmc(2.0, 1.0, 3));
    check_same_station(gg_c_allen_cunneen(7.2, 1.0, 0.125, 1.0, 1), mmc(7.2, 8.0, 1));
  }
  SUBCASE("one server with Poisson arrivals is Pollaczek-Khinchine") {
    check_same_station(gg_c_allen_cunneen(0.7, 1.0, 1.0, 0.0, 1), mg1(0.7, 1.0, 0.0));
    check_same_station(gg_c_allen_cunneen(0.5, 1.0, 1.0, 4.0, 1), mg1(0.5, 1.0, 4.0));
  }
  SUBCASE("by hand") {
    // c = 2, λ = 1.4, E[S] = 1, ca² = 0.5, cs² = 0: W_q = (49/51) · (0.5 + 0)/2 = 0.240196.
    const StationResult station = gg_c_allen_cunneen(1.4, 0.5, 1.0, 0.0, 2);
    CHECK(station.mean_wait_s == capsim::testing::approx(49.0 / 51.0 * 0.25).epsilon(1e-14));
    CHECK(station.prob_wait == capsim::testing::approx(49.0 / 85.0).epsilon(1e-14));
  }
  SUBCASE("errors") {
    CHECK_THROWS_WITH_AS(gg_c_allen_cunneen(3.0, 1.0, 1.0, 1.0, 2),
                         doctest::Contains("utilization 1.5"), std::domain_error);
    CHECK_THROWS_AS(gg_c_allen_cunneen(1.0, -1.0, 1.0, 1.0, 2), std::invalid_argument);
  }
}

TEST_CASE("exact MVA with single-server and delay stations") {
  SUBCASE("one station, no think time: the M/M/1//N station is always busy") {
    // X = 1/D and R = N·D for every N (the closed M/M/1//N formula with Z = 0).
    const std::vector<MvaStation> stations{{0.5}};
    for (int users = 1; users <= 5; ++users) {
      const MvaResult result = mva(users, 0.0, stations);
      CHECK(result.throughput_per_s == capsim::testing::approx(2.0).epsilon(1e-14));
      CHECK(result.response_time_s == capsim::testing::approx(0.5 * users).epsilon(1e-14));
      CHECK(result.station_utilization[0] == capsim::testing::approx(1.0).epsilon(1e-14));
    }
  }
  SUBCASE("one station with think time: the machine-repairman formula") {
    // M/M/1//N: p_0 = 1 / Σ_{k<=N} N!/(N-k)! (D/Z)^k, X = (1 - p_0)/D, R = N/X - Z.
    // N = 3, D = 1, Z = 2: Σ = 1 + 1.5 + 1.5 + 0.75 = 4.75, X = 15/19, R = 3.8 - 2 = 1.8.
    const std::vector<MvaStation> stations{{1.0}};
    const MvaResult result = mva(3, 2.0, stations);
    CHECK(result.throughput_per_s == capsim::testing::approx(15.0 / 19.0).epsilon(1e-14));
    CHECK(result.response_time_s == capsim::testing::approx(1.8).epsilon(1e-14));
    CHECK(result.cycle_time_s == capsim::testing::approx(3.8).epsilon(1e-14));
    for (int users : {1, 7, 40}) {
      double terms = 0.0;
      double term = 1.0;
      for (int k = 0; k <= users; ++k) {
        terms += term;
        term *= (users - k) * 0.5;
      }
      CHECK(mva(users, 2.0, stations).throughput_per_s ==
            capsim::testing::approx(1.0 - 1.0 / terms).epsilon(1e-12));
    }
  }
  SUBCASE("two stations by hand") {
    // D1 = 1, D2 = 2, Z = 0. N = 1: R = (1, 2), X = 1/3, Q = (1/3, 2/3).
    // N = 2: R = (4/3, 10/3), X = 2/(14/3) = 3/7, Q = (4/7, 10/7).
    // N = 3: R = (11/7, 34/7), X = 3/(45/7) = 7/15 (= G(2)/G(3) with G(n) = 2^(n+1) - 1).
    const std::vector<MvaStation> stations{{1.0}, {2.0}};
    struct Expected {
      int users;
      double throughput, sojourn_1, sojourn_2;
    };
    for (const Expected &expected :
         {Expected{1, 1.0 / 3.0, 1.0, 2.0}, Expected{2, 3.0 / 7.0, 4.0 / 3.0, 10.0 / 3.0},
          Expected{3, 7.0 / 15.0, 11.0 / 7.0, 34.0 / 7.0}}) {
      const MvaResult result = mva(expected.users, 0.0, stations);
      CHECK(result.throughput_per_s == capsim::testing::approx(expected.throughput).epsilon(1e-14));
      CHECK(result.station_sojourn_s[0] ==
            capsim::testing::approx(expected.sojourn_1).epsilon(1e-14));
      CHECK(result.station_sojourn_s[1] ==
            capsim::testing::approx(expected.sojourn_2).epsilon(1e-14));
      CHECK(result.station_queue_length[1] ==
            capsim::testing::approx(expected.throughput * expected.sojourn_2).epsilon(1e-14));
      CHECK(result.station_utilization[1] ==
            capsim::testing::approx(2.0 * expected.throughput).epsilon(1e-14));
    }
  }
  SUBCASE("a delay station acts like extra think time") {
    const std::vector<MvaStation> with_delay{{1.0}, {3.0, 1, true}, {0.5}};
    const std::vector<MvaStation> without_delay{{1.0}, {0.5}};
    const MvaResult result = mva(12, 2.0, with_delay);
    const MvaResult reference = mva(12, 5.0, without_delay);
    CHECK(result.throughput_per_s ==
          capsim::testing::approx(reference.throughput_per_s).epsilon(1e-13));
    CHECK(result.station_sojourn_s[1] == 3.0);
    CHECK(result.response_time_s ==
          capsim::testing::approx(reference.response_time_s + 3.0).epsilon(1e-13));
    CHECK(result.cycle_time_s ==
          capsim::testing::approx(12.0 / result.throughput_per_s).epsilon(1e-13));
  }
  SUBCASE("errors") {
    const std::vector<MvaStation> stations{{1.0}};
    const std::vector<MvaStation> no_stations;
    const std::vector<MvaStation> zero_demand{{0.0}};
    const std::vector<MvaStation> no_servers{{1.0, 0}};
    CHECK_THROWS_AS(mva(0, 1.0, stations), std::invalid_argument);
    CHECK_THROWS_AS(mva(1, -1.0, stations), std::invalid_argument);
    CHECK_THROWS_AS(mva(1, 1.0, no_stations), std::invalid_argument);
    CHECK_THROWS_AS(mva(1, 1.0, zero_demand), std::invalid_argument);
    CHECK_THROWS_AS(mva(1, 1.0, no_servers), std::invalid_argument);
  }
}

TEST_CASE("exact MVA with multi-server stations") {
  SUBCASE("no more users than servers: nobody queues") {
    const std::vector<MvaStation> stations{{2.0, 8}};
    for (int users : {1, 5, 8}) {
      const MvaResult result = mva(users, 0.0, stations);
      CHECK(result.response_time_s == capsim::testing::approx(2.0).epsilon(1e-14));
      CHECK(result.throughput_per_s == capsim::testing::approx(users / 2.0).epsilon(1e-14));
    }
  }
  SUBCASE("two stations, a 2-server one, N = 5, against the CTMC") {
    check_mva_against_ctmc(5, 0.0, {{1.0, 2}, {0.5, 1}});
  }
  SUBCASE("think time, 2- and 3-server stations and a delay, N = 5, against the CTMC") {
    check_mva_against_ctmc(5, 2.0, {{1.0, 2}, {1.5, 3}, {0.4, 1}, {0.7, 1, true}});
  }
  SUBCASE("10^4 users and 64 servers against a log-space convolution") {
    // Near the knee, 97% busy: the textbook step p(0|n) = 1 - Σ p(j|n), even clamped at 0,
    // gives a throughput of 0.98/s here instead of 6.18/s.
    const int users = 10000;
    const double think_s = 1600.0;
    const std::vector<MvaStation> stations{{10.0, 64}, {0.1, 1}, {5.0, 1, true}};
    const MvaResult result = mva(users, think_s, stations);
    const std::vector<double> log_g =
        log_normalising_constants(users, think_s + 5.0, {stations[0], stations[1]});
    const double throughput = std::exp(log_g[users - 1] - log_g[users]);
    CHECK(result.throughput_per_s == capsim::testing::approx(throughput).epsilon(1e-9));
    // Single-server queue length from Buzen: Q = Σ_{j>=1} D^j G(N - j) / G(N).
    double single_queue = 0.0;
    for (int j = 1; j <= users; ++j) {
      single_queue += std::exp(j * std::log(0.1) + log_g[users - j] - log_g[users]);
    }
    CHECK(result.station_queue_length[1] == capsim::testing::approx(single_queue).epsilon(1e-9));
    // The 64-server station holds everyone else (Little's law over the whole cycle).
    const double multi_queue = users - throughput * (think_s + 5.0) - single_queue;
    CHECK(result.station_queue_length[0] == capsim::testing::approx(multi_queue).epsilon(1e-9));
    CHECK(result.station_utilization[0] < 1.0);
  }
  SUBCASE("several multi-server stations stay consistent at 10^4 users") {
    const int users = 10000;
    const std::vector<MvaStation> stations{{10.0, 64}, {2.0, 16}, {0.1, 1}};
    const MvaResult result = mva(users, 1000.0, stations);
    const std::vector<double> log_g = log_normalising_constants(users, 1000.0, stations);
    CHECK(result.throughput_per_s ==
          capsim::testing::approx(std::exp(log_g[users - 1] - log_g[users])).epsilon(1e-9));
    CHECK(result.cycle_time_s * result.throughput_per_s ==
          capsim::testing::approx(users).epsilon(1e-9));
  }
}

TEST_CASE("open Jackson networks") {
  SUBCASE("three M/M/1 stations in tandem") {
    // γ = 1 into station 0, then 0 -> 1 -> 2 -> out; μ = 2, 3, 4:
    // response = Σ 1/(μ_i - λ) = 1 + 1/2 + 1/3 = 11/6.
    Eigen::MatrixXd routing = Eigen::MatrixXd::Zero(3, 3);
    routing(0, 1) = 1.0;
    routing(1, 2) = 1.0;
    const Eigen::Vector3d external(1.0, 0.0, 0.0);
    const std::vector<double> rates{2.0, 3.0, 4.0};
    const std::vector<int> servers{1, 1, 1};
    const JacksonResult result = open_jackson(external, routing, rates, servers);
    CHECK(result.arrival_rate_per_s.isApprox(Eigen::Vector3d(1.0, 1.0, 1.0), 1e-14));
    CHECK(result.mean_response_time_s == capsim::testing::approx(11.0 / 6.0).epsilon(1e-14));
    CHECK(result.total_external_rate_per_s == 1.0);
    CHECK(result.stations[2].utilization == capsim::testing::approx(0.25));
  }
  SUBCASE("branching with a 0.2 feedback loop") {
    // γ = 2 into station 0, which sends 0.4 to station 1 and 0.6 to station 2; both return
    // to station 0 with probability 0.2 and leave otherwise. λ_0 = γ + 0.2 λ_0 = γ/0.8 = 2.5,
    // λ_1 = 1, λ_2 = 1.5. μ_0 = 5 and μ_1 = 2 (ρ = 0.5, L = 1 each); station 2 is M/M/2 with
    // μ = 1, a = 1.5: C = 9/14, L = C·ρ/(1 - ρ) + a = 27/14 + 1.5 = 24/7.
    // Response = (1 + 1 + 24/7) / 2 = 19/7.
    Eigen::MatrixXd routing = Eigen::MatrixXd::Zero(3, 3);
    routing(0, 1) = 0.4;
    routing(0, 2) = 0.6;
    routing(1, 0) = 0.2;
    routing(2, 0) = 0.2;
    const Eigen::Vector3d external(2.0, 0.0, 0.0);
    const std::vector<double> rates{5.0, 2.0, 1.0};
    const std::vector<int> servers{1, 1, 2};
    const JacksonResult result = open_jackson(external, routing, rates, servers);
    CHECK(result.arrival_rate_per_s(0) == capsim::testing::approx(2.0 / 0.8).epsilon(1e-14));
    CHECK(result.arrival_rate_per_s(1) == capsim::testing::approx(1.0).epsilon(1e-14));
    CHECK(result.arrival_rate_per_s(2) == capsim::testing::approx(1.5).epsilon(1e-14));
    CHECK(result.stations[2].prob_wait == capsim::testing::approx(9.0 / 14.0).epsilon(1e-14));
    CHECK(result.stations[2].mean_in_system == capsim::testing::approx(24.0 / 7.0).epsilon(1e-14));
    CHECK(result.mean_response_time_s == capsim::testing::approx(19.0 / 7.0).epsilon(1e-14));
  }
  SUBCASE("errors") {
    const Eigen::Vector2d external(1.0, 0.0);
    Eigen::MatrixXd routing = Eigen::MatrixXd::Zero(2, 2);
    routing(0, 1) = 1.0;
    const std::vector<double> rates{2.0, 1.5};
    const std::vector<int> servers{1, 1};
    CHECK_NOTHROW(open_jackson(external, routing, rates, servers));

    const std::vector<double> slow{2.0, 0.5};
    CHECK_THROWS_WITH_AS(open_jackson(external, routing, slow, servers),
                         doctest::Contains("station 1: utilization 2"), std::domain_error);
    const std::vector<double> one_rate{2.0};
    CHECK_THROWS_AS(open_jackson(external, routing, one_rate, servers), std::invalid_argument);
    CHECK_THROWS_AS(open_jackson(external, Eigen::MatrixXd::Zero(2, 3), rates, servers),
                    std::invalid_argument);
    Eigen::MatrixXd over_one = routing;
    over_one(0, 0) = 0.5;
    CHECK_THROWS_WITH_AS(open_jackson(external, over_one, rates, servers),
                         doctest::Contains("row 0"), std::invalid_argument);
    Eigen::MatrixXd negative = routing;
    negative(1, 0) = -0.1;
    CHECK_THROWS_AS(open_jackson(external, negative, rates, servers), std::invalid_argument);
    Eigen::MatrixXd trapped = routing;
    trapped(1, 0) = 1.0;
    CHECK_THROWS_AS(open_jackson(external, trapped, rates, servers), std::invalid_argument);
    CHECK_THROWS_AS(open_jackson(Eigen::Vector2d::Zero(), routing, rates, servers),
                    std::invalid_argument);
    const std::vector<int> no_servers{1, 0};
    CHECK_THROWS_WITH_AS(open_jackson(external, routing, rates, no_servers),
                         doctest::Contains("station 1"), std::invalid_argument);
  }
}
