#pragma once
// A table of strings rendered either as aligned plain text (terminal) or as Markdown.
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

private:
  std::vector<std::size_t> widths() const;

  std::vector<std::string> headers_;
  std::vector<Align> aligns_;
  std::vector<std::vector<std::string>> rows_;
};

} // namespace capsim
