#pragma once
// A load profile: the multiplier m(t) >= 0 of a workload's base rate over simulated time, as
// a periodic shape (hourly steps over a day or a week, or points joined by straight lines)
// times the spikes active at t. Open arrivals then form a non-homogeneous Poisson process of
// rate λ·m(t), drawn by thinning against max m (Lewis & Shedler, 1979).
#include <optional>
#include <utility>
#include <vector>

namespace capsim {

/// "×factor from at_s for duration_s."
struct Spike {
  double at_s = 0.0;
  double duration_s = 0.0;
  double factor = 1.0;
};

class LoadProfile {
public:
  /// Flat: m(t) = 1.
  LoadProfile() = default;
  /// Steps: m(t) = steps[floor(t / step_s) mod steps.size()] (24 hourly values: a day).
  static LoadProfile steps(std::vector<double> multipliers, double step_s);
  /// Points (t_i, m_i), t strictly increasing from 0, joined linearly; repeats every
  /// `period_s` when given (the last point then joins the first one period later),
  /// otherwise holds the last value.
  static LoadProfile points(std::vector<std::pair<double, double>> points,
                            std::optional<double> period_s);

  void add_spike(const Spike &spike) { spikes_.push_back(spike); }

  double multiplier_at(double t_s) const;
  /// An upper bound of m(t) over all t (exact without overlapping spikes).
  double max_multiplier() const;
  /// The length of one repetition of the shape: the steps' span, or the points' period;
  /// none for a flat profile or points that are not periodic.
  std::optional<double> period_s() const;

private:
  double shape_at(double t_s) const;

  std::vector<double> steps_; // empty: no step shape
  double step_s_ = 3600.0;
  std::vector<std::pair<double, double>> points_; // empty: no point shape
  std::optional<double> period_s_;
  std::vector<Spike> spikes_;
};

} // namespace capsim
