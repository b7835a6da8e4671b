#pragma once
// Confidence intervals across independent replications: the mean of one figure's replication
// values and its Student-t interval, mean +- t_{(1+c)/2, n-1} * s / sqrt(n). Replications are
// independent and identically distributed by construction, which is what the interval assumes.
#include <span>

namespace capsim {

struct Estimate {
  double estimate = 0;
  double ci_low = 0;
  double ci_high = 0;

  double half_width() const { return (ci_high - ci_low) / 2.0; }
};

/// The x with P(T <= x) = probability for Student's t with the given degrees of freedom;
/// requires 0 < probability < 1 and degrees_of_freedom >= 1 (else throws std::domain_error).
double student_t_quantile(double probability, int degrees_of_freedom);

/// Mean of the values and its two-sided interval at `confidence` (0 < confidence < 1, else
/// throws std::domain_error). Fewer than two values carry no estimate of the spread: the
/// interval then collapses to [mean, mean] (and no values at all give 0).
Estimate mean_ci(std::span<const double> values, double confidence);

/// mean_ci at 95% confidence.
Estimate mean_ci95(std::span<const double> values);

} // namespace capsim
