// Price catalogs, the scenario's pricing and node costs (see pricing_loader.hpp).
#include "models/plan/pricing_loader.hpp"

#include "models/json_document.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace capsim::plan {
namespace {

Price read_price(const std::string &key, const JsonReader &entry) {
  entry.only_keys({"usd", "per", "free_per_month", "vcpus", "memory_gb", "source", "date", "note"});
  Price price;
  price.key = key;
  price.usd = entry.at("usd").number();
  if (!(price.usd >= 0.0 && std::isfinite(price.usd))) {
    entry.at("usd").fail_expected("a price in dollars >= 0");
  }
  price.per = static_cast<PriceUnit>(entry.at("per").one_of("a price unit", price_unit_names()));
  if (const auto free = entry.optional("free_per_month")) {
    price.free_per_month = free->number();
    if (!(price.free_per_month >= 0.0 && std::isfinite(price.free_per_month))) {
      free->fail_expected("a free quantity >= 0");
    }
  }
  for (const std::string_view metadata : {"vcpus", "memory_gb"}) {
    if (const auto value = entry.optional(metadata); value && !(value->number() > 0.0)) {
      value->fail_expected("a positive number");
    }
  }
  price.source = entry.at("source").string();
  price.date = entry.at("date").string();
  if (const auto note = entry.optional("note")) {
    note->string();
  }
  return price;
}

/// Adds the prices under `prices` to the catalog; a key may be priced only once.
void add_prices(const JsonReader &prices, PriceCatalog &catalog) {
  prices.for_each_member([&](const std::string &key, const JsonReader &entry) {
    if (catalog.prices.contains(key)) {
      entry.fail("a price not already in another catalog, found a second price for \"" + key +
                 "\"");
    }
    catalog.prices.emplace(key, read_price(key, entry));
  });
}

/// Merges `other` into `into`: the same currency and month length, no key twice.
void merge_catalog(const JsonReader &reference, const PriceCatalog &other, PriceCatalog &into) {
  if (other.currency != into.currency || other.hours_per_month != into.hours_per_month) {
    reference.fail("a catalog in " + into.currency + " with " +
                   std::to_string(into.hours_per_month) + " hours a month like the first, found " +
                   other.currency + " with " + std::to_string(other.hours_per_month));
  }
  for (const auto &[key, price] : other.prices) {
    if (!into.prices.emplace(key, price).second) {
      reference.fail("catalogs that do not price the same key twice, found \"" + key + "\" again");
    }
  }
  into.names.insert(into.names.end(), other.names.begin(), other.names.end());
}

const Price &find_price(const JsonReader &key, const PriceCatalog &catalog) {
  const std::string name = key.string();
  if (const auto found = catalog.prices.find(name); found != catalog.prices.end()) {
    return found->second;
  }
  std::vector<std::string> keys;
  for (const auto &entry : catalog.prices) {
    keys.push_back(entry.first);
  }
  key.one_of("a price key of the scenario's catalogs", keys); // throws, with a suggestion
  return catalog.prices.begin()->second;
}

/// The price `key` names, which must be per one of `units` (`usage` says what it prices).
Price priced_usage(const JsonReader &key, const PriceCatalog &catalog,
                   std::initializer_list<PriceUnit> units, std::string_view usage) {
  const Price &price = find_price(key, catalog);
  if (std::find(units.begin(), units.end(), price.per) == units.end()) {
    key.fail("a price " + std::string(usage) + ", found \"" + price.key + "\" priced per " +
             price_unit_names()[static_cast<std::size_t>(price.per)]);
  }
  return price;
}

MonthlyItem read_monthly_item(const std::string &name, const JsonReader &item,
                              const PriceCatalog &catalog) {
  if (item.json().is_number()) {
    const double usd = item.number();
    if (!(usd > 0.0 && std::isfinite(usd))) {
      item.fail_expected("dollars a month > 0");
    }
    return {name, Price{name, usd, PriceUnit::month, 0.0, "scenario", ""}, 1.0};
  }
  if (item.json().is_string()) {
    return {name, find_price(item, catalog), 1.0};
  }
  if (!item.json().is_object()) {
    item.fail_expected(R"(dollars a month, a price key, or {"price": KEY, "quantity": N})");
  }
  item.only_keys({"price", "quantity"});
  MonthlyItem monthly{name, find_price(item.at("price"), catalog), 1.0};
  if (const auto quantity = item.optional("quantity")) {
    monthly.quantity = quantity->number();
    if (!(monthly.quantity >= 0.0 && std::isfinite(monthly.quantity))) {
      quantity->fail_expected("a quantity >= 0");
    }
  }
  return monthly;
}

/// {"price": KEY, "units_per_busy_slot": u, "min_units": a, "max_units": b}.
void read_capacity(const JsonReader &capacity, const PriceCatalog &catalog, NodeCost &spec) {
  capacity.only_keys({"price", "units_per_busy_slot", "min_units", "max_units"});
  spec.capacity =
      priced_usage(capacity.at("price"), catalog, {PriceUnit::hour}, "per capacity-unit-hour");
  const auto read = [&](std::string_view key, double &value) {
    if (const auto given = capacity.optional(key)) {
      value = given->number();
      if (!(value >= 0.0 && std::isfinite(value))) {
        given->fail_expected("a number of units >= 0");
      }
    }
  };
  read("units_per_busy_slot", spec.units_per_busy_slot);
  read("min_units", spec.min_units);
  read("max_units", spec.max_units);
  if (spec.min_units > spec.max_units) {
    capacity.at("min_units").fail_expected("min_units <= max_units");
  }
}

} // namespace

PriceCatalog read_catalog_file(const std::filesystem::path &path, const std::string &shown_path) {
  const LoadContext context{shown_path, path.parent_path()};
  const nlohmann::ordered_json document = read_json_file(path, context);
  const JsonReader root(document, "", context);
  root.only_keys({"catalog", "description", "currency", "hours_per_month", "as_of", "prices"});
  PriceCatalog catalog;
  catalog.currency = root.at("currency").string();
  catalog.hours_per_month = root.at("hours_per_month").number();
  if (!(catalog.hours_per_month >= 672.0 && catalog.hours_per_month <= 744.0)) {
    root.at("hours_per_month").fail_expected("hours in a month, between 672 and 744");
  }
  if (const auto description = root.optional("description")) {
    description->string();
  }
  catalog.names.push_back(root.at("catalog").string() + " (as of " + root.at("as_of").string() +
                          ")");
  add_prices(root.at("prices"), catalog);
  return catalog;
}

PricingSpec read_pricing(const JsonReader &pricing) {
  pricing.only_keys({"catalogs", "prices", "monthly"});
  PricingSpec spec;
  bool first = true;
  if (const auto catalogs = pricing.optional("catalogs")) {
    catalogs->for_each_element([&](std::size_t, const JsonReader &file) {
      const std::string shown = file.string();
      const std::filesystem::path path = file.context().directory / shown;
      std::error_code error;
      if (!std::filesystem::is_regular_file(path, error)) {
        file.fail("a price catalog file, found " + file.describe() + " (" + why_unreadable(path) +
                  ": " + path.string() + ")");
      }
      const PriceCatalog catalog = read_catalog_file(path, path.string());
      if (first) {
        spec.catalog = catalog;
        first = false;
      } else {
        merge_catalog(file, catalog, spec.catalog);
      }
    });
  }
  if (const auto prices = pricing.optional("prices")) {
    add_prices(*prices, spec.catalog);
  }
  if (const auto monthly = pricing.optional("monthly")) {
    monthly->for_each_member([&](const std::string &name, const JsonReader &item) {
      spec.monthly.push_back(read_monthly_item(name, item, spec.catalog));
    });
  }
  return spec;
}

NodeCost read_node_cost(const JsonReader &cost, const PriceCatalog &catalog, const NodeSpec &node) {
  cost.only_keys({"instance", "reserved", "per_call", "per_gb", "bytes_per_call", "per_gb_second",
                  "input_tokens", "input_tokens_per_call", "output_tokens", "capacity"});
  if (cost.member_count() == 0) {
    cost.fail_expected("at least one price (instance, per_call, per_gb, ...)");
  }
  NodeCost spec;
  if (const auto instance = cost.optional("instance")) {
    spec.instance = priced_usage(*instance, catalog, {PriceUnit::hour}, "per instance-hour");
  }
  if (const auto reserved = cost.optional("reserved")) {
    if (!spec.instance) {
      reserved->fail_expected("a reservation only with an \"instance\" price");
    }
    reserved->only_keys({"instances", "discount"});
    spec.reserved.instances = static_cast<int>(reserved->at("instances").integer_in(0, 1'000'000));
    spec.reserved.discount = reserved->at("discount").in_unit_interval("a discount");
  }
  if (const auto per_call = cost.optional("per_call")) {
    spec.per_call = priced_usage(*per_call, catalog,
                                 {PriceUnit::request, PriceUnit::million_requests}, "per request");
  }
  if (const auto per_gb = cost.optional("per_gb")) {
    spec.per_gb = priced_usage(*per_gb, catalog, {PriceUnit::gb}, "per GB");
    const auto bytes_per_call = cost.optional("bytes_per_call");
    if (node.kind != NodeKind::cdn && !bytes_per_call) {
      cost.fail("a \"bytes_per_call\" with per_gb (only a cdn knows its bytes), found none");
    }
    if (bytes_per_call) {
      spec.gb_per_call = bytes_per_call->bytes() / 1e9;
    }
  } else if (const auto bytes_per_call = cost.optional("bytes_per_call")) {
    bytes_per_call->fail_expected("bytes_per_call only with a per_gb price");
  }
  if (const auto per_gb_second = cost.optional("per_gb_second")) {
    spec.per_gb_second =
        priced_usage(*per_gb_second, catalog, {PriceUnit::gb_second}, "per GB-second");
    if (node.memory_gb <= 0.0) {
      per_gb_second->fail_expected("a node \"memory\" to count GB-seconds by");
    }
  }
  if (const auto input = cost.optional("input_tokens")) {
    spec.input_tokens = priced_usage(*input, catalog, {PriceUnit::million_tokens}, "per token");
    spec.input_tokens_per_call = cost.at("input_tokens_per_call").number();
    if (!(spec.input_tokens_per_call >= 0.0 && std::isfinite(spec.input_tokens_per_call))) {
      cost.at("input_tokens_per_call").fail_expected("a number of tokens >= 0");
    }
  } else if (const auto per_call = cost.optional("input_tokens_per_call")) {
    per_call->fail_expected("input_tokens_per_call only with an input_tokens price");
  }
  if (const auto output = cost.optional("output_tokens")) {
    spec.output_tokens = priced_usage(*output, catalog, {PriceUnit::million_tokens}, "per token");
    if (!node.streaming) {
      output->fail_expected("an external node with \"streaming\" (its output_tokens are counted)");
    }
  }
  if (const auto capacity = cost.optional("capacity")) {
    read_capacity(*capacity, catalog, spec);
  }
  return spec;
}

} // namespace capsim::plan
