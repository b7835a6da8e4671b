// Terminal detection and verdict colouring (see terminal.hpp).
#include "app/terminal.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

namespace capsim::cli {
namespace {

constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kReset = "\x1b[0m";

struct ColouredPhrase {
  std::string_view phrase;
  std::string_view colour;
};

/// Longer phrases first, so that "not met" wins over "met".
constexpr std::array<ColouredPhrase, 14> kPhrases{{{"too close to call", kYellow},
                                                   {"not checked", kYellow},
                                                   {"not judged", kYellow},
                                                   {"cut short", kYellow},
                                                   {"misses it", kRed},
                                                   {"SATURATED", kRed},
                                                   {"meets it", kGreen},
                                                   {"at risk", kYellow},
                                                   {"all met", kGreen},
                                                   {"not met", kRed},
                                                   {"broken", kRed},
                                                   {"holds", kGreen},
                                                   {"fails", kRed},
                                                   {"met", kGreen}}};

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

/// The phrase that starts at `at` as whole words, if any.
const ColouredPhrase *phrase_at(std::string_view text, std::size_t at) {
  if (at > 0 && is_word_char(text[at - 1])) {
    return nullptr;
  }
  for (const ColouredPhrase &candidate : kPhrases) {
    const std::size_t end = at + candidate.phrase.size();
    if (text.substr(at).starts_with(candidate.phrase) &&
        (end == text.size() || !is_word_char(text[end]))) {
      return &candidate;
    }
  }
  return nullptr;
}

std::string colour_line(std::string_view line) {
  if (line.starts_with("warning:")) {
    return std::string(kYellow) + std::string(line) + std::string(kReset);
  }
  std::string out;
  for (std::size_t at = 0; at < line.size();) {
    if (const ColouredPhrase *found = phrase_at(line, at)) {
      out += found->colour;
      out += found->phrase;
      out += kReset;
      at += found->phrase.size();
    } else {
      out += line[at++];
    }
  }
  return out;
}

} // namespace

bool is_terminal(int fd) {
  return isatty(fd) == 1;
}

bool colour_enabled(int fd) {
  const char *no_colour = std::getenv("NO_COLOR");
  const char *term = std::getenv("TERM");
  return is_terminal(fd) && (no_colour == nullptr || *no_colour == '\0') &&
         (term == nullptr || std::string_view(term) != "dumb");
}

std::string colour_verdicts(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    out += colour_line(text.substr(0, end));
    if (end < text.size()) {
      out += '\n';
    }
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return out;
}

void print_warning(const std::string &message) {
  const std::string line = "warning: " + message;
  std::cerr << (colour_enabled(STDERR_FILENO) ? colour_verdicts(line) : line) << "\n";
}

} // namespace capsim::cli
