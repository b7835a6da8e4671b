#pragma once
// The capacity plan (DESIGN §6): for each month of the growth horizon the load is scaled by
// the growth curve; the month's hours are walked through the load profile with the analytic
// sizing (instance counts under the autoscaling policies, usage, cost); then the DES runs the
// month's peak — the sized counts held fixed at the profile's peak load, in steady state — for
// latency percentiles and SLO verdicts. Uncertain growth is sampled (Monte Carlo, one curve per
// sample used for every month) for P10/P50/P90 of cost, instances and timeline dates; the DES
// runs on the median curve. With SLOs, a bisection of such peak runs finds the load up to which
// every SLO holds, reported per month as the SLO headroom. A peak run cut short by the run limits
// (--max-events, --timeout, Ctrl-C) ends the simulation: that month and the later ones get no peak
// run (no SLO verdict), while the analytic plan is complete.
#include "models/availability/availability_study.hpp"
#include "models/headroom.hpp"
#include "models/plan/cost.hpp"
#include "models/run_scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace capsim::plan {

struct PlanOptions {
  int samples = 200;    ///< growth curves drawn when growth is uncertain
  bool simulate = true; ///< false (--fast): the analytic layer only, no SLO verdicts
  int replications = 4;
  double requests_per_replication = 40'000; ///< sets each peak run's length
  std::optional<double> duration_s;         ///< overrides the length of each peak run
  std::optional<double> warmup_s;
  double warn_utilization = 0.8; ///< a fixed tier's peak utilization worth a timeline entry
  RunOptions run;                ///< threads and guards of the peak runs
};

struct Band {
  double p10 = 0.0;
  double p50 = 0.0;
  double p90 = 0.0;
};

/// One node in one month.
struct NodeMonth {
  Band peak_instances;            ///< at the month's peak, across growth samples
  double mean_instances = 0.0;    ///< over the month's hours, median growth
  double peak_utilization = 0.0;  ///< analytic, median growth
  bool at_max = false;            ///< autoscaled and at its max at the peak (median growth)
  bool over_target = false;       ///< at its max and still above its scaling target
  bool saturated = false;         ///< utilization >= 1 at the peak (median growth)
  double peak_connections = 0.0;  ///< realtime nodes: open at the peak, analytic
  double peak_memory_share = 0.0; ///< memory_use nodes: per instance over its limit, analytic
};

/// The DES of the month's peak (median growth).
struct PeakRun {
  RunResult result;
  std::vector<SloVerdict> verdicts;
};

struct MonthPlan {
  int month = 0;
  std::string label;                 ///< "2027-03" or "M2"
  Band load_multiplier;              ///< growth since month 0
  double peak_load_multiplier = 0.0; ///< median growth × the profile's peak
  double peak_request_rate_per_s = 0.0;
  std::vector<NodeMonth> nodes; ///< in scenario order
  Band cost_usd;
  std::vector<Band> component_cost_usd;     ///< aligned with PlanResult::components
  std::vector<LineItem> line_items;         ///< median growth
  std::vector<double> class_requests;       ///< requests of each class in the month (median)
  std::vector<double> cost_per_request_usd; ///< per class: its share of the nodes' costs
  double headroom = 0.0;                    ///< saturation load / this month's peak load (analytic)
  /// The load (× this month's peak) up to which every SLO holds, simulated (PlanResult::
  /// slo_headroom); none with --fast, without SLOs, or when the search was cut short.
  std::optional<double> slo_headroom;
  std::string bottleneck;
  double bottleneck_utilization = 0.0;
  bool saturated = false;
  std::optional<PeakRun> peak; ///< when simulated, not saturated and not cut short
};

enum class EventKind {
  reaches_max,
  over_target,
  high_utilization,
  saturated,
  slo_broken,
  headroom_short,       ///< below a headroom_at_least claim's multiplier (analytic)
  connections_exceeded, ///< callers' pools hold more connections than max_connections
};

struct TimelineEvent {
  EventKind kind = EventKind::reaches_max;
  std::string subject;      ///< the node, or the SLO's text
  std::string text;         ///< "app reaches its maximum of 12 instances"
  std::string fix;          ///< the change that lasts through the horizon (models/plan/remedy)
  Band month;               ///< month of first occurrence across samples; horizon = not within it
  double probability = 0.0; ///< share of samples in which it happens within the horizon
};

struct PlanResult {
  std::string scenario;
  std::uint64_t seed = 0;
  int horizon_months = 0;
  int samples = 1;
  bool simulated = false;
  bool has_growth = false;
  bool priced = false;
  std::string currency = "USD";
  std::vector<std::string> catalogs;
  std::vector<std::string> components; ///< priced nodes, then the monthly items
  double peak_profile_multiplier = 1.0;
  double saturation_load_multiplier = 0.0; ///< × month 0's load: saturates even at max
  /// The SLO headroom search at month 0's peak, multipliers × that peak: each probe the peak
  /// run at that load with the tiers sized for it (bisection with the CIs, models/headroom).
  /// Capacity does not change with the month, so month m's SLO headroom is this load over
  /// month m's peak.
  std::optional<HeadroomResult> slo_headroom;
  std::vector<MonthPlan> months;
  std::vector<TimelineEvent> timeline; ///< by median month
  /// With node reliabilities: today's availability, analytic (capsim availability simulates it).
  std::optional<availability::AvailabilityEstimate> availability;
  /// completed, or why the peak run of month `simulation_stopped_at` was cut short: from that
  /// month on, no peak was simulated.
  StopReason stop_reason = StopReason::completed;
  std::optional<int> simulation_stopped_at;
};

PlanResult make_plan(const Scenario &scenario, const PlanOptions &options = {});

/// Whether `month` has no peak run because the run limits stopped the simulation at or before
/// it.
bool peak_cut_short(const PlanResult &plan, int month);

/// Month 0's bill (median growth), analytically: what a configuration costs today.
double first_month_cost_usd(const Scenario &scenario);

const char *event_kind_name(EventKind kind);

} // namespace capsim::plan
