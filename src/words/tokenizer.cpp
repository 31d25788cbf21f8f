// The word and character tokenizers (contract in include/flujo/words.hpp).
#include "flujo/words.hpp"

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "words/utf8.hpp"

namespace flujo::words {
namespace {

// Simple (one code point to one) lower-case mappings of the Unicode data for the blocks that
// Spanish and English text uses, written out so that no locale or ICU is needed.
char32_t to_lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 0x20;
  if (c < 0xC0 || c > 0x17F) return c;
  // Latin-1: À..Þ → à..þ, except the multiplication sign ×.
  if (c <= 0xDE) return c == 0xD7 ? c : c + 0x20;
  if (c < 0x100) return c;
  // Latin Extended-A: pairs of capital and small letter, the capital first. The pairs start on
  // even code points except in U+0139–U+0148 and U+0179–U+017E; a few letters have no pair.
  if (c == 0x130) return 'i';   // İ (Turkish dotted capital I)
  if (c == 0x178) return 0xFF;  // Ÿ → ÿ, whose capital lies outside the block
  if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;  // ı ĸ ŉ ſ: small only
  const bool odd_capitals = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
  const bool is_capital = (c % 2 == 1) == odd_capitals;
  return is_capital ? c + 1 : c;
}

bool is_letter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  // Latin-1 letters (ª µ º and À..ÿ but the signs × and ÷) and all of Latin Extended-A.
  if (c == 0xAA || c == 0xB5 || c == 0xBA) return true;
  if (c >= 0xC0 && c <= 0xFF) return c != 0xD7 && c != 0xF7;
  return c >= 0x100 && c <= 0x17F;
}

bool is_word_character(char32_t c) { return is_letter(c) || (c >= '0' && c <= '9'); }

// Combining diacritical marks: the accent of a decomposed letter (e + U+0301 for é).
bool is_combining_mark(char32_t c) { return c >= 0x300 && c <= 0x36F; }

bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019; }

// Walks the code points of UTF-8 text, ASCII without decoding; throws on invalid UTF-8.
class CodePoints {
 public:
  CodePoints(std::string_view text, std::string_view source) : text_(text), source_(source) {}

  bool done() const { return at_ >= text_.size(); }
  char32_t next() {
    const DecodedCodePoint decoded = peek_at(at_);
    if (decoded.length == 0) throw_invalid_utf8(source_, text_, at_);
    at_ += static_cast<size_t>(decoded.length);
    return decoded.value;
  }
  // The code point after the one just read without consuming it (length 0 at the end or before
  // invalid bytes, which next() reports).
  DecodedCodePoint peek() const { return done() ? DecodedCodePoint{} : peek_at(at_); }

 private:
  DecodedCodePoint peek_at(size_t at) const {
    const auto byte = static_cast<unsigned char>(text_[at]);
    return byte < 0x80 ? DecodedCodePoint{byte, 1} : decode_at(text_, at);
  }

  std::string_view text_, source_;
  size_t at_ = 0;
};

std::vector<std::string> word_tokens(CodePoints& code_points, bool lower_case) {
  std::vector<std::string> tokens;
  std::string word;
  const auto end_word = [&] {
    if (!word.empty()) tokens.push_back(std::move(word));
    word.clear();
  };
  while (!code_points.done()) {
    char32_t c = code_points.next();
    if (lower_case) c = to_lower(c);
    if (is_whitespace(c)) {
      end_word();
    } else if (is_word_character(c) || (is_combining_mark(c) && !word.empty())) {
      append_utf8(word, c);
    } else if (is_apostrophe(c) && !word.empty() && code_points.peek().length > 0 &&
               is_word_character(code_points.peek().value)) {
      append_utf8(word, c);
    } else {
      end_word();
      std::string single;
      append_utf8(single, c);
      tokens.push_back(std::move(single));
    }
  }
  end_word();
  return tokens;
}

std::vector<std::string> character_tokens(CodePoints& code_points, bool lower_case) {
  std::vector<std::string> tokens;
  while (!code_points.done()) {
    const char32_t c = code_points.next();
    std::string single;
    append_utf8(single, lower_case ? to_lower(c) : c);
    tokens.push_back(std::move(single));
  }
  return tokens;
}

}  // namespace

const char* tokenizer_kind_name(TokenizerKind kind) {
  return kind == TokenizerKind::word ? "word" : "char";
}

TokenizerKind tokenizer_kind_from_name(const std::string& name, const std::string& what) {
  if (name == "word") return TokenizerKind::word;
  if (name == "char") return TokenizerKind::character;
  throw Error(fmt::format("{}: unknown tokenizer '{}' (expected word or char)", what, name));
}

std::vector<std::string> tokenize(std::string_view text, const TokenizerOptions& options,
                                  std::string_view source) {
  CodePoints code_points(text, source);
  return options.kind == TokenizerKind::word ? word_tokens(code_points, options.lower_case)
                                             : character_tokens(code_points, options.lower_case);
}

}  // namespace flujo::words
