// Summaries of the failure simulation (see availability_figures.hpp).
#include "models/availability/availability_figures.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

namespace capsim::availability {
namespace {

using PerReplication = std::function<double(const ReplicationTrace &)>;

Estimate across(const std::vector<ReplicationTrace> &traces, const PerReplication &figure) {
  std::vector<double> values;
  for (const ReplicationTrace &trace : traces) {
    values.push_back(figure(trace));
  }
  return mean_ci95(values);
}

/// A share's interval, which Student t may stretch past 0 or 1, cut back to [0, 1].
Estimate share_across(const std::vector<ReplicationTrace> &traces, const PerReplication &figure) {
  Estimate estimate = across(traces, figure);
  estimate.ci_low = std::max(0.0, estimate.ci_low);
  estimate.ci_high = std::min(1.0, estimate.ci_high);
  return estimate;
}

Estimate scaled(Estimate estimate, double factor) {
  return {estimate.estimate * factor, estimate.ci_low * factor, estimate.ci_high * factor};
}

/// Share of a replication's whole months whose downtime is within (1 - threshold) of a month.
double months_meeting(const ClassTrace &trace, double threshold) {
  if (trace.month_downtime_s.empty()) {
    return 0.0;
  }
  const double allowed_s = (1.0 - threshold) * kSecondsPerMonth;
  const auto meeting = std::count_if(trace.month_downtime_s.begin(), trace.month_downtime_s.end(),
                                     [&](double downtime_s) { return downtime_s <= allowed_s; });
  return static_cast<double>(meeting) / static_cast<double>(trace.month_downtime_s.size());
}

OutageLengths pooled_outages(const std::vector<ReplicationTrace> &traces, std::size_t c) {
  std::vector<double> lengths;
  for (const ReplicationTrace &trace : traces) {
    const std::vector<double> &outages = trace.classes[c].outage_s;
    lengths.insert(lengths.end(), outages.begin(), outages.end());
  }
  OutageLengths figures;
  figures.count = static_cast<std::int64_t>(lengths.size());
  if (lengths.empty()) {
    return figures;
  }
  figures.mean_s = std::accumulate(lengths.begin(), lengths.end(), 0.0) / double(lengths.size());
  figures.p50_s = nearest_rank(lengths, 0.50);
  figures.p90_s = nearest_rank(lengths, 0.90);
  figures.p99_s = nearest_rank(lengths, 0.99);
  figures.max_s = *std::max_element(lengths.begin(), lengths.end());
  return figures;
}

double total_years(const std::vector<ReplicationTrace> &traces) {
  double seconds = 0.0;
  for (const ReplicationTrace &trace : traces) {
    seconds += trace.duration_s;
  }
  return seconds / kSecondsPerYear;
}

ClassFigures class_figures(const AvailabilityModel &model,
                           const std::vector<ReplicationTrace> &traces, std::size_t c) {
  const double rate_per_s = model.classes[c].requests_per_s;
  const double budget_s = (1.0 - model.target) * kSecondsPerMonth;
  const auto of = [c](const ReplicationTrace &trace) -> const ClassTrace & {
    return trace.classes[c];
  };
  ClassFigures figures;
  figures.name = model.classes[c].name;
  figures.availability = share_across(
      traces, [&](const ReplicationTrace &t) { return of(t).served_s / t.duration_s; });
  figures.capacity_availability = share_across(
      traces, [&](const ReplicationTrace &t) { return of(t).capacity_s / t.duration_s; });
  const Estimate unavailability = share_across(
      traces, [&](const ReplicationTrace &t) { return 1.0 - of(t).served_s / t.duration_s; });
  figures.downtime_s_per_month = scaled(unavailability, kSecondsPerMonth);
  figures.downtime_s_per_year = scaled(unavailability, kSecondsPerYear);
  figures.budget_burn = scaled(unavailability, kSecondsPerMonth / budget_s);
  figures.outages_per_year = across(traces, [&](const ReplicationTrace &t) {
    return double(of(t).outage_s.size()) / (t.duration_s / kSecondsPerYear);
  });
  figures.months_meeting_999 =
      share_across(traces, [&](const ReplicationTrace &t) { return months_meeting(of(t), 0.999); });
  figures.months_meeting_9995 = share_across(
      traces, [&](const ReplicationTrace &t) { return months_meeting(of(t), 0.9995); });
  figures.months_meeting_target = share_across(
      traces, [&](const ReplicationTrace &t) { return months_meeting(of(t), model.target); });
  for (const ReplicationTrace &trace : traces) {
    for (const double downtime_s : of(trace).month_downtime_s) {
      figures.worst_month_burn = std::max(figures.worst_month_burn, downtime_s / budget_s);
    }
  }
  figures.outages = pooled_outages(traces, c);
  const double years = total_years(traces);
  double unavailable_s = 0.0;
  for (const ReplicationTrace &trace : traces) {
    unavailable_s += trace.duration_s - of(trace).served_s;
    figures.failed_in_flight_per_year += of(trace).failed_in_flight / years;
    figures.failed_detection_per_year += of(trace).failed_detection / years;
  }
  figures.requests_per_year = rate_per_s * kSecondsPerYear;
  figures.failed_unavailable_per_year = rate_per_s * unavailable_s / years;
  figures.failed_per_million = across(traces, [&](const ReplicationTrace &t) {
    const double requests = rate_per_s * t.duration_s;
    const double failed = rate_per_s * (t.duration_s - of(t).served_s) + of(t).failed_in_flight +
                          of(t).failed_detection;
    return requests > 0.0 ? 1e6 * failed / requests : 0.0;
  });
  return figures;
}

GroupFigures group_figures(const AvailabilityModel &model,
                           const std::vector<ReplicationTrace> &traces, std::size_t g) {
  GroupFigures figures;
  figures.name = model.groups[g].name;
  figures.availability = share_across(
      traces, [&](const ReplicationTrace &t) { return 1.0 - t.groups[g].down_s / t.duration_s; });
  figures.capacity_availability = share_across(traces, [&](const ReplicationTrace &t) {
    return 1.0 - t.groups[g].below_capacity_s / t.duration_s;
  });
  std::vector<double> losses_s;
  double failures = 0.0;
  for (const ReplicationTrace &trace : traces) {
    failures += double(trace.groups[g].failures);
    figures.failovers += trace.groups[g].failovers;
    losses_s.insert(losses_s.end(), trace.groups[g].data_loss_s.begin(),
                    trace.groups[g].data_loss_s.end());
  }
  const double years = total_years(traces);
  figures.failures_per_year = failures / years;
  figures.failovers_per_year = double(figures.failovers) / years;
  if (!losses_s.empty()) {
    figures.data_loss_p50_s = nearest_rank(losses_s, 0.50);
    figures.data_loss_p99_s = nearest_rank(losses_s, 0.99);
    figures.data_loss_max_s = *std::max_element(losses_s.begin(), losses_s.end());
    const double lost_s = std::accumulate(losses_s.begin(), losses_s.end(), 0.0);
    figures.writes_lost_per_year = model.groups[g].writes_per_s * lost_s / years;
  }
  return figures;
}

} // namespace

double nearest_rank(std::vector<double> values, double p) {
  if (values.empty()) {
    return 0.0;
  }
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * double(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

SimulatedFigures summarize(const AvailabilityModel &model,
                           const std::vector<ReplicationTrace> &traces) {
  SimulatedFigures figures;
  figures.replications = static_cast<int>(traces.size());
  figures.duration_s = traces.empty() ? 0.0 : traces.front().duration_s;
  for (std::size_t c = 0; c < model.classes.size(); ++c) {
    figures.classes.push_back(class_figures(model, traces, c));
  }
  for (std::size_t g = 0; g < model.groups.size(); ++g) {
    figures.groups.push_back(group_figures(model, traces, g));
  }
  return figures;
}

} // namespace capsim::availability
