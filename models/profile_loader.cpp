// read_profiles() (see profile_loader.hpp). A profile has at most one shape — "daily" (24
// hourly multipliers), "weekly" (168), or "points" [[time, multiplier], ...] with an optional
// "period" — plus "spikes" and "bursts". No shape means a flat 1.
#include "models/profile_loader.hpp"

#include <cmath>
#include <string>

namespace capsim {
namespace {

double read_multiplier(const JsonReader &value) {
  const double multiplier = value.number();
  if (!(multiplier >= 0.0 && multiplier <= 1e6)) {
    value.fail_expected("a multiplier in [0, 1e6]");
  }
  return multiplier;
}

LoadProfile read_steps(const JsonReader &steps, std::size_t count, const char *what) {
  if (!steps.json().is_array() || steps.element_count() != count) {
    steps.fail_expected(std::to_string(count) + " hourly multipliers (" + what + ")");
  }
  std::vector<double> multipliers;
  steps.for_each_element(
      [&](std::size_t, const JsonReader &value) { multipliers.push_back(read_multiplier(value)); });
  return LoadProfile::steps(std::move(multipliers), 3600.0);
}

LoadProfile read_points(const JsonReader &profile) {
  const JsonReader points = profile.at("points");
  if (points.element_count() == 0) {
    points.fail_expected("at least one [time, multiplier] point");
  }
  std::vector<std::pair<double, double>> values;
  points.for_each_element([&](std::size_t, const JsonReader &point) {
    if (point.element_count() != 2) {
      point.fail_expected("a [time, multiplier] pair");
    }
    std::pair<double, double> value;
    point.for_each_element([&](std::size_t index, const JsonReader &part) {
      (index == 0 ? value.first : value.second) =
          index == 0 ? part.duration_s() : read_multiplier(part);
    });
    if (!values.empty() && value.first <= values.back().first) {
      point.fail_expected("times increasing from one point to the next");
    }
    values.push_back(value);
  });
  std::optional<double> period_s;
  if (const auto period = profile.optional("period")) {
    period_s = period->positive_duration_s();
    if (values.back().first >= *period_s) {
      period->fail_expected("a period longer than the last point's time");
    }
  }
  return LoadProfile::points(std::move(values), period_s);
}

std::vector<std::string> class_names(const WorkloadSpec &workload) {
  std::vector<std::string> names;
  for (const RequestClassSpec &request_class : workload.classes) {
    names.push_back(request_class.name);
  }
  return names;
}

ProfileSpec read_profile(const std::string &name, const JsonReader &profile,
                         const WorkloadSpec &workload) {
  profile.only_keys({"daily", "weekly", "points", "period", "spikes", "bursts"});
  const int shapes = static_cast<int>(profile.has("daily")) +
                     static_cast<int>(profile.has("weekly")) +
                     static_cast<int>(profile.has("points"));
  if (shapes > 1) {
    profile.fail_expected(R"(at most one shape: "daily", "weekly" or "points")");
  }
  if (const auto period = profile.optional("period"); period && !profile.has("points")) {
    period->fail_expected(R"("period" only with "points")");
  }
  ProfileSpec spec;
  spec.name = name;
  if (const auto daily = profile.optional("daily")) {
    spec.load = read_steps(*daily, 24, "a day");
  } else if (const auto weekly = profile.optional("weekly")) {
    spec.load = read_steps(*weekly, 168, "a week");
  } else if (profile.has("points")) {
    spec.load = read_points(profile);
  }
  if (const auto spikes = profile.optional("spikes")) {
    spikes->for_each_element([&](std::size_t, const JsonReader &spike) {
      spike.only_keys({"at", "for", "factor"});
      spec.load.add_spike(Spike{spike.at("at").duration_s(), spike.at("for").positive_duration_s(),
                                read_multiplier(spike.at("factor"))});
    });
  }
  if (const auto bursts = profile.optional("bursts")) {
    const std::vector<std::string> names = class_names(workload);
    bursts->for_each_element([&](std::size_t, const JsonReader &burst) {
      burst.only_keys({"at", "jobs", "within", "class"});
      spec.bursts.push_back(BurstSpec{burst.at("at").duration_s(),
                                      burst.at("within").positive_duration_s(),
                                      burst.at("jobs").integer_in(1, 100'000'000),
                                      burst.at("class").one_of("a request class", names)});
    });
  }
  return spec;
}

} // namespace

std::vector<ProfileSpec> read_profiles(const JsonReader &profiles, const WorkloadSpec &workload) {
  std::vector<ProfileSpec> specs;
  profiles.for_each_member([&](const std::string &name, const JsonReader &profile) {
    specs.push_back(read_profile(name, profile, workload));
  });
  if (specs.empty()) {
    profiles.fail_expected("at least one profile");
  }
  return specs;
}

} // namespace capsim
