// TextTable rendering (see text_table.hpp). Widths count UTF-8 code points, so "±" and
// "µ" do not break the alignment.
#include "reports/text_table.hpp"

#include "reports/csv_writer.hpp"

#include <algorithm>
#include <stdexcept>

namespace capsim {
namespace {

std::size_t display_width(const std::string &text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

std::string pad(const std::string &text, std::size_t width, TextTable::Align align) {
  const std::string fill(width - std::min(width, display_width(text)), ' ');
  return align == TextTable::Align::left ? text + fill : fill + text;
}

} // namespace

TextTable &TextTable::column(std::string header, Align align) {
  headers_.push_back(std::move(header));
  aligns_.push_back(align);
  return *this;
}

TextTable &TextTable::row(std::vector<std::string> cells) {
  if (cells.size() != headers_.size()) {
    throw std::logic_error("TextTable row has " + std::to_string(cells.size()) + " cells for " +
                           std::to_string(headers_.size()) + " columns");
  }
  rows_.push_back(std::move(cells));
  return *this;
}

std::vector<std::size_t> TextTable::widths() const {
  std::vector<std::size_t> result;
  for (std::size_t c = 0; c < headers_.size(); ++c) {
    std::size_t width = display_width(headers_[c]);
    for (const auto &cells : rows_) {
      width = std::max(width, display_width(cells[c]));
    }
    result.push_back(width);
  }
  return result;
}

std::string TextTable::to_text() const {
  const std::vector<std::size_t> width = widths();
  auto line = [&](const std::vector<std::string> &cells) {
    std::string out;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      out += (c == 0 ? "" : "  ") + pad(cells[c], width[c], aligns_[c]);
    }
    out.erase(out.find_last_not_of(' ') + 1);
    return out + "\n";
  };
  std::string out = line(headers_);
  for (const auto &cells : rows_) {
    out += line(cells);
  }
  return out;
}

std::string TextTable::to_markdown() const {
  auto line = [](const std::vector<std::string> &cells) {
    std::string out = "|";
    for (const std::string &cell : cells) {
      out += " " + cell + " |";
    }
    return out + "\n";
  };
  std::string out = line(headers_) + "|";
  for (const Align align : aligns_) {
    out += align == Align::right ? "---:|" : "---|";
  }
  out += "\n";
  for (const auto &cells : rows_) {
    out += line(cells);
  }
  return out;
}

std::string TextTable::to_csv() const {
  CsvWriter csv(headers_);
  for (const auto &cells : rows_) {
    csv.row(cells);
  }
  return csv.text();
}

} // namespace capsim
