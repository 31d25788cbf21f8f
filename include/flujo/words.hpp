#pragma once
// flujo words: text as sequences of token ids, for language models on words or characters.
//
//   std::string text = flujo::words::read_corpus("corpus.txt");        // checked UTF-8 text
//   flujo::words::TokenizerOptions tokenizer{.kind = flujo::words::TokenizerKind::word,
//                                            .lower_case = true};
//   auto tokens = flujo::words::tokenize(text, tokenizer, "corpus.txt");
//   flujo::words::require_tokens(tokens.size(), /*context=*/64, "corpus.txt");
//   auto vocabulary = flujo::words::Vocabulary::build(tokens, tokenizer, /*min_count=*/2);
//   std::vector<int32_t> ids = vocabulary.encode(tokens);                // unknown → 0
//   nlohmann::json saved = vocabulary.to_json();                         // saved with the model
//
// Every function is deterministic: the same input gives the same tokens, ids and text on every
// platform. Errors a user can cause are flujo::Error with a one-line message naming the file.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace flujo::words {

// ---------------------------------------------------------------------------------------------
// Tokenizers.

enum class TokenizerKind { word, character };

// "word" or "char": the names in JSON (and on the command line).
const char* tokenizer_kind_name(TokenizerKind kind);
// Throws Error "<what>: unknown tokenizer '<name>' (expected word or char)".
TokenizerKind tokenizer_kind_from_name(const std::string& name, const std::string& what);

struct TokenizerOptions {
  TokenizerKind kind = TokenizerKind::word;
  // Capitals to small letters for ASCII, Latin-1 and Latin Extended-A (Á → á, Ñ → ñ, Ü → ü,
  // Ł → ł …); other code points unchanged. No locale is consulted.
  bool lower_case = false;

  bool operator==(const TokenizerOptions&) const = default;
};

// The tokens of UTF-8 text; throws Error "<source>: line L: invalid UTF-8 at byte B" (B counts
// bytes from 0 at the start of the text, L lines from 1) on the first invalid sequence.
//
// Word level, for Spanish and English:
//   - a word is a run of letters (ASCII, Latin-1 — á é í ó ú ü ñ ª º … —, Latin Extended-A),
//     ASCII digits and combining accents (U+0300–U+036F, so decomposed "é" stays one word);
//   - an apostrophe (' or ’) between two word characters belongs to the word: don't, o'clock;
//   - whitespace (ASCII, no-break and other Unicode spaces, the byte-order mark) separates
//     tokens and is dropped;
//   - every other code point is a token of its own: ¿ ¡ « » “ ” ‘ ’ — – … , . ! ? and the rest of
//     ASCII punctuation, also symbols and letters of other scripts.
// Character level: one token per code point (whitespace and newlines included), so ñ or — is one
// token whatever its number of bytes.
std::vector<std::string> tokenize(std::string_view text, const TokenizerOptions& options,
                                  std::string_view source = "text");

// ---------------------------------------------------------------------------------------------
// Vocabulary: token ↔ id.

class Vocabulary {
 public:
  static constexpr int32_t kUnknownId = 0;
  static constexpr const char* kUnknownToken = "<unk>";

  // The tokens seen at least min_count times (min_count ≥ 1, else Error), with ids from 1 by
  // descending count, ties by ascending token bytes; id 0 is always "<unk>", whose count is the
  // number of tokens left out (a literal "<unk>" among the tokens counts there too).
  static Vocabulary build(std::span<const std::string> tokens, const TokenizerOptions& tokenizer,
                          int64_t min_count);

  int64_t size() const { return static_cast<int64_t>(tokens_.size()); }
  const TokenizerOptions& tokenizer() const { return tokenizer_; }

  int32_t id(const std::string& token) const;  // kUnknownId when not in the vocabulary
  const std::string& token(int32_t id) const;  // throws Error when id is out of range
  int64_t count(int32_t id) const;             // occurrences when built; throws like token()

  std::vector<int32_t> encode(std::span<const std::string> tokens) const;
  // The tokens of the ids as text: concatenated at character level, separated by one space at
  // word level. Throws Error naming an id out of range.
  std::string decode(std::span<const int32_t> ids) const;

  // {"format": "flujo-vocabulary", "version": 1,
  //  "tokenizer": {"kind": "word" | "char", "lower_case": bool},
  //  "tokens": [...], "counts": [...]}           (tokens and counts in id order)
  nlohmann::json to_json() const;
  // Throws Error "<source>: <what is wrong>" on JSON that to_json could not have written.
  static Vocabulary from_json(const nlohmann::json& json, const std::string& source = "vocabulary");

 private:
  Vocabulary(TokenizerOptions tokenizer, std::vector<std::string> tokens,
             std::vector<int64_t> counts);
  void check_id(int32_t id) const;

  TokenizerOptions tokenizer_;
  std::vector<std::string> tokens_;  // by id
  std::vector<int64_t> counts_;      // by id
  std::unordered_map<std::string, int32_t> ids_;
};

// ---------------------------------------------------------------------------------------------
// Corpora.

// The whole file as text. Throws a one-line Error naming the file when it cannot be opened, is
// empty, holds only whitespace, holds a NUL byte (a binary file) or is not valid UTF-8 (with the
// line and byte offset of the first problem).
std::string read_corpus(const std::string& path);

// Training on windows of `context` tokens needs context + 1 tokens (inputs and next-token
// targets); throws Error "<path>: 12 tokens, too few for a context of 64 (need at least 65)".
void require_tokens(int64_t tokens, int64_t context, const std::string& path);

// A built-in corpus: the kitchen diary of the lecture's menu of the day, `days` ≥ 1 lines of
// text in "en" or "es" (else Error), a pure function of (lang, days, seed). Tests may rely on:
//   - one sentence per day, one line each, "\n" after each; lower case; tokens separated by one
//     space, so that the word tokenizer returns exactly the space-separated pieces; every line
//     ends with " .";
//   - line d (from 0) names the day of the week d mod 7, from monday (lunes);
//   - every line names exactly one weather and exactly one dish (kitchen_diary_words: one word
//     each, so that one position predicts the dish), in an order that depends on one of three
//     templates drawn per day;
//   - the dishes are those of menu::design(Cook::got_a_life): on a sunny day yesterday's dish
//     again, on a cloudy day the next one of the cycle pie → burger → chicken → pie;
//     the dish before the first day is drawn from the seed;
//   - a line says "again" ("otra vez") exactly when its dish is yesterday's;
//   - the same seed gives the same days in both languages (the lines translate each other).
std::string kitchen_diary(const std::string& lang, int days, uint64_t seed);

// The diary's dish and weather words in "en" or "es", in the menu's order (apple pie, burger,
// chicken; sunny, cloudy), each one word: en pie, burger, chicken, sunny, cloudy; es torta,
// hamburguesa, pollo, soleado, nublado.
struct DiaryWords {
  std::array<const char*, 3> dishes;
  std::array<const char*, 2> weathers;
};
const DiaryWords& kitchen_diary_words(const std::string& lang);


}  // namespace flujo::words
