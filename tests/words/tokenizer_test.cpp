#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/words.hpp"

namespace flujo::words {
namespace {

using Tokens = std::vector<std::string>;

const TokenizerOptions kWords{.kind = TokenizerKind::word, .lower_case = false};
const TokenizerOptions kLowerWords{.kind = TokenizerKind::word, .lower_case = true};
const TokenizerOptions kCharacters{.kind = TokenizerKind::character, .lower_case = false};

std::string error_of(const std::string& text, const TokenizerOptions& options) {
  try {
    tokenize(text, options, "corpus.txt");
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(WordTokenizer, SplitsSpanishQuestionAndExclamationMarks) {
  EXPECT_EQ(tokenize("¿Qué comió el niño? ¡Pollo!", kLowerWords),
            (Tokens{"¿", "qué", "comió", "el", "niño", "?", "¡", "pollo", "!"}));
}

TEST(WordTokenizer, KeepsCapitalsUnlessLowerCasing) {
  EXPECT_EQ(tokenize("¿Qué comió? ¡Pollo!", kWords),
            (Tokens{"¿", "Qué", "comió", "?", "¡", "Pollo", "!"}));
}

TEST(WordTokenizer, LowerCasesAccentedCapitals) {
  EXPECT_EQ(tokenize("ÁÉÍÓÚÜÑ ÀÇÞ ĀŁŒŸŽ İ ß", kLowerWords),
            (Tokens{"áéíóúüñ", "àçþ", "āłœÿž", "i", "ß"}));
  // The multiplication sign sits among the Latin-1 capitals but is no letter.
  EXPECT_EQ(tokenize("2×3", kLowerWords), (Tokens{"2", "×", "3"}));
}

TEST(WordTokenizer, DashesQuotesAndEllipsisAreTokensOfTheirOwn) {
  EXPECT_EQ(tokenize("«Hola» —dijo— “yes” ‘no’ 1–2 wait…", kLowerWords),
            (Tokens{"«", "hola", "»", "—", "dijo", "—", "“", "yes", "”", "‘", "no", "’", "1", "–",
                    "2", "wait", "…"}));
}

TEST(WordTokenizer, SplitsAsciiPunctuation) {
  EXPECT_EQ(tokenize("a,b.c;d:e(f)g-h\"i/3", kWords),
            (Tokens{"a", ",", "b", ".", "c", ";", "d", ":", "e", "(", "f", ")", "g", "-", "h", "\"",
                    "i", "/", "3"}));
}

TEST(WordTokenizer, KeepsApostrophesInsideWordsOnly) {
  EXPECT_EQ(tokenize("Don't stop at o'clock, don’t 'quote' the dogs'", kLowerWords),
            (Tokens{"don't", "stop", "at", "o'clock", ",", "don’t", "'", "quote", "'", "the",
                    "dogs", "'"}));
}

TEST(WordTokenizer, EveryKindOfWhitespaceSeparates) {
  // The byte-order mark, then tab, CR LF, no-break, ideographic and thin spaces.
  const std::string text = "\uFEFFa\tb\r\nc\u00A0d\u3000e\u2009f  ";
  EXPECT_EQ(tokenize(text, kWords), (Tokens{"a", "b", "c", "d", "e", "f"}));
  EXPECT_TRUE(tokenize(" \n\t ", kWords).empty());
}

TEST(WordTokenizer, DecomposedAccentStaysInTheWord) {
  EXPECT_EQ(tokenize("cafe\u0301 ok", kWords), (Tokens{"cafe\u0301", "ok"}));
}

TEST(WordTokenizer, OtherScriptsAndSymbolsAreSingleTokens) {
  EXPECT_EQ(tokenize("€5 😀", kWords), (Tokens{"€", "5", "😀"}));
}

TEST(CharacterTokenizer, OneTokenPerCodePoint) {
  const Tokens tokens = tokenize("niño —\n", kCharacters);
  EXPECT_EQ(tokens, (Tokens{"n", "i", "ñ", "o", " ", "—", "\n"}));
  EXPECT_EQ(tokens[2].size(), 2u);  // ñ: two bytes, one token
  EXPECT_EQ(tokens[5].size(), 3u);  // —: three bytes, one token
  EXPECT_EQ(tokenize("😀a", kCharacters), (Tokens{"😀", "a"}));
}

TEST(CharacterTokenizer, LowerCasesWhenAsked) {
  EXPECT_EQ(tokenize("ÑA", {.kind = TokenizerKind::character, .lower_case = true}),
            (Tokens{"ñ", "a"}));
  EXPECT_EQ(tokenize("ÑA", kCharacters), (Tokens{"Ñ", "A"}));
}

TEST(Tokenizer, InvalidUtf8NamesSourceLineAndByte) {
  const std::string text = "ok\nfine\nbad \xC3( x";
  EXPECT_EQ(error_of(text, kWords), "corpus.txt: line 3: invalid UTF-8 at byte 12");
  EXPECT_EQ(error_of(text, kCharacters), "corpus.txt: line 3: invalid UTF-8 at byte 12");
}

TEST(Tokenizer, RejectsEveryKindOfInvalidSequence) {
  const std::vector<std::string> invalid = {
      "\x80",              // a continuation byte without a lead
      "\xC0\xAF",          // overlong '/'
      "\xE0\x80\xAF",      // overlong '/', three bytes
      "\xED\xA0\x80",      // a surrogate
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xE2\x80",          // truncated at the end
      "\xFF",              // never in UTF-8
  };
  for (const std::string& bytes : invalid)
    EXPECT_EQ(error_of("ab " + bytes, kWords), "corpus.txt: line 1: invalid UTF-8 at byte 3")
        << testing::PrintToString(bytes);
}

TEST(Tokenizer, AcceptsTheLargestCodePoints) {
  EXPECT_EQ(tokenize("\xF4\x8F\xBF\xBF\xEF\xBF\xBD", kCharacters),
            (Tokens{"\xF4\x8F\xBF\xBF", "\xEF\xBF\xBD"}));
}

TEST(Tokenizer, KindNamesRoundTrip) {
  for (TokenizerKind kind : {TokenizerKind::word, TokenizerKind::character})
    EXPECT_EQ(tokenizer_kind_from_name(tokenizer_kind_name(kind), "--tokenizer"), kind);
  try {
    tokenizer_kind_from_name("bpe", "--tokenizer");
    FAIL() << "bpe accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "--tokenizer: unknown tokenizer 'bpe' (expected word or char)");
  }
}

}  // namespace
}  // namespace flujo::words
