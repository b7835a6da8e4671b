// scenarios/schema.json and the loader stay in sync: the schema uses only the JSON Schema
// subset that tests/json_schema_subset.hpp implements; every shipped scenario validates and
// loads; at every object of two known-valid scenarios the loader's "(allowed: ...)" list for
// an unknown key is exactly the schema's properties there; the unit patterns accept what the
// unit parsers accept; and on the fuzz seed corpus the schema is never stricter than the loader.
#include "json_schema_subset.hpp"
#include "models/scenario_loader.hpp"
#include "models/units.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using capsim::test::Json;
using capsim::test::SchemaSubset;
using capsim::test::UnsupportedSchema;

namespace {

const std::filesystem::path kSourceDir = CAPSIM_SOURCE_DIR;
const std::string kBogusKey = "zz_not_a_key";

std::string read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.is_open(), "cannot read " << path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const SchemaSubset &scenario_schema() {
  static const SchemaSubset subset(Json::parse(read_file(kSourceDir / "scenarios/schema.json")));
  return subset;
}

/// Scenario text as the schema sees it: JSON with its comments stripped.
Json parse_with_comments(std::string_view text) {
  return Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/true,
                     /*ignore_comments=*/true);
}

std::string joined(const std::vector<std::string> &lines) {
  std::string text;
  for (const std::string &line : lines) {
    text += line + "\n";
  }
  return text;
}

/// Every *.json file under `dir` (recursively) but the schema and the price catalogs, in a
/// stable order.
std::vector<std::filesystem::path> json_files_under(const std::filesystem::path &dir) {
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json" &&
        entry.path().filename() != "schema.json" &&
        entry.path().parent_path().filename() != "pricing") { // price catalogs, not scenarios
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// The loader's complaint about `text`, or nothing if it loads.
std::optional<capsim::ScenarioError> loader_error(std::string_view text) {
  try {
    capsim::parse_scenario(text, "s.json");
  } catch (const capsim::ScenarioError &error) {
    return error;
  }
  return std::nullopt;
}

// ---- Object locations of a document and the schemas that govern them -----------------------

using Schemas = std::vector<const Json *>;

struct Location {
  std::string pointer; // RFC 6901; "" for the root
  Schemas schemas;     // every schema that applies to the object there
};

/// `schemas` with every subschema that applies to `instance` through them.
Schemas applicable(const Schemas &schemas, const Json &instance) {
  Schemas all;
  for (const Json *schema : schemas) {
    const Schemas more = scenario_schema().applicable(*schema, instance);
    all.insert(all.end(), more.begin(), more.end());
  }
  return all;
}

/// The schemas that apply to member `key` of an object governed by `schemas`.
Schemas member_schemas(const Schemas &schemas, const std::string &key) {
  Schemas members;
  for (const Json *schema : schemas) {
    if (!schema->is_object()) {
      continue;
    }
    if (schema->contains("properties") && (*schema)["properties"].contains(key)) {
      members.push_back(&(*schema)["properties"][key]);
    } else if (schema->contains("additionalProperties") &&
               (*schema)["additionalProperties"].is_object()) {
      members.push_back(&(*schema)["additionalProperties"]);
    }
  }
  return members;
}

Schemas item_schemas(const Schemas &schemas) {
  Schemas items;
  for (const Json *schema : schemas) {
    if (schema->is_object() && schema->contains("items")) {
      items.push_back(&(*schema)["items"]);
    }
  }
  return items;
}

void collect_objects(const Json &value, const std::string &pointer, const Schemas &schemas,
                     std::vector<Location> &locations) {
  const Schemas all = applicable(schemas, value);
  if (value.is_object()) {
    locations.push_back({pointer, all});
    for (const auto &[key, member] : value.items()) {
      collect_objects(member, pointer + "/" + key, member_schemas(all, key), locations);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      collect_objects(value[i], pointer + "/" + std::to_string(i), item_schemas(all), locations);
    }
  }
}

/// Every object in `document` (keys contain no '/' or '~'), outermost first.
std::vector<Location> object_locations(const Json &document) {
  std::vector<Location> locations;
  collect_objects(document, "", {&scenario_schema().root()}, locations);
  return locations;
}

std::set<std::string> property_names(const Schemas &schemas) {
  std::set<std::string> names;
  for (const Json *schema : schemas) {
    if (schema->is_object() && schema->contains("properties")) {
      for (const auto &property : (*schema)["properties"].items()) {
        names.insert(property.key());
      }
    }
  }
  return names;
}

bool has_additional_properties(const Schemas &schemas, bool as_schema) {
  return std::any_of(schemas.begin(), schemas.end(), [&](const Json *schema) {
    return schema->is_object() && schema->contains("additionalProperties") &&
           ((*schema)["additionalProperties"].is_object() == as_schema) &&
           (as_schema || (*schema)["additionalProperties"] == false);
  });
}

std::string listed(const std::set<std::string> &names) {
  std::string text;
  for (const std::string &name : names) {
    text += (text.empty() ? "" : ", ") + name;
  }
  return text;
}

/// The names in "... (allowed: a, b, c)" at the end of a loader message.
std::set<std::string> allowed_in(const std::string &message) {
  const std::string marker = "(allowed: ";
  const std::size_t begin = message.find(marker);
  if (begin == std::string::npos || !message.ends_with(")")) {
    return {};
  }
  std::set<std::string> names;
  std::istringstream list(
      message.substr(begin + marker.size(), message.size() - begin - marker.size() - 1));
  for (std::string name; std::getline(list, name, ',');) {
    names.insert(name.substr(name.find_first_not_of(' ')));
  }
  return names;
}

// ---- Known-valid scenarios that use every key and every object location --------------------

constexpr std::string_view kOpenScenario = R"({
  "name": "every key", "description": "every object location of the format", "seed": 7,
  "run": {"duration": "1h", "warmup": "1m", "replications": 2},
  "workload": {
    "arrivals": {"rate": "3.6/s"},
    "classes": {
      "browse": {"share": 0.5, "calls": [
        {"node": "api", "demand": {"uniform": {"min": "1ms", "max": "3ms"}}, "probability": 1,
         "async": false, "timeout": "1s", "retries": 2, "retry_backoff": "10ms", "calls": [
          {"node": "db", "demand": {"lognormal": {"mean": "2ms", "cv": 1.5}}},
          {"node": "db", "demand": {"lognormal": {"median": "2ms", "p95": "9ms"}}},
          {"node": "db", "demand": {"gamma": {"mean": "2ms", "cv": 0.5}}},
          {"node": "db", "demand": {"erlang": {"k": 3, "mean": "2ms"}}},
          {"node": "db", "demand": {"weibull": {"mean": "2ms", "cv": 0.5}}},
          {"node": "db", "demand": {"hyperexponential": {"mean": "2ms", "cv": 2}}},
          {"node": "db", "demand": {"pareto": {"mean": "2ms", "cv": 2}}}
        ]}
      ]},
      "buy": {"share": 0.5, "calls": [
        {"node": "api", "demand": {"exponential": "5ms"}},
        {"node": "mail", "demand": {"constant": "1ms"}, "async": true},
        {"node": "redis", "demand": {"constant": "1ms"}, "on_miss": [
          {"node": "db", "demand": {"exponential": "2ms"}}
        ]}
      ]}
    }
  },
  "nodes": {
    "api": {"type": "service", "instances": 2, "concurrency": 4, "queue_limit": 100,
            "balancer": "least_connections"},
    "db": {"type": "service"},
    "mail": {"type": "service"},
    "redis": {"type": "cache", "popularity": {"keys": 1000, "zipf": 0.9, "capacity_keys": 100}}
  }
})";

constexpr std::string_view kClosedScenario = R"({
  "workload": {
    "users": 5, "think_time": {"gamma": {"mean": "4s", "cv": 2}},
    "classes": {"req": {"calls": [{"node": "srv", "demand": {"exponential": "1s"}}]}}
  },
  "nodes": {"srv": {"type": "service"}}
})";

/// Growth and pricing, with prices given inline (no catalog file to find).
constexpr std::string_view kPlanScenario = R"({
  "workload": {"arrivals": {"rate": 5},
    "classes": {"req": {"calls": [{"node": "srv", "demand": {"exponential": "100ms"}}]}}},
  "nodes": {"srv": {"type": "service", "memory": "2GB",
    "cost": {"instance": "vm", "reserved": {"instances": 1, "discount": 0.3},
             "per_call": "calls", "per_gb": "gb", "bytes_per_call": "20KB",
             "per_gb_second": "gbs", "input_tokens": "tokens", "input_tokens_per_call": 100,
             "capacity": {"price": "vm", "units_per_busy_slot": 2, "min_units": 0.5,
                          "max_units": 16}}}},
  "growth": {"table": {"of": "users", "points": [{"month": 0, "value": 1},
             {"month": 6, "value": {"p10": 2, "p90": 4}}, {"month": 12, "value": {"mean": 8, "sd": 1}}]},
             "horizon_months": 18, "start": "2027-01"},
  "pricing": {"prices": {
      "vm": {"usd": 0.1, "per": "hour", "vcpus": 2, "memory_gb": 4, "source": "s", "date": "d", "note": "n"},
      "calls": {"usd": 0.2, "per": "million_requests", "free_per_month": 1000000, "source": "s", "date": "d"},
      "gb": {"usd": 0.09, "per": "gb", "source": "s", "date": "d"},
      "gbs": {"usd": 0.00001, "per": "gb_second", "source": "s", "date": "d"},
      "tokens": {"usd": 1, "per": "million_tokens", "source": "s", "date": "d"},
      "support": {"usd": 100, "per": "month", "source": "s", "date": "d"}},
    "monthly": {"Support": "support", "Other": 5, "Storage": {"price": "support", "quantity": 2}}},
  "claims": [{"text": "fast", "slo": {"class": "req", "percentile": "p95", "target": "1s"},
              "month": 2},
             {"text": "cheap", "cost_per_request_usd_at_most": 0.01, "class": "req"}]
})";

/// Reliability of every kind of node, zones, regions and the availability section.
constexpr std::string_view kAvailabilityScenario = R"({
  "workload": {"arrivals": {"rate": 5},
    "classes": {"req": {"calls": [{"node": "api", "demand": {"exponential": "10ms"}, "calls": [
      {"node": "db", "op": "write", "demand": {"exponential": "1ms"}}]}]}}},
  "nodes": {
    "api": {"type": "service", "instances": 2, "reliability": {
      "mtbf": "30d", "time_to_repair": {"lognormal": {"mean": "10m", "cv": 1}}, "zones": ["a", "b"],
      "repair_crews": 1, "min_up": 1, "detection": "10s", "in_flight": "retry"}},
    "db": {"type": "database", "primary": {"reliability": {
      "time_to_failure": {"weibull": {"mean": "90d", "cv": 0.8}}, "mttr": "1h",
      "standby": {"switchover": "1m", "replication": "async", "lag": {"exponential": "1s"}}}}}
  },
  "availability": {"target": "99.95%", "rto": "15m", "rpo": "5m", "duration": "3650d",
    "replications": 4,
    "regions": {"east": {"mtbf": "3650d", "mttr": "12h"}},
    "zones": {"a": {"mtbf": "365d", "mttr": "4h", "region": "east"}, "b": {"region": "east"}}}
})";

struct KnownValid {
  std::string_view text;
  std::vector<std::string> fixed_key_objects; // must be among the objects compared
};

std::vector<KnownValid> known_valid_scenarios() {
  const std::string call = "/workload/classes/browse/calls/0";
  const std::string nested = call + "/calls/";
  return {{kOpenScenario,
           {"",
            "/run",
            "/workload",
            "/workload/arrivals",
            "/workload/classes/browse",
            call,
            call + "/demand",
            call + "/demand/uniform",
            nested + "0",
            nested + "0/demand/lognormal",
            nested + "1/demand/lognormal",
            nested + "2/demand/gamma",
            nested + "3/demand/erlang",
            nested + "4/demand/weibull",
            nested + "5/demand/hyperexponential",
            nested + "6/demand/pareto",
            "/workload/classes/buy/calls/2",
            "/workload/classes/buy/calls/2/on_miss/0",
            "/nodes/api",
            "/nodes/redis",
            "/nodes/redis/popularity"}},
          {kClosedScenario,
           {"/workload", "/workload/think_time", "/workload/think_time/gamma",
            "/workload/classes/req"}},
          {kPlanScenario,
           {"/nodes/srv/cost", "/nodes/srv/cost/reserved", "/nodes/srv/cost/capacity", "/growth",
            "/growth/table", "/growth/table/points/0", "/growth/table/points/1/value",
            "/growth/table/points/2/value", "/pricing", "/pricing/prices/vm",
            "/pricing/monthly/Storage", "/claims/0", "/claims/0/slo", "/claims/1"}},
          {kAvailabilityScenario,
           {"/nodes/api/reliability", "/nodes/db/primary/reliability",
            "/nodes/db/primary/reliability/standby", "/availability", "/availability/regions/east",
            "/availability/zones/a", "/availability/zones/b"}}};
}

// ---- Unit texts --------------------------------------------------------------------------

constexpr const char *kUnitTexts[] = {
    "250ms",   "1.5s",   "30m",    "6h",     "1d",   "0s",    "0",        "1",     "1e-3s",
    "1E3ms",   "1e+2us", ".5s",    "5.s",    "5.ms", "00.0s", "0.0001ns", "0e5s",  "-1s",
    "+1s",     " 1s",    "1s ",    "1 s",    "s",    "1sec",  "1mss",     "infs",  "nans",
    "1e5",     "1es",    "1.2.3s", "0x10s",  "",     "1/s",   "3.6/s",    "50k/m", "1M/h",
    "0/s",     "0.0k/s", "1K/s",   "1m/s",   "1k",   "1k/x",  "2.5M/d",   "1/ s",  "1/s/s",
    ".0001/d", "0.e3/h", "7.k/s",  "1e-2M/s"};

template <class Parse> std::optional<double> parsed(Parse parse, const char *text) {
  try {
    return parse(text);
  } catch (const capsim::UnitError &) {
    return std::nullopt;
  }
}

bool accepts(const char *definition, const Json &value) {
  return scenario_schema().errors(value, scenario_schema().resolve(definition)).empty();
}

} // namespace

TEST_CASE("the schema uses only the supported subset, which refuses anything else") {
  CHECK(scenario_schema().root().at("$defs").size() >= 10);
  const char *unsupported[] = {
      R"({"if": {"type": "object"}})",
      R"({"properties": {"a": {"patternProperties": {}}}})",
      R"({"$ref": "#/definitions/a"})",
      R"({"$ref": "#/$defs/missing", "$defs": {}})",
      R"({"pattern": "("})",
      R"({"type": "decimal"})",
      R"({"oneOf": []})",
      R"({"minItems": -1})",
      R"(3)",
  };
  for (const char *text : unsupported) {
    CAPTURE(text);
    CHECK_THROWS_AS(SchemaSubset(Json::parse(text)), UnsupportedSchema);
  }
}

TEST_CASE("the subset validator applies each keyword") {
  struct Case {
    const char *schema;
    const char *instance;
    bool valid;
  };
  const Case cases[] = {
      {R"({"type": "integer"})", "3.0", true},
      {R"({"type": "integer"})", "3.5", false},
      {R"({"type": ["string", "null"]})", "null", true},
      {R"({"type": "object"})", "[]", false},
      {R"({"enum": ["a", 1]})", "1", true},
      {R"({"enum": ["a", 1]})", R"("b")", false},
      {R"({"const": false})", "true", false},
      {R"({"pattern": "b+"})", R"("abbc")", true},
      {R"({"pattern": "^b+$"})", R"("abbc")", false},
      {R"({"pattern": "^b+$"})", "3", true},
      {R"({"minimum": 1})", "1", true},
      {R"({"exclusiveMinimum": 1})", "1", false},
      {R"({"maximum": 1})", "1.5", false},
      {R"({"items": {"type": "number"}, "minItems": 2})", "[1, 2]", true},
      {R"({"items": {"type": "number"}})", R"([1, "2"])", false},
      {R"({"minItems": 2})", "[1]", false},
      {R"({"required": ["a"]})", R"({"b": 1})", false},
      {R"({"properties": {"a": {"type": "string"}}})", R"({"a": 1})", false},
      {R"({"properties": {"a": true}, "additionalProperties": false})", R"({"a": 1})", true},
      {R"({"properties": {"a": true}, "additionalProperties": false})", R"({"b": 1})", false},
      {R"({"additionalProperties": {"type": "string"}})", R"({"b": 1})", false},
      {R"({"minProperties": 1})", "{}", false},
      {R"({"maxProperties": 1})", R"({"a": 1, "b": 2})", false},
      {R"({"oneOf": [{"type": "number"}, {"minimum": 0}]})", "-1", true},
      {R"({"oneOf": [{"type": "number"}, {"minimum": 0}]})", "1", false},
      {R"({"anyOf": [{"type": "number"}, {"minimum": 0}]})", "1", true},
      {R"({"anyOf": [{"type": "string"}, {"type": "null"}]})", "1", false},
      {R"({"$ref": "#/$defs/n", "$defs": {"n": {"type": "number"}}})", R"("x")", false},
      {R"({"properties": {"a": false}})", R"({"a": 1})", false},
  };
  for (const Case &test : cases) {
    CAPTURE(test.schema);
    CAPTURE(test.instance);
    CHECK(SchemaSubset(Json::parse(test.schema)).errors(Json::parse(test.instance)).empty() ==
          test.valid);
  }
}

TEST_CASE("every scenario shipped under scenarios/ validates against the schema and loads") {
  const std::vector<std::filesystem::path> files = json_files_under(kSourceDir / "scenarios");
  CHECK(std::find(files.begin(), files.end(), kSourceDir / "scenarios/examples/web_shop.json") !=
        files.end());
  for (const std::filesystem::path &file : files) {
    CAPTURE(file);
    CHECK(joined(scenario_schema().errors(parse_with_comments(read_file(file)))) == "");
    CHECK_NOTHROW(capsim::load_scenario(file));
  }
}

TEST_CASE("at every object the schema allows exactly the keys the loader allows") {
  for (const KnownValid &scenario : known_valid_scenarios()) {
    const Json document = Json::parse(scenario.text);
    REQUIRE(joined(scenario_schema().errors(document)) == "");
    REQUIRE_FALSE(loader_error(document.dump()).has_value());
    std::set<std::string> compared;
    for (const Location &location : object_locations(document)) {
      CAPTURE(location.pointer);
      Json mutated = document;
      mutated[Json::json_pointer(location.pointer)][kBogusKey] = 0;
      const std::optional<capsim::ScenarioError> error = loader_error(mutated.dump());
      REQUIRE(error.has_value());
      CHECK_FALSE(scenario_schema().errors(mutated).empty());
      if (has_additional_properties(location.schemas, /*as_schema=*/false)) {
        CHECK(error->pointer() == location.pointer + "/" + kBogusKey);
        CHECK(listed(allowed_in(error->message())) == listed(property_names(location.schemas)));
        compared.insert(location.pointer);
      } else { // a map of names (nodes, classes): any name, but 0 is no node or class
        CHECK(has_additional_properties(location.schemas, /*as_schema=*/true));
      }
    }
    for (const std::string &pointer : scenario.fixed_key_objects) {
      CHECK_MESSAGE(compared.contains(pointer), "no fixed-key object compared at " << pointer);
    }
  }
}

TEST_CASE("the duration and rate patterns accept exactly what the unit parsers accept") {
  for (const char *text : kUnitTexts) {
    CAPTURE(text);
    const std::optional<double> seconds = parsed(capsim::parse_duration_s, text);
    const std::optional<double> per_s = parsed(capsim::parse_rate_per_s, text);
    CHECK(accepts("#/$defs/duration", text) == seconds.has_value());
    CHECK(accepts("#/$defs/positive_duration", text) == (seconds.has_value() && *seconds > 0));
    CHECK(accepts("#/$defs/positive_rate", text) == (per_s.has_value() && *per_s > 0));
  }
  CHECK(accepts("#/$defs/duration", 0));
  CHECK_FALSE(accepts("#/$defs/positive_duration", 0));
  CHECK_FALSE(accepts("#/$defs/positive_rate", -1.5));
}

TEST_CASE("on the fuzz seed corpus the schema is never stricter than the loader") {
  std::size_t loaded = 0;
  std::size_t rejected_by_both = 0;
  for (const std::filesystem::path &file :
       json_files_under(kSourceDir / "tests/fuzz/corpus/scenario")) {
    CAPTURE(file);
    const std::string text = read_file(file);
    const bool loads = !loader_error(text).has_value();
    const std::string stem = file.stem().string();
    if (stem.starts_with("valid_") || stem.starts_with("invalid_")) {
      CHECK(loads == stem.starts_with("valid_")); // the seed's name says what it is
    }
    const Json document = Json::parse(text, nullptr, /*allow_exceptions=*/false,
                                      /*ignore_comments=*/true);
    if (document.is_discarded()) {
      continue; // not JSON: nothing for the schema to say
    }
    const std::vector<std::string> errors = scenario_schema().errors(document);
    if (loads) {
      ++loaded;
      CHECK(joined(errors) == "");
    } else if (!errors.empty()) {
      ++rejected_by_both;
    }
  }
  CHECK(loaded >= 10);
  CHECK(rejected_by_both >= 20);
}
