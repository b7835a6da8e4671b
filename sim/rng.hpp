#pragma once
// Random numbers: xoshiro256++ (Blackman & Vigna, 2019), a fast 64-bit generator with a
// 2^256 period. Every stream's state is derived from (scenario seed, replication, stream
// index) by chaining SplitMix64, so each node of each replication draws from its own
// independent, reproducible stream regardless of thread scheduling.
#include <bit>
#include <cstdint>

namespace capsim {

/// SplitMix64 finaliser: a bijective 64-bit mixer (Steele, Lea & Flood, 2014).
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

class Rng {
public:
  /// The stream `stream` of replication `replication` of a run seeded with `seed`.
  static Rng for_stream(std::uint64_t seed, std::uint64_t replication, std::uint64_t stream) {
    const std::uint64_t key = splitmix64(splitmix64(splitmix64(seed) ^ replication) ^ stream);
    return Rng(key);
  }

  explicit Rng(std::uint64_t key) {
    for (auto &word : state_) {
      key += 0x9E3779B97F4A7C15ULL;
      word = splitmix64(key);
    }
  }

  std::uint64_t next_u64() {
    const std::uint64_t result = std::rotl(state_[0] + state_[3], 23) + state_[0];
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = std::rotl(state_[3], 45);
    return result;
  }

  /// Uniform on the open interval (0, 1): 53 random bits, centred in their cell,
  /// so log(u) and log(1 - u) are always finite.
  double uniform_open01() { return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53; }

  /// Uniform integer in [0, n) by Lemire's multiply-shift (bias < n / 2^64).
  std::uint64_t below(std::uint64_t n) {
    __extension__ using U128 = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<U128>(next_u64()) * n) >> 64);
  }

  /// True with probability p.
  bool bernoulli(double p) { return uniform_open01() < p; }

private:
  std::uint64_t state_[4]{};
};

} // namespace capsim
