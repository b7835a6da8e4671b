// Che's LRU hit-ratio approximation, plain and with a TTL, checked against direct simulations
// of an LRU cache (and an LRU cache with eagerly expiring TTL entries) fed by i.i.d. Zipf
// requests (Poisson request times for the TTL cache); plus edge cases and argument checks.
#include "models/analytic/cache_hit_ratio.hpp"
#include "sim/rng.hpp"

#include <doctest/doctest.h>

#include "relative_approx.hpp"
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <list>
#include <stdexcept>
#include <unordered_map>
#include <vector>

using namespace capsim::analytic;

namespace {

constexpr std::uint64_t kSeed = 20240611;
/// Measured requests per simulated case. The binomial standard error of the simulated hit ratio
/// is sqrt(h (1 - h) / n) <= 0.5 / sqrt(4e5) = 0.08 pp, so even allowing for the correlation
/// between successive requests the 2 pp tolerance is dominated by the approximation's own error.
constexpr std::int64_t kMeasuredRequests = 400'000;
constexpr double kTolerance = 0.02;

/// Draws key ranks 0..N-1 from a Zipf law by inverse CDF over the cumulative table.
class ZipfSampler {
public:
  explicit ZipfSampler(const ZipfPopularity &popularity)
      : cumulative_(zipf_probabilities(popularity)) {
    for (std::size_t i = 1; i < cumulative_.size(); ++i) {
      cumulative_[i] += cumulative_[i - 1];
    }
  }

  std::int64_t draw(capsim::Rng &rng) const {
    const auto found =
        std::upper_bound(cumulative_.begin(), cumulative_.end(), rng.uniform_open01());
    return std::min<std::int64_t>(found - cumulative_.begin(),
                                  static_cast<std::int64_t>(cumulative_.size()) - 1);
  }

private:
  std::vector<double> cumulative_;
};

/// LRU cache of key ranks: the list runs from most to least recently used. An entry may also
/// expire `ttl_s` after its insertion (hits do not extend it); expired entries leave at once.
class LruCache {
public:
  LruCache(std::size_t capacity_keys, double ttl_s) : capacity_(capacity_keys), ttl_s_(ttl_s) {}

  /// Serves one request at `now_s`; true on a hit. A miss inserts the key, evicting the LRU key.
  bool access(std::int64_t key, double now_s) {
    expire_until(now_s);
    const auto found = entries_.find(key);
    if (found != entries_.end()) {
      order_.splice(order_.begin(), order_, found->second.position);
      return true;
    }
    if (capacity_ == 0) {
      return false;
    }
    if (entries_.size() == capacity_) {
      entries_.erase(order_.back());
      order_.pop_back();
    }
    order_.push_front(key);
    entries_.emplace(key, Entry{order_.begin(), now_s});
    insertions_.push_back({key, now_s});
    return false;
  }

private:
  struct Entry {
    std::list<std::int64_t>::iterator position;
    double inserted_s;
  };
  struct Insertion {
    std::int64_t key;
    double inserted_s;
  };

  /// Insertions expire in insertion order; a record whose key was since evicted (and perhaps
  /// re-inserted, with a later insertion time) is stale and skipped.
  void expire_until(double now_s) {
    while (!insertions_.empty() && insertions_.front().inserted_s + ttl_s_ <= now_s) {
      const Insertion oldest = insertions_.front();
      insertions_.pop_front();
      const auto found = entries_.find(oldest.key);
      if (found != entries_.end() && found->second.inserted_s == oldest.inserted_s) {
        order_.erase(found->second.position);
        entries_.erase(found);
      }
    }
  }

  std::size_t capacity_;
  double ttl_s_;
  std::list<std::int64_t> order_;
  std::unordered_map<std::int64_t, Entry> entries_;
  std::deque<Insertion> insertions_;
};

/// Fraction of hits among `kMeasuredRequests` requests after `warmup_requests`, requests being
/// i.i.d. Zipf and spaced by Exp(rate) gaps (times only matter through the TTL).
double simulated_hit_ratio(const ZipfPopularity &popularity, std::int64_t capacity_keys,
                           double ttl_s, double request_rate_per_s, std::int64_t warmup_requests,
                           std::uint64_t stream) {
  const ZipfSampler sampler(popularity);
  auto rng = capsim::Rng::for_stream(kSeed, 0, stream);
  LruCache cache(static_cast<std::size_t>(capacity_keys), ttl_s);
  double now_s = 0.0;
  std::int64_t hits = 0;
  for (std::int64_t request = 0; request < warmup_requests + kMeasuredRequests; ++request) {
    now_s -= std::log(rng.uniform_open01()) / request_rate_per_s;
    const bool hit = cache.access(sampler.draw(rng), now_s);
    if (request >= warmup_requests && hit) {
      ++hits;
    }
  }
  return static_cast<double>(hits) / static_cast<double>(kMeasuredRequests);
}

double pure_ttl_hit_ratio(const ZipfPopularity &popularity, double ttl_s,
                          double request_rate_per_s) {
  double hit_ratio = 0.0;
  for (const double q : zipf_probabilities(popularity)) {
    const double expected_hits = q * request_rate_per_s * ttl_s;
    hit_ratio += q * expected_hits / (1.0 + expected_hits);
  }
  return hit_ratio;
}

constexpr double kNoTtl_s = 1e300;

} // namespace

TEST_CASE("zipf_probabilities are normalised, decreasing and follow 1 / i^s") {
  const std::vector<double> q = zipf_probabilities({1000, 0.8});
  double total = 0.0;
  for (const double probability : q) {
    total += probability;
  }
  CHECK(total == capsim::testing::approx(1.0).epsilon(1e-12));
  CHECK(std::is_sorted(q.rbegin(), q.rend()));
  CHECK(q[0] / q[9] == capsim::testing::approx(std::pow(10.0, 0.8)).epsilon(1e-12));
}

TEST_CASE("Che's LRU approximation matches a simulated LRU cache within 2 pp") {
  std::uint64_t stream = 0;
  for (const std::int64_t keys : {1'000, 100'000}) {
    for (const double exponent : {0.6, 0.8, 1.0, 1.2}) {
      for (const double capacity_fraction : {0.01, 0.1, 0.3}) {
        const ZipfPopularity popularity{keys, exponent};
        const auto capacity =
            static_cast<std::int64_t>(capacity_fraction * static_cast<double>(keys));
        const double simulated =
            simulated_hit_ratio(popularity, capacity, kNoTtl_s, 1.0, 10 * capacity, ++stream);
        const double che = che_lru_hit_ratio(popularity, capacity);
        INFO("N = " << keys << ", s = " << exponent << ", C = " << capacity << ": simulated "
                    << simulated << ", Che " << che);
        CHECK(std::abs(che - simulated) <= kTolerance);
      }
    }
  }
}

TEST_CASE("the LRU+TTL approximation matches a simulated LRU cache with TTL within 2 pp") {
  struct TtlCase {
    ZipfPopularity popularity;
    std::int64_t capacity_keys;
    double ttl_s;
  };
  constexpr double kRate_per_s = 1000.0;
  const TtlCase cases[] = {
      {{1'000, 0.8}, 100, 0.05},   {{1'000, 0.8}, 100, 0.3},   {{1'000, 0.8}, 100, 1.0},
      {{1'000, 0.8}, 100, 5.0},    {{1'000, 0.6}, 30, 0.5},    {{1'000, 1.2}, 300, 2.0},
      {{10'000, 1.0}, 1'000, 1.0}, {{10'000, 0.8}, 100, 10.0},
  };
  std::uint64_t stream = 100;
  for (const TtlCase &c : cases) {
    const auto ttl_requests = static_cast<std::int64_t>(c.ttl_s * kRate_per_s);
    const double simulated =
        simulated_hit_ratio(c.popularity, c.capacity_keys, c.ttl_s, kRate_per_s,
                            std::max(10 * c.capacity_keys, 10 * ttl_requests), ++stream);
    const double model = che_lru_ttl_hit_ratio(c.popularity, c.capacity_keys, c.ttl_s, kRate_per_s);
    INFO("N = " << c.popularity.keys << ", s = " << c.popularity.exponent_s
                << ", C = " << c.capacity_keys << ", TTL = " << c.ttl_s << " s: simulated "
                << simulated << ", model " << model);
    CHECK(std::abs(model - simulated) <= kTolerance);
  }
}

TEST_CASE("the LRU+TTL approximation reduces to plain Che and to the pure TTL cache") {
  const ZipfPopularity popularity{1'000, 0.9};
  SUBCASE("a TTL far beyond the characteristic time leaves plain LRU") {
    CHECK(che_lru_ttl_hit_ratio(popularity, 100, 1e9, 1000.0) ==
          capsim::testing::approx(che_lru_hit_ratio(popularity, 100)).epsilon(1e-9));
  }
  SUBCASE("capacity for every key, or a capacity that never fills, leaves the pure TTL cache") {
    CHECK(che_lru_ttl_hit_ratio(popularity, 1'000, 0.5, 1000.0) ==
          capsim::testing::approx(pure_ttl_hit_ratio(popularity, 0.5, 1000.0)).epsilon(1e-12));
    CHECK(che_lru_ttl_hit_ratio(popularity, 900, 0.01, 1000.0) ==
          capsim::testing::approx(pure_ttl_hit_ratio(popularity, 0.01, 1000.0)).epsilon(1e-12));
  }
}

TEST_CASE("edge cases: no capacity, room for every key, uniform popularity") {
  const ZipfPopularity popularity{1'000, 1.0};
  CHECK(che_lru_hit_ratio(popularity, 0) == 0.0);
  CHECK(che_lru_ttl_hit_ratio(popularity, 0, 1.0, 100.0) == 0.0);
  CHECK(che_lru_hit_ratio(popularity, 1'000) == 1.0);
  CHECK(che_lru_hit_ratio(popularity, 5'000) == 1.0);
  CHECK(che_lru_hit_ratio({1, 0.7}, 1) == 1.0);
  // s = 0: every q_i = 1/N, so Σ (1 - e^{-T/N}) = C gives a hit ratio of exactly C / N.
  for (const std::int64_t capacity : {1, 10, 250, 999}) {
    CHECK(che_lru_hit_ratio({1'000, 0.0}, capacity) ==
          capsim::testing::approx(static_cast<double>(capacity) / 1000.0).epsilon(1e-9));
  }
  // A steep law underflows the tail probabilities to 0: those keys are never requested.
  CHECK(che_lru_hit_ratio({1'000, 400.0}, 10) == 1.0);
}

TEST_CASE("invalid arguments throw std::invalid_argument") {
  const ZipfPopularity popularity{1'000, 1.0};
  CHECK_THROWS_AS(zipf_probabilities({0, 1.0}), std::invalid_argument);
  CHECK_THROWS_AS(zipf_probabilities({kMaxZipfKeys + 1, 1.0}), std::invalid_argument);
  CHECK_THROWS_AS(zipf_probabilities({10, -0.1}), std::invalid_argument);
  CHECK_THROWS_AS(zipf_probabilities({10, std::nan("")}), std::invalid_argument);
  CHECK_THROWS_AS(che_lru_hit_ratio({0, 1.0}, 1), std::invalid_argument);
  CHECK_THROWS_AS(che_lru_hit_ratio(popularity, -1), std::invalid_argument);
  CHECK_THROWS_AS(che_lru_ttl_hit_ratio(popularity, -1, 1.0, 10.0), std::invalid_argument);
  CHECK_THROWS_AS(che_lru_ttl_hit_ratio(popularity, 10, 0.0, 10.0), std::invalid_argument);
  CHECK_THROWS_AS(che_lru_ttl_hit_ratio(popularity, 10, 1.0, -5.0), std::invalid_argument);
  CHECK_THROWS_AS(
      che_lru_ttl_hit_ratio(popularity, 10, std::numeric_limits<double>::infinity(), 10.0),
      std::invalid_argument);
  CHECK_THROWS_AS(che_lru_ttl_hit_ratio({5, -1.0}, 1, 1.0, 10.0), std::invalid_argument);
}
