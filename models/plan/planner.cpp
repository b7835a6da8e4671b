// The month-by-month capacity plan (see planner.hpp).
#include "models/plan/planner.hpp"

#include "models/analytic/traffic.hpp"
#include "models/human_format.hpp"
#include "models/plan/remedy.hpp"
#include "models/plan/sizing.hpp"
#include "models/slo.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

namespace capsim::plan {
namespace {

/// The replication index of the growth samples' random streams (sample k is stream k), apart
/// from every simulation's: a sample's curve does not depend on how many are drawn.
constexpr std::uint64_t kGrowthStreams = 0x706c616e; // "plan"
/// The SLO headroom's bisection stops within 2%; a probe too close to call gets up to 4×
/// the peak runs' replications.
constexpr double kSloHeadroomTolerance = 0.02;
constexpr int kSloHeadroomReplicationFactor = 4;
constexpr double kSecondsPerHour = 3600.0;
/// Peak runs last at least this long, and this many mean response times.
constexpr double kMinPeakRunS = 20.0;
constexpr double kMinPeakRunResponseTimes = 200.0;

struct HourLoad {
  double multiplier = 1.0; ///< the profile's load in this hour
  double hours = 0.0;      ///< hours of the month it stands for
};

/// The month as hours of the active profile's period (its first repetition stands for every
/// one), each hour at the profile's value at its middle; one flat block without a profile.
std::vector<HourLoad> month_hours(const Scenario &scenario, double hours_per_month) {
  if (!scenario.active_profile) {
    return {{1.0, hours_per_month}};
  }
  const LoadProfile &profile = scenario.profiles[*scenario.active_profile].load;
  const double period_h = profile.period_s().value_or(24.0 * kSecondsPerHour) / kSecondsPerHour;
  const auto count = static_cast<int>(std::max(1.0, std::round(period_h)));
  std::vector<HourLoad> hours;
  for (int h = 0; h < count; ++h) {
    hours.push_back({profile.multiplier_at((h + 0.5) * kSecondsPerHour), hours_per_month / count});
  }
  return hours;
}

double peak_multiplier(const Scenario &scenario) {
  return scenario.active_profile ? scenario.profiles[*scenario.active_profile].load.max_multiplier()
                                 : 1.0;
}

/// The nearest-rank P10, P50 and P90 of `values`.
Band band_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const auto rank = [&](double p) {
    const auto index = static_cast<std::size_t>(std::ceil(p * double(values.size())));
    return values[std::clamp<std::size_t>(index, 1, values.size()) - 1];
  };
  return {rank(0.1), rank(0.5), rank(0.9)};
}

/// share[i][c]: the share of node i's calls made by class c.
std::vector<std::vector<double>> class_share_at_node(const Scenario &scenario) {
  const analytic::VisitRatios visits = analytic::visit_ratios(scenario);
  std::vector<std::vector<double>> share(scenario.nodes.size(),
                                         std::vector<double>(scenario.workload.classes.size()));
  for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
    double total = 0.0;
    for (std::size_t c = 0; c < share[i].size(); ++c) {
      share[i][c] = visits.node_visits(Eigen::Index(i), Eigen::Index(c)) *
                    visits.class_share(Eigen::Index(c));
      total += share[i][c];
    }
    for (double &value : share[i]) {
      value = total > 0.0 ? value / total : 0.0;
    }
  }
  return share;
}

/// One month of one growth curve.
struct MonthEval {
  Sizing peak;
  double peak_load_multiplier = 0.0;
  std::vector<NodeUsage> usage;
  std::vector<double> mean_instances;
  std::vector<double> class_requests;
  std::vector<LineItem> items;
  double cost_usd = 0.0;
};

/// The first month of each (event, node) in one growth curve.
using FirstMonths = std::map<std::pair<EventKind, std::size_t>, int>;

class Planner {
public:
  Planner(const Scenario &scenario, const PlanOptions &options)
      : scenario_(scenario), options_(options), curve_(scenario),
        hours_per_month_(scenario.pricing ? scenario.pricing->catalog.hours_per_month : 730.0),
        hours_(month_hours(scenario, hours_per_month_)), peak_(peak_multiplier(scenario)),
        class_share_(class_share_at_node(scenario)),
        per_call_(per_call_usage(scenario, class_share_)),
        growth_(scenario.growth ? *scenario.growth
                                : GrowthSpec{GrowthModel::compound(UncertainParameter::fixed(0.0)),
                                             12, std::nullopt, ""}) {}

  PlanResult run() {
    PlanResult result = header();
    const GrowthCurve median = growth_.model.median();
    std::vector<GrowthCurve> samples;
    const int sample_count = growth_.model.is_uncertain() ? options_.samples : 1;
    for (int k = 0; k < sample_count; ++k) {
      Rng rng = Rng::for_stream(scenario_.seed, kGrowthStreams, static_cast<std::uint64_t>(k));
      samples.push_back(growth_.model.is_uncertain() ? growth_.model.sample(rng) : median);
    }
    result.samples = sample_count;
    // Sampled peaks come from the 1% grid (shared by every sample); a certain growth curve
    // is the median one, sized exactly.
    const bool exact_samples = !growth_.model.is_uncertain();
    std::vector<std::vector<MonthEval>> sampled(samples.size());
    std::vector<FirstMonths> sample_events(samples.size());
    for (std::size_t k = 0; k < samples.size(); ++k) {
      for (int m = 0; m < growth_.horizon_months; ++m) {
        sampled[k].push_back(evaluate_month(samples[k].multiplier(m), exact_samples));
        note_events(sampled[k].back().peak, m, sample_events[k]);
      }
    }
    FirstMonths median_events;
    for (int m = 0; m < growth_.horizon_months; ++m) {
      MonthEval eval = evaluate_month(median.multiplier(m), true);
      result.months.push_back(month_plan(m, eval, samples, sampled, result));
      if (result.months.back().peak) {
        note_slo_breaks(*result.months.back().peak, m, median_events);
      }
    }
    if (options_.simulate && !scenario_.slos.empty() && !stopped_at_) {
      find_slo_headroom(result);
    }
    result.timeline = timeline(sample_events, median_events, result);
    result.stop_reason = stop_reason_;
    result.simulation_stopped_at = stopped_at_;
    return result;
  }

private:
  PlanResult header() {
    PlanResult result;
    result.scenario = scenario_.name;
    result.seed = scenario_.seed;
    result.horizon_months = growth_.horizon_months;
    result.simulated = options_.simulate;
    result.has_growth = scenario_.growth.has_value();
    result.priced = scenario_.pricing.has_value();
    if (scenario_.pricing) {
      result.currency = scenario_.pricing->catalog.currency;
      result.catalogs = scenario_.pricing->catalog.names;
      for (const NodeSpec &node : scenario_.nodes) {
        if (node.cost) {
          result.components.push_back(node.name);
        }
      }
      for (const MonthlyItem &item : scenario_.pricing->monthly) {
        result.components.push_back(item.name);
      }
    }
    result.peak_profile_multiplier = peak_;
    result.saturation_load_multiplier = curve_.saturation_load();
    return result;
  }

  /// Usage and cost of a month whose load is `growth` × month 0's; the peak sized exactly, or
  /// from the grid (up to 1% high).
  MonthEval evaluate_month(double growth, bool exact_peak) {
    MonthEval eval;
    const std::size_t nodes = scenario_.nodes.size();
    eval.usage.assign(nodes, {});
    eval.mean_instances.assign(nodes, 0.0);
    eval.class_requests.assign(scenario_.workload.classes.size(), 0.0);
    for (const HourLoad &hour : hours_) {
      const double load = growth * hour.multiplier;
      if (load <= 0.0) {
        add_idle_hour(hour.hours, eval);
        continue;
      }
      const Sizing &sizing = curve_.at(load);
      const double rate_factor = load / sizing.load_multiplier; // the grid errs up by < 1%
      const double seconds = hour.hours * kSecondsPerHour;
      for (std::size_t i = 0; i < nodes; ++i) {
        const analytic::NodeEstimate &node = sizing.estimate.nodes[i];
        add_instances(i, sizing.instances[i], hour.hours, eval);
        eval.usage[i].calls += node.arrival_rate_per_s * rate_factor * seconds;
        const double busy_slots = node.arrival_rate_per_s * rate_factor *
                                  (std::isfinite(node.mean_holding_s) ? node.mean_holding_s : 0.0);
        eval.usage[i].busy_s += busy_slots * seconds;
        add_capacity(i, busy_slots, hour.hours, eval);
      }
      for (std::size_t c = 0; c < eval.class_requests.size(); ++c) {
        eval.class_requests[c] +=
            sizing.estimate.classes[c].throughput_per_s * rate_factor * seconds;
      }
    }
    eval.peak_load_multiplier = growth * peak_;
    eval.peak =
        exact_peak ? curve_.exact(eval.peak_load_multiplier) : curve_.at(eval.peak_load_multiplier);
    eval.items = price_month(scenario_, eval.usage, per_call_);
    for (const LineItem &item : eval.items) {
      eval.cost_usd += item.usd;
    }
    return eval;
  }

  /// An hour without load still runs each tier's minimum.
  void add_idle_hour(double hours, MonthEval &eval) {
    for (std::size_t i = 0; i < scenario_.nodes.size(); ++i) {
      const NodeSpec &node = scenario_.nodes[i];
      add_instances(i, node.autoscaling ? node.autoscaling->min_instances : node.instances, hours,
                    eval);
      add_capacity(i, 0.0, hours, eval);
    }
  }

  void add_capacity(std::size_t node, double busy_slots, double hours, MonthEval &eval) const {
    const auto &cost = scenario_.nodes[node].cost;
    if (cost && cost->capacity) {
      eval.usage[node].capacity_unit_hours += cost->capacity_units(busy_slots) * hours;
    }
  }

  void add_instances(std::size_t node, int instances, double hours, MonthEval &eval) const {
    const int reserved =
        scenario_.nodes[node].cost ? scenario_.nodes[node].cost->reserved.instances : 0;
    eval.usage[node].instance_hours += instances * hours;
    eval.usage[node].instance_hours_above_reserved += std::max(instances - reserved, 0) * hours;
    eval.mean_instances[node] += instances * hours / hours_per_month_;
  }

  /// The events the month's peak sizing shows, kept at their first month.
  void note_events(const Sizing &peak, int month, FirstMonths &first) {
    for (std::size_t i = 0; i < scenario_.nodes.size(); ++i) {
      const NodeSpec &node = scenario_.nodes[i];
      if (node.pool_caller >= 0) {
        continue; // a pool's count is its caller's
      }
      const analytic::NodeEstimate &estimate = peak.estimate.nodes[i];
      const auto note = [&](EventKind kind) { first.try_emplace({kind, i}, month); };
      if (node.autoscaling && peak.at_max[i]) {
        note(EventKind::reaches_max);
      }
      if (node.autoscaling && peak.over_target[i]) {
        note(EventKind::over_target);
      }
      if (!node.autoscaling && !node.unlimited() &&
          estimate.offered_utilization >= options_.warn_utilization) {
        note(EventKind::high_utilization);
      }
      if (estimate.offered_utilization >= 1.0) { // the cause, not its callers
        note(EventKind::saturated);
      }
      if (node.database.max_connections &&
          pooled_connections(scenario_, peak, i) > *node.database.max_connections) {
        note(EventKind::connections_exceeded);
      }
    }
    const double headroom = curve_.saturation_load() / peak.load_multiplier;
    for (std::size_t c = 0; c < scenario_.claims.size(); ++c) {
      if (scenario_.claims[c].kind == ClaimKind::headroom && headroom < scenario_.claims[c].limit) {
        first.try_emplace({EventKind::headroom_short, c}, month);
      }
    }
  }

  void note_slo_breaks(const PeakRun &peak, int month, FirstMonths &first) const {
    for (std::size_t s = 0; s < peak.verdicts.size(); ++s) {
      if (peak.verdicts[s].status == SloStatus::broken) {
        first.try_emplace({EventKind::slo_broken, s}, month);
      }
    }
  }

  MonthPlan month_plan(int month, const MonthEval &eval, const std::vector<GrowthCurve> &samples,
                       const std::vector<std::vector<MonthEval>> &sampled,
                       const PlanResult &result) {
    MonthPlan plan;
    plan.month = month;
    plan.label = growth_.month_label(month);
    const auto m = static_cast<std::size_t>(month);
    std::vector<double> loads;
    std::vector<double> costs;
    for (std::size_t k = 0; k < samples.size(); ++k) {
      loads.push_back(samples[k].multiplier(month));
      costs.push_back(sampled[k][m].cost_usd);
    }
    plan.load_multiplier = band_of(loads);
    plan.cost_usd = band_of(costs);
    plan.peak_load_multiplier = eval.peak_load_multiplier;
    const Sizing &peak = eval.peak;
    plan.peak_request_rate_per_s =
        peak.estimate.request_rate_per_s * eval.peak_load_multiplier / peak.load_multiplier;
    for (std::size_t i = 0; i < scenario_.nodes.size(); ++i) {
      std::vector<double> counts;
      for (const auto &path : sampled) {
        counts.push_back(path[m].peak.instances[i]);
      }
      const analytic::NodeEstimate &estimate = peak.estimate.nodes[i];
      plan.nodes.push_back({band_of(counts), eval.mean_instances[i], estimate.offered_utilization,
                            peak.at_max[i], peak.over_target[i], estimate.saturated,
                            estimate.mean_connections, estimate.memory_share});
    }
    for (const std::string &component : result.components) {
      std::vector<double> component_costs;
      for (const auto &path : sampled) {
        component_costs.push_back(component_cost_usd(path[m].items, component));
      }
      plan.component_cost_usd.push_back(band_of(component_costs));
    }
    plan.line_items = eval.items;
    plan.class_requests = eval.class_requests;
    plan.cost_per_request_usd = cost_per_request(eval);
    plan.headroom = result.saturation_load_multiplier / eval.peak_load_multiplier;
    plan.bottleneck = peak.estimate.bottleneck.node;
    plan.bottleneck_utilization = peak.estimate.bottleneck.utilization;
    plan.saturated = peak.saturated();
    if (options_.simulate && !plan.saturated && !stopped_at_) {
      simulate_peak(month, eval, plan);
    }
    return plan;
  }

  /// Each class's share of every node's cost, per request of the class (flat items left out).
  std::vector<double> cost_per_request(const MonthEval &eval) const {
    std::vector<double> usd(scenario_.workload.classes.size(), 0.0);
    for (std::size_t i = 0; i < scenario_.nodes.size(); ++i) {
      const double node_usd = component_cost_usd(eval.items, scenario_.nodes[i].name);
      for (std::size_t c = 0; c < usd.size(); ++c) {
        usd[c] += node_usd * class_share_[i][c];
      }
    }
    for (std::size_t c = 0; c < usd.size(); ++c) {
      usd[c] = eval.class_requests[c] > 0.0 ? usd[c] / eval.class_requests[c] : 0.0;
    }
    return usd;
  }

  /// The month's peak run, unless the run limits cut it short: then no later month is run.
  void simulate_peak(int month, const MonthEval &eval, MonthPlan &plan) {
    PeakRun run = run_peak(eval);
    if (run.result.stop_reason == StopReason::completed) {
      plan.peak = std::move(run);
    } else {
      stop_reason_ = run.result.stop_reason;
      stopped_at_ = month;
    }
  }

  /// The DES at the month's peak: steady load, the sized counts fixed, no drills.
  PeakRun run_peak(const MonthEval &eval) const {
    const Scenario scenario = peak_scenario(eval.peak, eval.peak_load_multiplier);
    PeakRun run{run_scenario(scenario, options_.run), {}};
    run.verdicts = evaluate_slos(scenario.slos, run.result);
    return run;
  }

  /// The peak run's scenario at `load` (× month 0's) with the counts of `peak`, a sizing at
  /// a load at or above it.
  Scenario peak_scenario(const Sizing &peak, double load) const {
    Scenario scenario = sized_scenario(scenario_, load, peak.instances);
    for (NodeSpec &node : scenario.nodes) {
      node.autoscaling.reset();
    }
    scenario.active_profile.reset();
    scenario.failures.clear();
    scenario.run.replications = options_.replications;
    scenario.run.window_s = 0.0;
    double longest_latency_s = 0.0;
    for (const analytic::ClassEstimate &request_class : peak.estimate.classes) {
      if (std::isfinite(request_class.mean_latency_s)) {
        longest_latency_s = std::max(longest_latency_s, request_class.mean_latency_s);
      }
    }
    const double rate_per_s = peak.estimate.request_rate_per_s * load / peak.load_multiplier;
    scenario.run.duration_s = options_.duration_s.value_or(
        std::max({options_.requests_per_replication / rate_per_s, kMinPeakRunS,
                  kMinPeakRunResponseTimes * longest_latency_s}));
    scenario.run.warmup_s = options_.warmup_s.value_or(scenario.run.duration_s / 4.0);
    return scenario;
  }

  /// The SLO headroom: bisection over month 0's peak load × m, each probe a peak run with the
  /// tiers sized for its load, bracketed by the analytic saturation load; then per month.
  void find_slo_headroom(PlanResult &result) {
    const double peak_load = result.months.front().peak_load_multiplier;
    HeadroomOptions search;
    search.relative_tolerance = kSloHeadroomTolerance;
    search.max_replications = kSloHeadroomReplicationFactor * options_.replications;
    search.saturation_multiplier = result.saturation_load_multiplier / peak_load;
    search.scenario_at = [&](double multiplier) {
      const double load = multiplier * peak_load;
      return peak_scenario(curve_.exact(load), load);
    };
    result.slo_headroom = find_headroom(search.scenario_at(1.0), options_.run, search);
    if (result.slo_headroom->stop_reason != StopReason::completed) {
      stop_reason_ = result.slo_headroom->stop_reason;
      return;
    }
    for (MonthPlan &month : result.months) {
      month.slo_headroom =
          result.slo_headroom->load_multiplier * peak_load / month.peak_load_multiplier;
    }
  }

  std::string event_text(EventKind kind, std::size_t subject) const {
    if (kind == EventKind::slo_broken) {
      const SloSpec &slo = scenario_.slos[subject];
      return "SLO " + slo_figure_name(slo) + " of " + slo.class_name + " breaks at the peak";
    }
    if (kind == EventKind::headroom_short) {
      return "headroom falls below ×" + format_significant(scenario_.claims[subject].limit) +
             " the peak (" + scenario_.claims[subject].text + ")";
    }
    const NodeSpec &node = scenario_.nodes[subject];
    switch (kind) {
    case EventKind::reaches_max:
      return node.name + " reaches its maximum of " +
             std::to_string(node.autoscaling->max_instances) + " instances at the peak";
    case EventKind::over_target:
      return node.name + " runs above its scaling target at its maximum";
    case EventKind::high_utilization:
      return node.name + " passes " +
             std::to_string(static_cast<int>(std::lround(options_.warn_utilization * 100))) +
             "% utilization at the peak (fixed size)";
    case EventKind::saturated:
      return node.name + " saturates at the peak (utilization >= 100%)";
    case EventKind::connections_exceeded:
      return "the connection pools of " + node.name + "'s callers hold more than its " +
             "max_connections of " + format_count(*node.database.max_connections);
    case EventKind::slo_broken:
    case EventKind::headroom_short:
      break;
    }
    return "";
  }

  std::vector<TimelineEvent> timeline(const std::vector<FirstMonths> &samples,
                                      const FirstMonths &median, const PlanResult &result) {
    RemedyFinder remedies = remedy_finder(result);
    std::set<std::pair<EventKind, std::size_t>> keys;
    for (const FirstMonths &path : samples) {
      for (const auto &entry : path) {
        keys.insert(entry.first);
      }
    }
    std::vector<TimelineEvent> events;
    for (const auto &key : keys) {
      std::vector<double> months;
      int within = 0;
      for (const FirstMonths &path : samples) {
        const auto found = path.find(key);
        within += found != path.end() ? 1 : 0;
        months.push_back(found != path.end() ? found->second : growth_.horizon_months);
      }
      events.push_back({key.first, subject_name(key), event_text(key.first, key.second),
                        fix_text(key, result, remedies), band_of(months),
                        double(within) / double(samples.size())});
    }
    for (const auto &[key, month] : median) { // SLO breaks: the median curve's DES
      const auto at = double(month);
      events.push_back({key.first,
                        subject_name(key),
                        event_text(key.first, key.second),
                        remedies.for_slo(result.months[std::size_t(month)].peak_load_multiplier),
                        {at, at, at},
                        1.0});
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const auto &a, const auto &b) { return a.month.p50 < b.month.p50; });
    return events;
  }

  /// The change that fixes a node or headroom event through the horizon.
  std::string fix_text(const std::pair<EventKind, std::size_t> &key, const PlanResult &result,
                       RemedyFinder &finder) const {
    switch (key.first) {
    case EventKind::headroom_short:
      return finder.for_headroom(scenario_.claims[key.second].limit,
                                 result.saturation_load_multiplier);
    case EventKind::connections_exceeded:
      return finder.for_connections(key.second);
    default:
      return finder.for_node(key.second);
    }
  }

  RemedyFinder remedy_finder(const PlanResult &result) {
    const MonthPlan &last = result.months.back();
    const bool uncertain = last.load_multiplier.p90 > last.load_multiplier.p50;
    return RemedyFinder(scenario_, curve_, last.load_multiplier.p90 * peak_,
                        options_.warn_utilization, last.label + (uncertain ? " (P90 growth)" : ""));
  }

  std::string subject_name(const std::pair<EventKind, std::size_t> &key) const {
    if (key.first == EventKind::slo_broken) {
      const SloSpec &slo = scenario_.slos[key.second];
      return slo_figure_name(slo) + " " + slo.class_name;
    }
    if (key.first == EventKind::headroom_short) {
      return "headroom";
    }
    return scenario_.nodes[key.second].name;
  }

  const Scenario &scenario_;
  const PlanOptions &options_;
  SizingCurve curve_;
  double hours_per_month_;
  std::vector<HourLoad> hours_;
  double peak_;
  std::vector<std::vector<double>> class_share_;
  std::vector<PerCallUsage> per_call_;
  GrowthSpec growth_;
  StopReason stop_reason_ = StopReason::completed;
  std::optional<int> stopped_at_; ///< the month whose peak run was cut short
};

} // namespace

PlanResult make_plan(const Scenario &scenario, const PlanOptions &options) {
  PlanResult result = Planner(scenario, options).run();
  if (scenario.has_reliability()) {
    result.availability = availability::estimate_availability(scenario);
  }
  return result;
}

bool peak_cut_short(const PlanResult &plan, int month) {
  return plan.simulation_stopped_at && month >= *plan.simulation_stopped_at;
}

double first_month_cost_usd(const Scenario &scenario) {
  Scenario first_month = scenario;
  if (first_month.growth) {
    first_month.growth->horizon_months = 1;
  }
  PlanOptions options;
  options.simulate = false;
  options.samples = 1;
  return make_plan(first_month, options).months.front().cost_usd.p50;
}

const char *event_kind_name(EventKind kind) {
  switch (kind) {
  case EventKind::reaches_max:
    return "reaches_max";
  case EventKind::over_target:
    return "over_target";
  case EventKind::high_utilization:
    return "high_utilization";
  case EventKind::saturated:
    return "saturated";
  case EventKind::slo_broken:
    return "slo_broken";
  case EventKind::headroom_short:
    return "headroom_short";
  case EventKind::connections_exceeded:
    return "connections_exceeded";
  }
  return "?";
}

} // namespace capsim::plan
