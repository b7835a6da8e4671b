#pragma once
// --format table|json|csv: how a command prints its result on stdout. The table is for people
// (coloured verdicts on a terminal), JSON for programs, CSV the command's main table for
// spreadsheets (the same columns as the CSV file --out writes, where there is one).
#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace capsim::cli {

enum class OutputFormat { table, json, csv };

/// Adds --format to a subcommand; anything but table, json or csv is a usage error (exit 2):
/// "--format: expected table, json or csv, found xml".
void add_format_option(CLI::App &command, OutputFormat &format);

/// A result in each format, each made only when chosen.
struct FormattedResult {
  std::function<std::string()> table;
  std::function<std::string()> json;
  std::function<std::string()> csv;
};

/// Prints the result in `format` on stdout; a table's verdicts in colour when stdout takes it.
void print_result(OutputFormat format, const FormattedResult &result);

} // namespace capsim::cli
