// --format and printing a result in it (see output_format.hpp).
#include "app/output_format.hpp"

#include "app/terminal.hpp"

#include <iostream>
#include <unistd.h>

namespace capsim::cli {

void add_format_option(CLI::App &command, OutputFormat &format) {
  command.add_option_function<std::string>(
      "--format",
      [&format](const std::string &text) {
        if (text == "table") {
          format = OutputFormat::table;
        } else if (text == "json") {
          format = OutputFormat::json;
        } else if (text == "csv") {
          format = OutputFormat::csv;
        } else {
          throw CLI::ValidationError("--format", "expected table, json or csv, found " + text);
        }
      },
      "Output format: table (default), json, or csv (the main table)");
}

void print_result(OutputFormat format, const FormattedResult &result) {
  switch (format) {
  case OutputFormat::table: {
    const std::string text = result.table();
    std::cout << (colour_enabled(STDOUT_FILENO) ? colour_verdicts(text) : text);
    return;
  }
  case OutputFormat::json:
    std::cout << result.json();
    return;
  case OutputFormat::csv:
    std::cout << result.csv();
    return;
  }
}

} // namespace capsim::cli
