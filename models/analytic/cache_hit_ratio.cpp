// Che's approximation for LRU caches, plain and with a TTL (see cache_hit_ratio.hpp). Each key
// is treated as an independent timer cache: it stays cached while its own requests arrive less
// than the characteristic time T_C apart, and T_C is the root (TOMS 748) of "expected number of
// cached keys = capacity". Inputs are checked first (std::invalid_argument).
#include "models/analytic/cache_hit_ratio.hpp"

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

/// E[min(TTL, τ)] switches to E[τ] once λ e^{-λ T_C} · TTL exceeds this (see mean_residence_s).
constexpr double kSeriesCutoff = 20.0;

std::string describe(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

void require_positive(double value, const char *name) {
  if (!std::isfinite(value) || value <= 0.0) {
    throw std::invalid_argument(std::string(name) + " must be finite and > 0, got " +
                                describe(value));
  }
}

void require_popularity(const ZipfPopularity &popularity) {
  if (popularity.keys < 1 || popularity.keys > kMaxZipfKeys) {
    throw std::invalid_argument("the number of keys must be in [1, " +
                                std::to_string(kMaxZipfKeys) + "], got " +
                                std::to_string(popularity.keys));
  }
  if (!std::isfinite(popularity.exponent_s) || popularity.exponent_s < 0.0) {
    throw std::invalid_argument("the Zipf exponent must be finite and >= 0, got " +
                                describe(popularity.exponent_s));
  }
}

void require_capacity(std::int64_t capacity_keys) {
  if (capacity_keys < 0) {
    throw std::invalid_argument("the cache capacity must be >= 0 keys, got " +
                                std::to_string(capacity_keys));
  }
}

/// Root of the increasing `excess` on [lower, upper], where excess(lower) < 0 < excess(upper).
template <class Excess> double increasing_root(Excess excess, double lower, double upper) {
  std::uintmax_t max_iterations = 100;
  const auto [low, high] = boost::math::tools::toms748_solve(
      excess, lower, upper, excess(lower), excess(upper),
      boost::math::tools::eps_tolerance<double>(std::numeric_limits<double>::digits - 10),
      max_iterations);
  return 0.5 * (low + high);
}

/// Expected number of cached keys when a key stays cached for T requests after its last
/// request (LRU as a reset timer): Σ_i (1 - exp(-q_i T)).
double lru_occupancy_keys(const std::vector<double> &probabilities, double time_requests) {
  double occupancy = 0.0;
  for (const double q : probabilities) {
    occupancy -= std::expm1(-q * time_requests);
  }
  return occupancy;
}

/// T_C in requests for 0 < C < M, M = the number of keys with q_i > 0 (a large exponent can
/// underflow the tail to 0). As 1 - e^{-x} < x, occupancy(C) < C; as q_i >= q_M for i <= M,
/// occupancy(2 T_M) > C for T_M = -ln(1 - C/M) / q_M, so the root lies in [C, 2 T_M].
double che_time_requests(const std::vector<double> &probabilities, std::size_t requested_keys,
                         double capacity_keys) {
  const auto keys = static_cast<double>(requested_keys);
  const double upper = -2.0 * std::log1p(-capacity_keys / keys) / probabilities[requested_keys - 1];
  return increasing_root(
      [&](double time_requests) {
        return lru_occupancy_keys(probabilities, time_requests) - capacity_keys;
      },
      capacity_keys, upper);
}

/// Mean time a key stays cached after its insertion (a miss) when it is dropped either
/// `ttl_s` after insertion or once `lru_time_s` passes without a request, its requests being
/// Poisson at `rate_per_s`: E[min(D, τ)], D = TTL, a = T_C, τ = the first such LRU gap's end.
/// If D <= a, no gap of length a fits before D, so the answer is D. Otherwise, with
/// h = λ e^{-λa}, the Laplace transform of P(τ > t) is (1 - e^{-(p+λ)a}) / (p + λ e^{-(p+λ)a});
/// expanding in powers of e^{-pa} and integrating over [0, D] gives
///   Σ_k (-h)^k / (k+1)! · [(D - ka)_+^{k+1} - e^{-λa} (D - (k+1)a)_+^{k+1}],
/// an alternating series whose terms are bounded by D (hD)^k / (k+1)!. It is summed while
/// hD <= 20 (cancellation costs < e^20 ulps); beyond, τ decays at rate >= h, so
/// P(τ > D) < e^{-20} and E[τ] = (e^{λa} - 1) / λ is used instead.
double mean_residence_s(double rate_per_s, double lru_time_s, double ttl_s) {
  if (ttl_s <= lru_time_s) {
    return ttl_s;
  }
  const double survive_gap = std::exp(-rate_per_s * lru_time_s);  // P(no request within a)
  const double eviction_scale = rate_per_s * survive_gap * ttl_s; // hD
  if (eviction_scale > kSeriesCutoff) {
    return std::expm1(rate_per_s * lru_time_s) / rate_per_s;
  }
  double sum = 0.0;
  double weight = 1.0; // (hD)^k / (k+1)!
  for (int k = 0; ttl_s - k * lru_time_s > 0.0; ++k) {
    const double head = (ttl_s - k * lru_time_s) / ttl_s;
    const double tail = std::max(0.0, (ttl_s - (k + 1) * lru_time_s) / ttl_s);
    const double bracket = std::pow(head, k + 1) - survive_gap * std::pow(tail, k + 1);
    sum += (k % 2 == 0 ? weight : -weight) * bracket;
    if (k > eviction_scale && weight < 1e-18) {
      break;
    }
    weight *= eviction_scale / (k + 2);
  }
  return sum * ttl_s;
}

/// P(key cached at a request) = P(cached at a random time) by PASTA = m / (m + 1/λ), the
/// renewal cycle being a residence of mean m then an Exp(λ) wait for the next miss.
double residence_hit_probability(double rate_per_s, double residence_s) {
  return 1.0 / (1.0 + 1.0 / (rate_per_s * residence_s));
}

/// Per-key hit probabilities of the LRU+TTL model for a characteristic time `lru_time_s`.
template <class PerKey>
void for_each_ttl_hit_probability(const std::vector<double> &probabilities, double lru_time_s,
                                  double ttl_s, double request_rate_per_s, PerKey per_key) {
  for (const double q : probabilities) {
    const double rate_per_s = q * request_rate_per_s;
    per_key(q,
            residence_hit_probability(rate_per_s, mean_residence_s(rate_per_s, lru_time_s, ttl_s)));
  }
}

double ttl_occupancy_keys(const std::vector<double> &probabilities, double lru_time_s, double ttl_s,
                          double request_rate_per_s) {
  double occupancy = 0.0;
  for_each_ttl_hit_probability(probabilities, lru_time_s, ttl_s, request_rate_per_s,
                               [&](double, double hit) { occupancy += hit; });
  return occupancy;
}

double ttl_hit_ratio(const std::vector<double> &probabilities, double lru_time_s, double ttl_s,
                     double request_rate_per_s) {
  double hit_ratio = 0.0;
  for_each_ttl_hit_probability(probabilities, lru_time_s, ttl_s, request_rate_per_s,
                               [&](double q, double hit) { hit_ratio += q * hit; });
  return hit_ratio;
}

} // namespace

std::vector<double> zipf_probabilities(const ZipfPopularity &popularity) {
  require_popularity(popularity);
  std::vector<double> probabilities(static_cast<std::size_t>(popularity.keys));
  for (std::size_t rank = 1; rank <= probabilities.size(); ++rank) {
    probabilities[rank - 1] = std::pow(static_cast<double>(rank), -popularity.exponent_s);
  }
  double total = 0.0;
  for (auto weight = probabilities.rbegin(); weight != probabilities.rend(); ++weight) {
    total += *weight; // smallest first, to keep the rounding error small
  }
  for (double &probability : probabilities) {
    probability /= total;
  }
  return probabilities;
}

double che_lru_hit_ratio(const ZipfPopularity &popularity, std::int64_t capacity_keys) {
  require_popularity(popularity);
  require_capacity(capacity_keys);
  if (capacity_keys == 0) {
    return 0.0;
  }
  if (capacity_keys >= popularity.keys) {
    return 1.0;
  }
  const std::vector<double> probabilities = zipf_probabilities(popularity);
  const auto requested_keys = static_cast<std::size_t>(
      std::find(probabilities.begin(), probabilities.end(), 0.0) - probabilities.begin());
  if (static_cast<std::size_t>(capacity_keys) >= requested_keys) {
    return 1.0;
  }
  const double time_requests =
      che_time_requests(probabilities, requested_keys, static_cast<double>(capacity_keys));
  double hit_ratio = 0.0;
  for (const double q : probabilities) {
    hit_ratio -= q * std::expm1(-q * time_requests);
  }
  return hit_ratio;
}

/// The model: under Che's decoupling LRU acts on each key as a timer reset by every request
/// (T_C), and the TTL as a timer started at insertion and never reset, the TTL-cache view of
/// Fofack, Nain, Neglia & Towsley ("Performance evaluation of hierarchical TTL-based cache
/// networks", Computer Networks 65, 2014) and Martina, Garetto & Leonardi ("A unified approach
/// to the performance analysis of caching systems", INFOCOM 2014). A key leaves at whichever
/// fires first; its hit probability follows from its mean residence (mean_residence_s, derived
/// here for Poisson requests), and T_C in (0, TTL) solves Σ_i h_i = C. If even T_C = TTL (where
/// the LRU timer can no longer fire first) keeps at most C keys, the capacity never binds and the
/// result is the pure non-reset TTL cache, h_i = λ_i TTL / (1 + λ_i TTL).
double che_lru_ttl_hit_ratio(const ZipfPopularity &popularity, std::int64_t capacity_keys,
                             double ttl_s, double request_rate_per_s) {
  require_popularity(popularity);
  require_capacity(capacity_keys);
  require_positive(ttl_s, "the TTL (s)");
  require_positive(request_rate_per_s, "the request rate (1/s)");
  if (capacity_keys == 0) {
    return 0.0;
  }
  const std::vector<double> probabilities = zipf_probabilities(popularity);
  const auto capacity = static_cast<double>(capacity_keys);
  if (ttl_occupancy_keys(probabilities, ttl_s, ttl_s, request_rate_per_s) <= capacity) {
    return ttl_hit_ratio(probabilities, ttl_s, ttl_s, request_rate_per_s);
  }
  const double lru_time_s = increasing_root(
      [&](double time_s) {
        return ttl_occupancy_keys(probabilities, time_s, ttl_s, request_rate_per_s) - capacity;
      },
      0.0, ttl_s);
  return ttl_hit_ratio(probabilities, lru_time_s, ttl_s, request_rate_per_s);
}

} // namespace capsim::analytic
