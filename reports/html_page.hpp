#pragma once
// The frame every HTML report shares: one self-contained page (inline CSS, inline SVG, no
// scripts, nothing fetched), its tables and its captioned figures.
#include <string>
#include <vector>

namespace capsim {

/// A complete HTML document titled `title` around `body` (sections), with the shared style
/// and a footer saying the page is self-contained.
std::string html_page(const std::string &title, const std::string &body);

/// A table of HTML cells (already escaped); the first column holds names, the others numbers.
std::string html_table(const std::vector<std::string> &headers,
                       const std::vector<std::vector<std::string>> &rows);

/// An inline SVG chart with its caption (plain text, escaped here).
std::string html_figure(const std::string &svg_markup, const std::string &caption);

} // namespace capsim
