#pragma once
// Output files are written atomically: to a temporary file beside the target, then renamed
// over it, so an interrupted run never leaves a half-written file.
#include <filesystem>
#include <string_view>

namespace capsim::cli {

void write_file_atomically(const std::filesystem::path &path, std::string_view content);

} // namespace capsim::cli
