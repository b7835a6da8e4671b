// LoadProfile (see load_profile.hpp).
#include "sim/load_profile.hpp"

#include <algorithm>
#include <cmath>

namespace capsim {

LoadProfile LoadProfile::steps(std::vector<double> multipliers, double step_s) {
  LoadProfile profile;
  profile.steps_ = std::move(multipliers);
  profile.step_s_ = step_s;
  return profile;
}

LoadProfile LoadProfile::points(std::vector<std::pair<double, double>> points,
                                std::optional<double> period_s) {
  LoadProfile profile;
  profile.points_ = std::move(points);
  profile.period_s_ = period_s;
  return profile;
}

double LoadProfile::shape_at(double t_s) const {
  if (!steps_.empty()) {
    const auto step = static_cast<std::size_t>(std::floor(t_s / step_s_));
    return steps_[step % steps_.size()];
  }
  if (points_.empty()) {
    return 1.0;
  }
  const double t = period_s_ ? std::fmod(t_s, *period_s_) : t_s;
  // The segment [t_i, t_i+1) holding t; past the last point, towards the first one a
  // period later (periodic) or flat.
  const auto next =
      std::upper_bound(points_.begin(), points_.end(), t,
                       [](double value, const auto &point) { return value < point.first; });
  if (next == points_.begin()) {
    return points_.front().second;
  }
  const auto &[t0, m0] = *(next - 1);
  if (next == points_.end()) {
    if (!period_s_) {
      return m0;
    }
    const double t1 = *period_s_ + points_.front().first;
    return m0 + (points_.front().second - m0) * (t - t0) / (t1 - t0);
  }
  const auto &[t1, m1] = *next;
  return m0 + (m1 - m0) * (t - t0) / (t1 - t0);
}

double LoadProfile::multiplier_at(double t_s) const {
  double multiplier = shape_at(t_s);
  for (const Spike &spike : spikes_) {
    if (t_s >= spike.at_s && t_s < spike.at_s + spike.duration_s) {
      multiplier *= spike.factor;
    }
  }
  return multiplier;
}

std::optional<double> LoadProfile::period_s() const {
  if (!steps_.empty()) {
    return static_cast<double>(steps_.size()) * step_s_;
  }
  return period_s_;
}

double LoadProfile::max_multiplier() const {
  double shape_max = 1.0;
  if (!steps_.empty()) {
    shape_max = *std::max_element(steps_.begin(), steps_.end());
  } else if (!points_.empty()) {
    shape_max = std::max_element(points_.begin(), points_.end(), [](const auto &a, const auto &b) {
                  return a.second < b.second;
                })->second;
  }
  double spikes_max = 1.0;
  for (const Spike &spike : spikes_) {
    spikes_max *= std::max(1.0, spike.factor);
  }
  return shape_max * spikes_max;
}

} // namespace capsim
