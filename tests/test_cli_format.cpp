// --format csv on every command that prints results (the main table; plan.csv, sweep.csv and
// size.csv where --out writes them), the error for an unknown format, help with an example for
// every subcommand, and a quiet stderr when piped: no progress bar, no colour.
#include "cli_support.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace {

using cli_support::capsim;
using cli_support::temp_dir;

const std::string kSource = CAPSIM_SOURCE_DIR;
const std::string kShortRun = " --duration 60s --warmup 10s --replications 2";

struct Streams {
  int exit_code;
  std::string out; // stdout alone
  std::string err; // stderr alone
};

/// Runs capsim with stdout and stderr piped apart (stderr through a file).
Streams capsim_streams(const std::string &arguments) {
  const auto err_path = temp_dir("format_stderr") / "stderr.txt";
  const cli_support::Outcome result = cli_support::run_shell(
      std::string(CAPSIM_BINARY) + " " + arguments + " 2>'" + err_path.string() + "'");
  std::ostringstream err;
  err << std::ifstream(err_path).rdbuf();
  return {result.exit_code, result.out, err.str()};
}

/// RFC 4180 records: fields split at commas outside quotes, "" inside quotes a quote.
std::vector<std::vector<std::string>> parse_csv(const std::string &text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      fields.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(fields));
      fields.clear();
    } else {
      field += c;
    }
  }
  REQUIRE_FALSE(quoted);
  REQUIRE(field.empty()); // the last record ends with a line break
  return records;
}

/// The command's CSV: a header and at least one row, every row as wide as the header.
std::vector<std::vector<std::string>> check_csv(const std::string &arguments) {
  INFO(arguments);
  const Streams result = capsim_streams(arguments + " --format csv");
  REQUIRE(result.exit_code == 0);
  const auto records = parse_csv(result.out);
  REQUIRE(records.size() >= 2);
  for (const auto &record : records) {
    CHECK(record.size() == records.front().size());
  }
  return records;
}

std::string file_text(const std::filesystem::path &path) {
  std::ostringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

} // namespace

TEST_CASE("every command's --format csv is a header and rows of one width") {
  const std::string web_shop = cli_support::example("web_shop.json");
  const std::string growing_shop = cli_support::example("growing_shop.json");
  const std::string plan = " --samples 10 --replications 2 --requests 2000";
  CHECK(check_csv("run " + web_shop + kShortRun).front().front() == "class");
  CHECK(check_csv("analyze " + web_shop).front().front() == "node");
  CHECK(check_csv("audit " + growing_shop + plan).front().front() == "claim");
  CHECK(check_csv("headroom " + kSource + "/scenarios/validation/headroom_mm1.json" +
                  " --duration 2000s --warmup 100s --replications 2 --tolerance 0.1")
            .front()
            .front() == "load");
  CHECK(
      check_csv("compare " + web_shop + kShortRun + " --b nodes.api.instances=4").front().front() ==
      "subject");
  CHECK(check_csv("availability " + cli_support::example("availability.json") +
                  " --replications 2 --duration 730h")
            .front()
            .front() == "class");
}

TEST_CASE("run, plan, sweep and size print on stdout the CSV file --out writes") {
  struct Case {
    std::string arguments;
    std::string file;
  };
  const std::vector<Case> cases{
      {"run " + cli_support::example("web_shop.json") + kShortRun, "classes.csv"},
      {"plan " + cli_support::example("growing_shop.json") +
           " --samples 10 --replications 2 --requests 2000",
       "plan.csv"},
      {"sweep " + cli_support::example("web_shop.json") + kShortRun +
           " --vary nodes.api.instances=2,3",
       "sweep.csv"},
      {"size " + kSource + "/scenarios/validation/size_mmc_p95.json" +
           " --duration 2000s --warmup 100s --replications 2",
       "size.csv"}};
  for (const Case &command : cases) {
    INFO(command.arguments);
    const auto dir = temp_dir("format_" + command.file);
    const Streams result =
        capsim_streams(command.arguments + " --format csv --out " + dir.string());
    REQUIRE(result.exit_code == 0);
    CHECK(result.out == file_text(dir / command.file));
    CHECK(check_csv(command.arguments).size() == parse_csv(result.out).size());
  }
}

TEST_CASE("an unknown --format is a usage error naming the choices") {
  for (const std::string command : {"run", "analyze", "availability", "plan"}) {
    const auto outcome =
        capsim(command + " " + cli_support::example("web_shop.json") + " --format xml");
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.out == "capsim: --format: expected table, json or csv, found xml\n");
  }
}

TEST_CASE("capsim --help and every subcommand's --help show an example") {
  for (const std::string command : {"", "analyze", "audit", "availability", "compare", "headroom",
                                    "plan", "run", "size", "sweep", "validate"}) {
    INFO(command);
    const auto outcome = capsim(command + " --help");
    CHECK(outcome.exit_code == 0);
    CHECK(outcome.out.find("Example") != std::string::npos);
  }
}

TEST_CASE("piped, a run prints nothing on stderr and no colour on stdout") {
  // Long enough (over a second) that a terminal would see the progress bar.
  const Streams result =
      capsim_streams("run " + cli_support::example("three_tier.json") + " --replications 20");
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out.find('\x1b') == std::string::npos);
  CHECK(result.out.find("met") != std::string::npos); // its SLO verdicts are there, plain
}
