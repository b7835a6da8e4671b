#pragma once
// A table of strings rendered as aligned plain text (terminal), as Markdown, or as CSV.
// Numeric columns are right-aligned, text columns left-aligned.
#include <string>
#include <vector>

namespace capsim {

class TextTable {
public:
  enum class Align { left, right };

  TextTable &column(std::string header, Align align = Align::right);
  TextTable &row(std::vector<std::string> cells);

  std::size_t row_count() const { return rows_.size(); }
  std::string to_text() const;
  std::string to_markdown() const;
  /// The header and the cells as they are shown, one record per row (csv_writer.hpp).
  std::string to_csv() const;

private:
  std::vector<std::size_t> widths() const;

  std::vector<std::string> headers_;
  std::vector<Align> aligns_;
  std::vector<std::vector<std::string>> rows_;
};

} // namespace capsim
