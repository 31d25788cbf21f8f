// Series construction and access, and read_series' dispatch by file extension.
#include <algorithm>
#include <cctype>
#include <string>
#include <variant>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "flujo/core/error.hpp"
#include "flujo/data.hpp"

namespace flujo::data {

Series::Series(int64_t time_steps, std::vector<std::string> channel_names)
    : Series(time_steps, channel_names,
             std::vector<double>(static_cast<size_t>(std::max<int64_t>(time_steps, 0)) *
                                 channel_names.size())) {}

Series::Series(int64_t time_steps, std::vector<std::string> channel_names,
               std::vector<double> values)
    : time_steps_(time_steps),
      channel_names_(std::move(channel_names)),
      values_(std::move(values)) {
  require(time_steps >= 0, fmt::format("series: negative number of time steps {}", time_steps));
  require(values_.size() == static_cast<size_t>(time_steps) * channel_names_.size(),
          fmt::format("series: {} values do not fill {} time steps × {} channels", values_.size(),
                      time_steps, channel_names_.size()));
}

int64_t Series::channel_index(const std::string& name) const {
  const auto found = std::find(channel_names_.begin(), channel_names_.end(), name);
  require(found != channel_names_.end(),
          fmt::format("series: no channel '{}' (channels: {})", name,
                      fmt::join(channel_names_, ", ")));
  return found - channel_names_.begin();
}

SeriesView Series::rows(int64_t begin, int64_t end) const {
  require(0 <= begin && begin <= end && end <= time_steps_,
          fmt::format("series: rows [{}, {}) outside [0, {})", begin, end, time_steps_));
  return {values_.data() + begin * channels(), end - begin, channels()};
}

namespace {

bool ends_with_npy(const std::string& path) {
  if (path.size() < 4) return false;
  std::string tail = path.substr(path.size() - 4);
  std::transform(tail.begin(), tail.end(), tail.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return tail == ".npy";
}

int64_t resolve_npy_column(const std::string& path, const Series& series, const Column& column) {
  if (const auto* index = std::get_if<int64_t>(&column.key)) {
    require(0 <= *index && *index < series.channels(),
            fmt::format("{}: column index {} out of range (the array has {} columns)", path, *index,
                        series.channels()));
    return *index;
  }
  const auto& name = std::get<std::string>(column.key);
  const auto& names = series.channel_names();
  const auto found = std::find(names.begin(), names.end(), name);
  require(found != names.end(), fmt::format("{}: no column '{}' (an .npy's columns are named "
                                            "0 … {})", path, name, series.channels() - 1));
  return found - names.begin();
}

}  // namespace

Series read_series(const std::string& path, const std::vector<Column>& columns) {
  if (!ends_with_npy(path)) return read_csv(path, columns);
  Series all = read_npy(path);
  if (columns.empty()) return all;
  std::vector<int64_t> chosen;
  std::vector<std::string> names;
  for (const Column& column : columns) {
    chosen.push_back(resolve_npy_column(path, all, column));
    names.push_back(all.channel_names()[chosen.back()]);
  }
  Series selected(all.time_steps(), names);
  for (int64_t t = 0; t < all.time_steps(); ++t)
    for (size_t c = 0; c < chosen.size(); ++c) selected.at(t, c) = all.at(t, chosen[c]);
  return selected;
}

}  // namespace flujo::data
