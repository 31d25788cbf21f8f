#include "words/utf8.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "flujo/core/error.hpp"

namespace flujo::words {
namespace {

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

}  // namespace

DecodedCodePoint decode_at(std::string_view bytes, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes[at + i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {lead, 1};
  // The lead byte fixes the length and the range of the second byte (RFC 3629, table 3-7 of the
  // Unicode standard): narrower ranges after E0, ED, F0 and F4 rule out overlong forms,
  // surrogates (U+D800–U+DFFF) and values above U+10FFFF.
  int length = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {};
  }
  if (bytes.size() - at < static_cast<size_t>(length)) return {};
  if (byte(1) < low || byte(1) > high) return {};
  char32_t value = lead & (0xFF >> (length + 1));
  for (int i = 1; i < length; ++i) {
    if (!is_continuation(byte(i))) return {};
    value = (value << 6) | (byte(i) & 0x3F);
  }
  return {value, length};
}

int line_at(std::string_view bytes, size_t at) {
  return 1 + static_cast<int>(std::count(bytes.begin(), bytes.begin() + at, '\n'));
}

void throw_invalid_utf8(std::string_view source, std::string_view bytes, size_t at) {
  throw Error(fmt::format("{}: line {}: invalid UTF-8 at byte {}", source, line_at(bytes, at), at));
}

void check_utf8(std::string_view bytes, std::string_view source) {
  for (size_t at = 0; at < bytes.size();) {
    // ASCII needs no decoding; most of a Spanish or English text is ASCII.
    if (static_cast<unsigned char>(bytes[at]) < 0x80) {
      ++at;
      continue;
    }
    const DecodedCodePoint decoded = decode_at(bytes, at);
    if (decoded.length == 0) throw_invalid_utf8(source, bytes, at);
    at += static_cast<size_t>(decoded.length);
  }
}

void append_utf8(std::string& out, char32_t code_point) {
  const auto put = [&](unsigned value) { out.push_back(static_cast<char>(value)); };
  if (code_point < 0x80) {
    put(code_point);
  } else if (code_point < 0x800) {
    put(0xC0 | (code_point >> 6));
    put(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    put(0xE0 | (code_point >> 12));
    put(0x80 | ((code_point >> 6) & 0x3F));
    put(0x80 | (code_point & 0x3F));
  } else {
    put(0xF0 | (code_point >> 18));
    put(0x80 | ((code_point >> 12) & 0x3F));
    put(0x80 | ((code_point >> 6) & 0x3F));
    put(0x80 | (code_point & 0x3F));
  }
}

bool is_whitespace(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

}  // namespace flujo::words
