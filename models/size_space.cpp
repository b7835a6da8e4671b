// The sizing decision space and its loader (see size_space.hpp).
#include "models/size_space.hpp"

#include "models/sweep.hpp"

#include <algorithm>

namespace capsim {
namespace {

std::string label_of(const nlohmann::ordered_json &value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

/// {"path": P, "values": [v, ...] or "LOW..HIGH[:STEP]"}.
SizeDecision read_value_decision(const JsonReader &decision) {
  const std::string path = decision.at("path").string();
  const JsonReader values = decision.at("values");
  SweepParameter parameter{path, {}, std::nullopt, false};
  if (values.json().is_string()) {
    try {
      parameter = parse_vary(path + "=" + values.string());
    } catch (const ScenarioError &) {
      values.fail_expected("a range \"LOW..HIGH\" or \"LOW..HIGH:STEP\" (LOW <= HIGH, STEP > 0)");
    }
  } else {
    if (values.element_count() == 0) {
      values.fail_expected("at least one value");
    }
    values.for_each_element(
        [&](std::size_t, const JsonReader &value) { parameter.values.push_back(value.json()); });
  }
  return decision_of(parameter);
}

/// {"name": N, "options": {LABEL: {PATH: VALUE, ...}, ...}}.
SizeDecision read_option_decision(const JsonReader &decision) {
  SizeDecision result{decision.at("name").string(), {}};
  const JsonReader options = decision.at("options");
  if (options.member_count() == 0) {
    options.fail_expected("at least one option");
  }
  options.for_each_member([&](const std::string &label, const JsonReader &settings) {
    if (settings.member_count() == 0) {
      settings.fail_expected("an object of PATH: VALUE settings, at least one");
    }
    SizeChoice choice{label, {}};
    settings.for_each_member([&](const std::string &path, const JsonReader &value) {
      choice.settings.push_back({path, value.json()});
    });
    result.choices.push_back(std::move(choice));
  });
  return result;
}

} // namespace

SizeSpace read_size_space(const JsonReader &size) {
  size.only_keys({"decisions", "headroom", "runners_up"});
  SizeSpace space;
  if (const auto headroom = size.optional("headroom")) {
    space.headroom = headroom->number();
    if (!(space.headroom >= 1.0 && space.headroom <= 100.0)) {
      headroom->fail_expected("a load multiplier in [1, 100]");
    }
  }
  if (const auto runners_up = size.optional("runners_up")) {
    space.runners_up = static_cast<int>(runners_up->integer_in(0, 100));
  }
  const JsonReader decisions = size.at("decisions");
  if (decisions.element_count() == 0) {
    decisions.fail_expected("at least one decision");
  }
  decisions.for_each_element([&](std::size_t, const JsonReader &decision) {
    const bool options = decision.has("options");
    decision.only_keys(options ? std::initializer_list<std::string_view>{"name", "options"}
                               : std::initializer_list<std::string_view>{"path", "values"});
    SizeDecision read = options ? read_option_decision(decision) : read_value_decision(decision);
    if (std::any_of(space.decisions.begin(), space.decisions.end(),
                    [&](const SizeDecision &d) { return d.name == read.name; })) {
      decision.at(options ? "name" : "path").fail_expected("a decision not given before");
    }
    space.decisions.push_back(std::move(read));
  });
  return space;
}

SizeDecision decision_of(const SweepParameter &parameter) {
  SizeDecision decision{parameter.path, {}};
  for (const auto &value : parameter.values) {
    decision.choices.push_back({label_of(value), {{parameter.path, value}}});
  }
  return decision;
}

void add_decision(SizeSpace &space, SizeDecision decision) {
  const auto same = std::find_if(space.decisions.begin(), space.decisions.end(),
                                 [&](const SizeDecision &d) { return d.name == decision.name; });
  if (same != space.decisions.end()) {
    *same = std::move(decision);
  } else {
    space.decisions.push_back(std::move(decision));
  }
}

} // namespace capsim
