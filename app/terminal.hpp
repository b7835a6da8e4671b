#pragma once
// What capsim does differently on a terminal: whether stdout and stderr are TTYs that take
// colour (not when piped, not with NO_COLOR set, not with TERM=dumb), and the colouring of
// verdicts (met green, broken red, not judged yellow) and warnings (yellow). Piped output is
// never touched, so it stays byte-identical.
#include <string>
#include <string_view>

namespace capsim::cli {

/// Whether file descriptor `fd` is a terminal.
bool is_terminal(int fd);

/// Whether output to `fd` may be coloured: a terminal, NO_COLOR unset, TERM not "dumb".
bool colour_enabled(int fd);

/// `text` with every verdict phrase ("met", "all met", "holds", "broken", "not met", "fails",
/// "not judged", "too close to call", ...) in its ANSI colour and every line starting with
/// "warning:" in yellow. Colour codes take no columns, so aligned tables stay aligned.
std::string colour_verdicts(std::string_view text);

/// Prints "warning: <message>" on stderr, in yellow when stderr takes colour.
void print_warning(const std::string &message);

} // namespace capsim::cli
