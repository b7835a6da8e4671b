#pragma once
// The decision space of automatic sizing (`capsim size`; the scenario's "size"): decisions,
// each a choice among alternatives, each alternative a set of scenario values written like
// --set paths. A decision over one value ("path" with "values") sets that value; a decision
// over named "options" sets several at once (an instance type: its price and its speed).
#include "models/json_reader.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace capsim {

struct SweepParameter;

struct SizeSetting {
  std::string path; ///< dotted path or JSON pointer, as for --set
  nlohmann::ordered_json value;
};

struct SizeChoice {
  std::string label; ///< the value, or the option's name, as reports show it
  std::vector<SizeSetting> settings;
};

struct SizeDecision {
  std::string name; ///< the path, or the decision's own name
  std::vector<SizeChoice> choices;
};

struct SizeSpace {
  std::vector<SizeDecision> decisions;
  double headroom = 1.0; ///< every SLO must hold at today's load × this
  int runners_up = 2;    ///< passing candidates confirmed after the cheapest
};

/// The scenario's "size" object.
SizeSpace read_size_space(const JsonReader &size);

/// A --vary PATH=VALUES as a decision over that one value.
SizeDecision decision_of(const SweepParameter &parameter);

/// Adds `decision`, replacing a decision of the same name.
void add_decision(SizeSpace &space, SizeDecision decision);

} // namespace capsim
