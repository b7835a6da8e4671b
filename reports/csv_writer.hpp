#pragma once
// RFC 4180 CSV text: fields quoted only when they must be, numbers in their shortest exact
// form, a header row and one record per line.
#include <string>
#include <string_view>
#include <vector>

namespace capsim {

/// A field, quoted when it holds a comma, quote or line break.
std::string csv_field(std::string_view text);
/// Shortest text that reads back as `value`.
std::string csv_number(double value);

class CsvWriter {
public:
  explicit CsvWriter(const std::vector<std::string> &header) { row(header); }
  /// One record; every field is quoted as needed.
  void row(const std::vector<std::string> &fields);
  const std::string &text() const { return text_; }

private:
  std::string text_;
};

} // namespace capsim
