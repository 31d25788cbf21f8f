// read_csv: a header row, then rows of numbers. Every error names the file, the 1-based line and,
// for a value, the column, so the user can open the file at the right place.
#include <algorithm>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "data/csv_fields.hpp"
#include "data/read_file.hpp"
#include "flujo/core/error.hpp"
#include "flujo/data.hpp"

namespace flujo::data {
namespace {

// Hands out the file's lines without terminators (\n or \r\n) with their 1-based numbers,
// skipping blank ones.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : rest_(text) {}

  bool next(std::string_view& line) {
    while (!rest_.empty()) {
      const size_t newline = rest_.find('\n');
      line = rest_.substr(0, newline);
      rest_.remove_prefix(newline == std::string_view::npos ? rest_.size() : newline + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++number_;
      if (line.find_first_not_of(" \t") != std::string_view::npos) return true;
    }
    return false;
  }
  int64_t number() const { return number_; }

 private:
  std::string_view rest_;
  int64_t number_ = 0;
};

// The offending text as it goes into a one-line message: at most 40 bytes, with control bytes
// (a NUL would end the message early, a newline would break it) shown as \xNN.
std::string shorten(std::string_view text) {
  constexpr size_t kMaxShown = 40;
  std::string shown;
  for (char c : text.substr(0, kMaxShown)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) shown += fmt::format("\\x{:02x}", byte);
    else shown += c;
  }
  return text.size() <= kMaxShown ? shown : shown + "…";
}

std::string value_problem(csv::NumberStatus status, std::string_view text) {
  switch (status) {
    case csv::NumberStatus::empty: return "empty value";
    case csv::NumberStatus::nan: return "NaN is not allowed";
    case csv::NumberStatus::infinite: return "Inf is not allowed";
    case csv::NumberStatus::out_of_range:
      return fmt::format("'{}' is out of range for a double", shorten(text));
    default: return fmt::format("'{}' is not a number", shorten(text));
  }
}

int64_t resolve_column(const std::string& where, const std::vector<std::string>& header,
                       const Column& column) {
  const auto width = static_cast<int64_t>(header.size());
  if (const auto* index = std::get_if<int64_t>(&column.key)) {
    require(0 <= *index && *index < width,
            fmt::format("{}: column index {} out of range (the header has {} columns)", where,
                        *index, width));
    return *index;
  }
  const auto& name = std::get<std::string>(column.key);
  const auto found = std::find(header.begin(), header.end(), name);
  require(found != header.end(),
          fmt::format("{}: no column '{}' (header: {})", where, name, fmt::join(header, ", ")));
  require(std::find(found + 1, header.end(), name) == header.end(),
          fmt::format("{}: column '{}' appears more than once in the header", where, name));
  return found - header.begin();
}

}  // namespace

Series read_csv(const std::string& path, const std::vector<Column>& columns) {
  const std::string bytes = read_whole_file(path);
  require(!bytes.empty(), fmt::format("{}: file is empty (a header row is required)", path));
  std::string_view text = bytes;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte-order mark

  LineReader lines(text);
  std::string_view line;
  require(lines.next(line), fmt::format("{}: no header row (only blank lines)", path));
  const int64_t header_line = lines.number();
  const std::string at_header = fmt::format("{}: line {}", path, header_line);
  if (const size_t bad = csv::find_invalid_utf8(line); bad != std::string_view::npos)
    throw Error(fmt::format("{}: header is not valid UTF-8 (byte 0x{:02x} at column {})",
                            at_header, static_cast<unsigned char>(line[bad]), bad + 1));
  std::vector<std::string> header;
  if (std::string problem = csv::split_fields(line, header); !problem.empty())
    throw Error(fmt::format("{}: {}", at_header, problem));

  std::vector<std::string> fields;
  auto split_row = [&](std::string_view row) {
    const std::string where = fmt::format("{}: line {}", path, lines.number());
    if (std::string problem = csv::split_fields(row, fields); !problem.empty())
      throw Error(fmt::format("{}: {}", where, problem));
    require(fields.size() == header.size(),
            fmt::format("{}: {} fields but the header has {}", where, fields.size(),
                        header.size()));
  };

  const bool has_data = lines.next(line);
  require(has_data, fmt::format("{}: header row but no data rows", at_header));
  split_row(line);

  std::vector<int64_t> chosen;
  for (const Column& column : columns) chosen.push_back(resolve_column(at_header, header, column));
  if (columns.empty()) {
    // Numeric columns are those whose first value is a number (NaN, empty and out-of-range
    // included, so that they are reported rather than silently dropped).
    for (size_t c = 0; c < header.size(); ++c) {
      double unused;
      if (csv::parse_number(fields[c], unused) != csv::NumberStatus::not_a_number)
        chosen.push_back(static_cast<int64_t>(c));
    }
    require(!chosen.empty(),
            fmt::format("{}: line {}: no numeric columns (header: {})", path, lines.number(),
                        fmt::join(header, ", ")));
  }

  std::vector<std::string> names;
  for (int64_t c : chosen) names.push_back(header[c]);
  std::vector<double> values;
  values.reserve(chosen.size() * static_cast<size_t>(std::count(text.begin(), text.end(), '\n')));
  int64_t rows = 0;
  do {
    if (rows > 0) split_row(line);
    for (int64_t c : chosen) {
      double value;
      const csv::NumberStatus status = csv::parse_number(fields[c], value);
      if (status != csv::NumberStatus::ok)
        throw Error(fmt::format("{}: line {}, column '{}': {}", path, lines.number(), header[c],
                                value_problem(status, fields[c])));
      values.push_back(value);
    }
    ++rows;
  } while (lines.next(line));
  return Series(rows, std::move(names), std::move(values));
}

}  // namespace flujo::data
