// Student-t intervals for replication means. The mean and variance come from a Tally
// (Welford), which stays accurate when the replications agree to many digits; the t quantile
// comes from Boost.Math.
#include "sim/confidence_interval.hpp"

#include "sim/tally.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace capsim {

double student_t_quantile(double probability, int degrees_of_freedom) {
  if (!(probability > 0.0 && probability < 1.0)) {
    throw std::domain_error("student_t_quantile: probability must lie in (0, 1), found " +
                            std::to_string(probability));
  }
  if (degrees_of_freedom < 1) {
    throw std::domain_error("student_t_quantile: degrees of freedom must be >= 1, found " +
                            std::to_string(degrees_of_freedom));
  }
  const boost::math::students_t_distribution<double> t(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(t, probability);
}

Estimate mean_ci(std::span<const double> values, double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::domain_error("mean_ci: confidence must lie in (0, 1), found " +
                            std::to_string(confidence));
  }
  Tally tally;
  for (const double value : values) {
    tally.add(value);
  }
  const double mean = tally.mean();
  if (tally.count() < 2) {
    return Estimate{mean, mean, mean};
  }
  const double n = static_cast<double>(tally.count());
  const double t =
      student_t_quantile((1.0 + confidence) / 2.0, static_cast<int>(tally.count() - 1));
  const double half_width = t * tally.stddev() / std::sqrt(n);
  return Estimate{mean, mean - half_width, mean + half_width};
}

Estimate mean_ci95(std::span<const double> values) {
  return mean_ci(values, 0.95);
}

} // namespace capsim
