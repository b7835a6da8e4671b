#pragma once
// Output files go into the --out directory, each written atomically: to a temporary file beside
// the target, then renamed over it, so an interrupted run never leaves a half-written file. A
// directory that cannot be created or written is one line (OutputError), exit 2, never an
// abort: "--out afile/sub: cannot create directory (Not a directory)".
#include <stdexcept>
#include <string>
#include <string_view>

namespace capsim::cli {

/// What went wrong with --out; the command line prints "capsim: " + what() and exits 2.
class OutputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Before any simulation: throws OutputError unless `out_dir` (when given) is a writable
/// directory or could be created as one (its nearest existing ancestor is a writable
/// directory). Creates nothing.
void check_output_directory(const std::string &out_dir);

/// Writes `content` to out_dir/name atomically, creating out_dir; throws OutputError.
void write_output_file(const std::string &out_dir, const std::string &name,
                       std::string_view content);

} // namespace capsim::cli
