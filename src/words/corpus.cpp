// Reading a user's corpus, and the check that it is long enough for the context (contract in
// include/flujo/words.hpp).
#include "flujo/words.hpp"

#include <fmt/format.h>

#include "data/read_file.hpp"
#include "flujo/core/error.hpp"
#include "words/utf8.hpp"

namespace flujo::words {
namespace {

// Whether any code point of valid UTF-8 text is not whitespace; stops at the first one.
bool has_text(std::string_view bytes) {
  for (size_t at = 0; at < bytes.size();) {
    const DecodedCodePoint decoded = decode_at(bytes, at);
    if (!is_whitespace(decoded.value)) return true;
    at += static_cast<size_t>(decoded.length);
  }
  return false;
}

}  // namespace

std::string read_corpus(const std::string& path) {
  std::string text = data::read_whole_file(path);
  require(!text.empty(), fmt::format("{}: empty file, no text", path));
  // A NUL byte is valid UTF-8 but no text file holds one; the bytes before it are checked first
  // so that the error names the first problem in the file.
  const size_t nul = text.find('\0');
  const std::string_view before_nul = std::string_view(text).substr(0, nul);
  check_utf8(before_nul, path);
  if (nul != std::string::npos)
    throw Error(fmt::format("{}: line {}: NUL byte at byte {} (a binary file, not text)", path,
                            line_at(text, nul), nul));
  require(has_text(text), fmt::format("{}: only whitespace, no text", path));
  return text;
}

void require_tokens(int64_t tokens, int64_t context, const std::string& path) {
  require(tokens > context,
          fmt::format("{}: {} tokens, too few for a context of {} (need at least {})", path, tokens,
                      context, context + 1));
}

}  // namespace flujo::words
