#pragma once
// The arrival times of one burst's jobs — `jobs` independent uniform times within [at, at +
// within] — in increasing order, drawn one at a time from their order statistics: with k jobs
// left and a share r of the interval still ahead, the next job comes after a share
// r (1 − V^(1/k)) of it (V uniform on (0, 1)), leaving r V^(1/k). A burst is one pending event
// and constant memory, whatever its size.
#include "models/scenario.hpp"
#include "sim/rng.hpp"

#include <cstdint>
#include <optional>

namespace capsim {

class BurstArrivals {
public:
  explicit BurstArrivals(const BurstSpec &spec) : spec_(&spec), remaining_(spec.jobs) {}

  const BurstSpec &spec() const { return *spec_; }

  /// The next job's arrival in seconds, or nothing once every job has arrived.
  std::optional<double> next_s(Rng &rng);

private:
  const BurstSpec *spec_;
  std::int64_t remaining_;
  double share_ahead_ = 1.0; ///< of the interval, after the last job drawn
};

} // namespace capsim
