// CSV writers (see csv_report.hpp).
#include "reports/csv_report.hpp"

#include <array>
#include <charconv>
#include <string_view>

namespace capsim {
namespace {

/// A field quoted when it holds a comma, quote or line break.
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

/// Shortest text that reads back as `value`.
std::string csv_number(double value) {
  std::array<char, 32> buffer{};
  const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr;
  return std::string(buffer.data(), end);
}

} // namespace

std::string scaling_events_csv(const RunResult &result) {
  std::string csv = "time_s,node,from,to,metric,value,threshold\n";
  for (const ScalingEvent &event : result.scaling_events) {
    const NodeSummary &node = result.nodes[event.node];
    csv += csv_number(event.time_s) + "," + csv_field(node.name) + "," +
           std::to_string(event.from) + "," + std::to_string(event.to) + "," +
           csv_field(node.scaling_metric) + "," + csv_number(event.metric_value) + "," +
           csv_number(event.threshold) + "\n";
  }
  return csv;
}

} // namespace capsim
