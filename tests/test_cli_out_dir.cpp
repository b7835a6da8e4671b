// An --out directory that cannot be created or written, as a user meets it: one line naming
// --out and the reason, exit 2, never an abort (it used to exit 134 with an uncaught
// std::filesystem::filesystem_error) — checked before any simulation where it can be.
#include "cli_support.hpp"

#include <fstream>
#include <unistd.h>

using namespace cli_support;

namespace {

std::string write_quick(const std::filesystem::path &dir) {
  const auto path = dir / "quick.json";
  std::ofstream(path) << R"({"run": {"duration": "10s", "replications": 2},
    "workload": {"arrivals": {"rate": "1/s"}, "classes": {"r": {"calls": [
      {"node": "app", "demand": {"exponential": "100ms"}}]}}},
    "nodes": {"app": {"type": "service"}},
    "slos": [{"class": "r", "percentile": "p95", "target": "10s"}]})";
  return path.string();
}

} // namespace

TEST_CASE("--out under a regular file: one line and exit 2 for every command") {
  const auto dir = temp_dir("out_under_file");
  const std::string scenario = write_quick(dir);
  std::ofstream(dir / "afile") << "not a directory";
  const std::string out = (dir / "afile" / "sub").string();
  for (const std::string command :
       {"run", "plan", "audit", "headroom", "compare", "sweep --vary nodes.app.instances=1,2",
        "size --vary nodes.app.instances=1,2"}) {
    SUBCASE(command.c_str()) {
      const std::string verb = command.substr(0, command.find(' '));
      const std::string options = command.size() > verb.size() ? command.substr(verb.size()) : "";
      const Outcome outcome = capsim(verb + " " + scenario + options + " --out " + out);
      CHECK(outcome.exit_code == 2);
      CHECK(outcome.out ==
            "capsim: --out " + out + ": cannot create directory (Not a directory)\n");
    }
  }
}

TEST_CASE("--out naming a regular file, or inside a directory nobody may create in") {
  const auto dir = temp_dir("out_unwritable");
  const std::string scenario = write_quick(dir);
  std::ofstream(dir / "afile") << "not a directory";
  const Outcome file = capsim("run " + scenario + " --out " + (dir / "afile").string());
  CHECK(file.exit_code == 2);
  CHECK(file.out ==
        "capsim: --out " + (dir / "afile").string() + ": cannot create directory (File exists)\n");
  // The kernel refuses new entries in /proc even to root: found before the run or, when the
  // permission check passes (root), when the first file is written.
  const Outcome proc = capsim("run " + scenario + " --quiet --out /proc/capsim_out");
  CHECK(proc.exit_code == 2);
  CHECK(proc.out.starts_with("capsim: --out /proc/capsim_out: cannot create directory ("));
  CHECK(proc.out.find('\n') == proc.out.size() - 1);
  if (geteuid() != 0) { // root writes into a read-only directory anyway
    std::filesystem::create_directories(dir / "locked");
    std::filesystem::permissions(dir / "locked", std::filesystem::perms::owner_read |
                                                     std::filesystem::perms::owner_exec);
    const std::string locked = (dir / "locked" / "out").string();
    const Outcome denied = capsim("run " + scenario + " --out " + locked);
    CHECK(denied.exit_code == 2);
    CHECK(denied.out ==
          "capsim: --out " + locked + ": cannot create directory (Permission denied)\n");
    std::filesystem::permissions(dir / "locked", std::filesystem::perms::owner_all);
  }
}
