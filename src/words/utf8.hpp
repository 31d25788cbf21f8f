#pragma once
// UTF-8 text as Unicode code points: decoding with validation, encoding, and the whitespace that
// separates words. Internal to the words module; the tokenizer and the corpus reader share it so
// that both accept and reject exactly the same bytes.
#include <cstddef>
#include <string>
#include <string_view>

namespace flujo::words {

// One code point decoded at a byte offset: its value and its length in bytes (1 to 4), or
// length 0 when the bytes there are not valid UTF-8 (a stray continuation byte, a truncated or
// overlong sequence, a surrogate, a value above U+10FFFF).
struct DecodedCodePoint {
  char32_t value = 0;
  int length = 0;
};
DecodedCodePoint decode_at(std::string_view bytes, size_t at);

// The line (from 1) that byte offset `at` lies on: one more than the '\n' bytes before it.
int line_at(std::string_view bytes, size_t at);

// Throws Error "<source>: line L: invalid UTF-8 at byte B" at the first invalid sequence.
[[noreturn]] void throw_invalid_utf8(std::string_view source, std::string_view bytes, size_t at);

// Checks that all of `bytes` is valid UTF-8 (throw_invalid_utf8 otherwise).
void check_utf8(std::string_view bytes, std::string_view source);

// Appends the UTF-8 bytes of a valid code point.
void append_utf8(std::string& out, char32_t code_point);

// ASCII whitespace, U+0085, the no-break and typographic spaces, the line and paragraph
// separators, zero-width space and the byte-order mark (U+FEFF, often at a file's start).
bool is_whitespace(char32_t code_point);

}  // namespace flujo::words
