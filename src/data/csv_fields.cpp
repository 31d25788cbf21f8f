#include "data/csv_fields.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

namespace flujo::data::csv {
namespace {

bool is_blank(char ch) { return ch == ' ' || ch == '\t'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string split_fields(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  size_t pos = 0;
  while (true) {
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    if (pos < line.size() && line[pos] == '"') {
      std::string field;
      ++pos;
      while (true) {
        if (pos >= line.size()) return "unterminated quote";
        if (line[pos] == '"') {
          if (pos + 1 < line.size() && line[pos + 1] == '"') {
            field += '"';
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        field += line[pos++];
      }
      while (pos < line.size() && is_blank(line[pos])) ++pos;
      if (pos < line.size() && line[pos] != ',')
        return std::string("unexpected '") + line[pos] + "' after a closing quote";
      fields.push_back(std::move(field));
    } else {
      const size_t comma = line.find(',', pos);
      const size_t end = comma == std::string_view::npos ? line.size() : comma;
      fields.emplace_back(trim(line.substr(pos, end - pos)));
      pos = end;
    }
    if (pos >= line.size()) return "";
    ++pos;  // the comma
  }
}

NumberStatus parse_number(std::string_view text, double& value) {
  text = trim(text);  // a quoted number may carry blanks inside its quotes
  if (text.empty()) return NumberStatus::empty;
  // from_chars rejects a leading '+', which spreadsheets write; a sign after it stays an error.
  if (text.front() == '+' && text.size() > 1 && text[1] != '-' && text[1] != '+')
    text.remove_prefix(1);
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (stop != end) return NumberStatus::not_a_number;
  if (error == std::errc::result_out_of_range) return NumberStatus::out_of_range;
  if (error != std::errc()) return NumberStatus::not_a_number;
  if (std::isnan(value)) return NumberStatus::nan;
  if (std::isinf(value)) return NumberStatus::infinite;
  return NumberStatus::ok;
}

size_t find_invalid_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length;
    uint32_t code;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code = lead & 0x07;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong encodings, UTF-16 surrogates and code points beyond U+10FFFF are invalid.
    static constexpr uint32_t kSmallest[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[length] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF)
      return i;
    i += length;
  }
  return std::string_view::npos;
}

}  // namespace flujo::data::csv
