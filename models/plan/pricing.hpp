#pragma once
// Prices and what a scenario's components are charged for. A catalog (scenarios/pricing/*.json)
// maps a key such as "ec2.c5.xlarge" to a dated, sourced price per unit of usage; a node's
// cost names the catalog prices of its usage (instance-hours, calls, GB, GB-seconds, tokens),
// and flat monthly items add what no node uses (support plans, monitoring, storage).
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace capsim::plan {

/// What one priced unit is. Usage is counted in base units (an hour, a request, a GB, a
/// GB-second, a token, a month ...); `million_*` prices cover a million of them.
enum class PriceUnit {
  hour,
  request,
  million_requests,
  gb,
  gb_second,
  million_tokens,
  month,
  gb_month,
  lcu_hour,
  million_cpu_ms
};

/// The catalog spelling of each unit, in enum order.
const std::vector<std::string> &price_unit_names();
/// Base units of usage one priced unit covers: 1e6 for the million_* units, else 1.
double base_units_per_priced_unit(PriceUnit unit);

struct Price {
  std::string key;
  double usd = 0.0; ///< per priced unit
  PriceUnit per = PriceUnit::hour;
  double free_per_month = 0.0; ///< base units free each month (a free tier)
  std::string source;
  std::string date;

  /// Dollars for `base_units` of usage, before any free tier.
  double usd_for(double base_units) const {
    return usd * base_units / base_units_per_priced_unit(per);
  }
};

struct PriceCatalog {
  std::string currency = "USD";
  double hours_per_month = 730.0;
  std::vector<std::string> names; ///< the catalogs merged into this one, "id (as of)"
  std::map<std::string, Price> prices;
};

/// "2 instances reserved (or on a savings plan) at 30% off": paid every hour, used or not.
struct Reservation {
  int instances = 0;
  double discount = 0.0; ///< fraction off the on-demand price, in [0, 1)
};

/// What a node is charged for; each price is optional.
struct NodeCost {
  std::optional<Price> instance; ///< per instance-hour (on-demand)
  Reservation reserved;
  std::optional<Price> per_call;      ///< per call reaching the node
  std::optional<Price> per_gb;        ///< per GB moved: the cdn's bytes, or gb_per_call
  double gb_per_call = 0.0;           ///< non-cdn nodes: from the scenario's bytes_per_call
  std::optional<Price> per_gb_second; ///< busy seconds × the node's memory (serverless)
  std::optional<Price> input_tokens;  ///< per input token
  double input_tokens_per_call = 0.0;
  std::optional<Price> output_tokens; ///< per output token (the streaming output_tokens)
  /// Serverless capacity that follows the load (Aurora Serverless v2 ACUs): each hour runs
  /// busy slots × units_per_busy_slot units, kept within [min_units, max_units].
  std::optional<Price> capacity;
  double units_per_busy_slot = 1.0;
  double min_units = 0.0;
  double max_units = 1e9;

  /// The capacity units an hour with `busy_slots` busy slots (Erlangs) runs.
  double capacity_units(double busy_slots) const;
};

/// A flat monthly item: `quantity` priced units a month (1 for a plan, 500 for 500 GB-months).
struct MonthlyItem {
  std::string name;
  Price price;
  double quantity = 1.0;
};

struct PricingSpec {
  PriceCatalog catalog;
  std::vector<MonthlyItem> monthly;
};

} // namespace capsim::plan
