// Burst arrival times by order statistics (see burst_arrivals.hpp).
#include "models/burst_arrivals.hpp"

#include <cmath>

namespace capsim {

std::optional<double> BurstArrivals::next_s(Rng &rng) {
  if (remaining_ <= 0) {
    return std::nullopt;
  }
  share_ahead_ *= std::exp(std::log(rng.uniform_open01()) / static_cast<double>(remaining_));
  --remaining_;
  return spec_->at_s + (1.0 - share_ahead_) * spec_->within_s;
}

} // namespace capsim
