// Labels for humans (see chart_labels.hpp).
#include "reports/chart_labels.hpp"

#include "models/human_format.hpp"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <utility>

namespace capsim {

std::string without_trailing_zeros(std::string text) {
  const std::size_t point = text.find('.');
  if (point == std::string::npos) {
    return text;
  }
  std::size_t end = point + 1;
  while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0) {
    ++end;
  }
  std::size_t keep = end;
  while (keep > point + 1 && text[keep - 1] == '0') {
    --keep;
  }
  const std::size_t cut = keep == point + 1 ? point : keep; // "20." loses its point too
  text.erase(cut, end - cut);
  return text;
}

std::string duration_label(double seconds) {
  return without_trailing_zeros(format_duration_s(seconds));
}

std::string percent_label(double fraction) {
  return without_trailing_zeros(format_percent(fraction));
}

std::string span_label(double seconds) {
  const std::int64_t total_s = std::llround(seconds);
  if (total_s < 60) {
    return duration_label(seconds);
  }
  const std::int64_t hours = total_s / 3600;
  const std::int64_t minutes = total_s % 3600 / 60;
  const std::int64_t rest_s = total_s % 60;
  std::string text = hours > 0 ? std::to_string(hours) + " h" : "";
  if (minutes > 0) {
    text += (text.empty() ? "" : " ") + std::to_string(minutes) + " min";
  }
  if (rest_s > 0 && hours == 0) {
    text += (text.empty() ? "" : " ") + std::to_string(rest_s) + " s";
  }
  return text;
}

svg::Axis duration_axis(std::string label) {
  return {std::move(label), duration_label, false, std::nullopt, std::nullopt};
}

svg::Axis percent_axis(std::string label) {
  return {std::move(label), percent_label, false, 0.0, 1.0};
}

} // namespace capsim
