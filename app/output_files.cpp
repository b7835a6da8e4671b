// Atomic file output (see output_files.hpp).
#include "app/output_files.hpp"

#include <fstream>
#include <stdexcept>

namespace capsim::cli {

void write_file_atomically(const std::filesystem::path &path, std::string_view content) {
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path());
  }
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
      throw std::runtime_error("cannot write " + temporary.string());
    }
  }
  std::filesystem::rename(temporary, path);
}

} // namespace capsim::cli
