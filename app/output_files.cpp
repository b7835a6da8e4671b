// Atomic file output into the --out directory (see output_files.hpp).
#include "app/output_files.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace capsim::cli {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string &out_dir, const std::string &what,
                       const std::string &why) {
  throw OutputError("--out " + out_dir + ": " + what + " (" + why + ")");
}

/// `path` itself, or its nearest ancestor that exists ("." for a relative path with none).
fs::path nearest_existing(fs::path path) {
  std::error_code error;
  while (!path.empty() && !fs::exists(path, error)) {
    path = path.parent_path();
  }
  return path.empty() ? fs::path(".") : path;
}

} // namespace

void check_output_directory(const std::string &out_dir) {
  if (out_dir.empty()) {
    return;
  }
  const fs::path existing = nearest_existing(out_dir);
  std::error_code error;
  if (!fs::is_directory(existing, error)) {
    const auto reason =
        existing == fs::path(out_dir) ? std::errc::file_exists : std::errc::not_a_directory;
    fail(out_dir, "cannot create directory", std::make_error_code(reason).message());
  }
  if (access(existing.c_str(), W_OK | X_OK) != 0) {
    fail(out_dir,
         existing == fs::path(out_dir) ? "cannot write into it" : "cannot create directory",
         std::strerror(errno));
  }
}

void write_output_file(const std::string &out_dir, const std::string &name,
                       std::string_view content) {
  const fs::path dir(out_dir);
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) {
    fail(out_dir, "cannot create directory", error.message());
  }
  const fs::path path = dir / name;
  fs::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
      fail(out_dir, "cannot write " + name, std::strerror(errno));
    }
  }
  fs::rename(temporary, path, error);
  if (error) {
    const std::string why = error.message();
    fs::remove(temporary, error);
    fail(out_dir, "cannot write " + name, why);
  }
}

} // namespace capsim::cli
