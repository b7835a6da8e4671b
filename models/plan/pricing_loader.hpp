#pragma once
// Reading prices: the catalogs a scenario's "pricing" names (JSON files, paths relative to the
// scenario), its own extra prices and flat monthly items, and each node's "cost". Every price
// reference is checked against the catalog (unknown keys get a did-you-mean) and against the
// usage it prices (an instance needs a price per hour, a call one per request, ...).
#include "models/json_reader.hpp"
#include "models/plan/pricing.hpp"
#include "models/scenario.hpp"

namespace capsim::plan {

/// Reads one catalog file; errors name that file and the pointer inside it.
PriceCatalog read_catalog_file(const std::filesystem::path &path, const std::string &shown_path);

/// The scenario's "pricing": {"catalogs": [...], "prices": {...}, "monthly": {...}}.
PricingSpec read_pricing(const JsonReader &pricing);

/// A node's "cost", resolved against `catalog`.
NodeCost read_node_cost(const JsonReader &cost, const PriceCatalog &catalog, const NodeSpec &node);

} // namespace capsim::plan
