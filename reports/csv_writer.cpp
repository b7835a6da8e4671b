// CSV text (see csv_writer.hpp).
#include "reports/csv_writer.hpp"

#include <array>
#include <charconv>

namespace capsim {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (const char c : text) {
    quoted += c == '"' ? "\"\"" : std::string(1, c);
  }
  return quoted + "\"";
}

std::string csv_number(double value) {
  std::array<char, 32> buffer{};
  const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr;
  return std::string(buffer.data(), end);
}

void CsvWriter::row(const std::vector<std::string> &fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    text_ += (i == 0 ? "" : ",") + csv_field(fields[i]);
  }
  text_ += "\n";
}

} // namespace capsim
