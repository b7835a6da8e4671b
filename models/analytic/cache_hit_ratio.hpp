#pragma once
// Hit ratio of an LRU cache, with or without a TTL, from key popularity alone: Che's
// characteristic-time approximation under the independent reference model (each request picks
// key i independently with probability q_i, here Zipf). Request rates are per second, times in
// seconds; with a TTL, request times are Poisson and expired entries free their slot at once.
#include <cstdint>
#include <vector>

namespace capsim::analytic {

/// Zipf key popularity: key of rank i in 1..keys is requested with probability q_i ∝ 1 / i^s.
struct ZipfPopularity {
  std::int64_t keys; ///< catalogue size N, 1..kMaxZipfKeys
  double exponent_s; ///< s >= 0; s = 0 is uniform popularity
};

/// Largest catalogue accepted: every function here holds the N probabilities in memory
/// (8 bytes per key, 80 MB at this limit) and sums over them once per root-finding step.
inline constexpr std::int64_t kMaxZipfKeys = 10'000'000;

/// The normalised request probabilities q_1..q_N (element i - 1 holds rank i), in decreasing
/// order. Throws std::invalid_argument unless 1 <= keys <= kMaxZipfKeys and s is finite, >= 0.
std::vector<double> zipf_probabilities(const ZipfPopularity &popularity);

/// LRU hit ratio by Che's approximation (Che, Tung & Wang, IEEE JSAC 2002; Fagin 1977): the
/// characteristic time T_C (in requests) solves Σ_i (1 - exp(-q_i T_C)) = C, and the hit ratio is
/// Σ_i q_i (1 - exp(-q_i T_C)). Returns 0 for capacity 0 and 1 for capacity >= keys.
double che_lru_hit_ratio(const ZipfPopularity &popularity, std::int64_t capacity_keys);

/// Hit ratio of an LRU cache whose entries also expire `ttl_s` after insertion (a hit does not
/// extend the expiry; an expired entry frees its slot at once), with Poisson requests at
/// `request_rate_per_s` in all, so key i is requested at λ_i = q_i · rate. See the .cpp for the
/// model; without a binding capacity it is the pure TTL cache Σ_i q_i λ_i TTL / (1 + λ_i TTL).
/// Returns 0 for capacity 0.
double che_lru_ttl_hit_ratio(const ZipfPopularity &popularity, std::int64_t capacity_keys,
                             double ttl_s, double request_rate_per_s);

} // namespace capsim::analytic
