#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/words.hpp"

namespace flujo::words {
namespace {

using Tokens = std::vector<std::string>;

const TokenizerOptions kWords{.kind = TokenizerKind::word, .lower_case = true};

Tokens tokens_by_id(const Vocabulary& vocabulary) {
  Tokens tokens;
  for (int32_t id = 0; id < vocabulary.size(); ++id) tokens.push_back(vocabulary.token(id));
  return tokens;
}

std::vector<int64_t> counts_by_id(const Vocabulary& vocabulary) {
  std::vector<int64_t> counts;
  for (int32_t id = 0; id < vocabulary.size(); ++id) counts.push_back(vocabulary.count(id));
  return counts;
}

TEST(Vocabulary, IdsByDescendingCountThenTokenBytes) {
  // Ties: "Z" (0x5A) < "z" (0x7A) < "ñ" (0xC3 0xB1), compared as unsigned bytes.
  const Tokens tokens = {"b", "ñ", "a", "z", "a", "b", "Z", "a"};
  const Vocabulary vocabulary = Vocabulary::build(tokens, kWords, 1);
  EXPECT_EQ(tokens_by_id(vocabulary), (Tokens{"<unk>", "a", "b", "Z", "z", "ñ"}));
  EXPECT_EQ(counts_by_id(vocabulary), (std::vector<int64_t>{0, 3, 2, 1, 1, 1}));
  EXPECT_EQ(vocabulary.tokenizer(), kWords);
}

TEST(Vocabulary, OrderDoesNotDependOnTheOrderOfTheTokens) {
  const Tokens forward = {"el", "niño", "comió", "el", "pollo", "el", "niño", "pan", "sal"};
  const Tokens backward(forward.rbegin(), forward.rend());
  EXPECT_EQ(tokens_by_id(Vocabulary::build(forward, kWords, 1)),
            tokens_by_id(Vocabulary::build(backward, kWords, 1)));
}

TEST(Vocabulary, RareTokensBecomeUnknown) {
  const Tokens tokens = {"a", "b", "a", "c", "b", "a", "d"};
  const Vocabulary vocabulary = Vocabulary::build(tokens, kWords, 2);
  EXPECT_EQ(tokens_by_id(vocabulary), (Tokens{"<unk>", "a", "b"}));
  EXPECT_EQ(vocabulary.count(Vocabulary::kUnknownId), 2);  // c and d
  EXPECT_EQ(vocabulary.encode(Tokens{"a", "c", "b", "never seen"}),
            (std::vector<int32_t>{1, 0, 2, 0}));
  EXPECT_EQ(vocabulary.id("d"), Vocabulary::kUnknownId);
}

TEST(Vocabulary, UnknownIsPresentEvenWhenEveryTokenIsKept) {
  const Vocabulary vocabulary = Vocabulary::build(Tokens{"x"}, kWords, 1);
  EXPECT_EQ(vocabulary.size(), 2);
  EXPECT_EQ(vocabulary.token(0), "<unk>");
  EXPECT_EQ(vocabulary.id("<unk>"), 0);
  // A literal "<unk>" among the tokens is counted as unknown, never given a second id.
  const Vocabulary literal = Vocabulary::build(Tokens{"<unk>", "<unk>", "x"}, kWords, 1);
  EXPECT_EQ(tokens_by_id(literal), (Tokens{"<unk>", "x"}));
  EXPECT_EQ(literal.count(0), 2);
}

TEST(Vocabulary, DecodesWordsWithSpacesAndCharactersTogether) {
  const Tokens words = tokenize("¿Qué comió el niño?", kWords);
  const Vocabulary word_vocabulary = Vocabulary::build(words, kWords, 1);
  EXPECT_EQ(word_vocabulary.decode(word_vocabulary.encode(words)), "¿ qué comió el niño ?");

  const TokenizerOptions characters{.kind = TokenizerKind::character};
  const Tokens letters = tokenize("niño y niña", characters);
  const Vocabulary character_vocabulary = Vocabulary::build(letters, characters, 1);
  EXPECT_EQ(character_vocabulary.decode(character_vocabulary.encode(letters)), "niño y niña");
}

TEST(Vocabulary, RefusesIdsOutOfRangeAndMinimumCountsBelowOne) {
  const Vocabulary vocabulary = Vocabulary::build(Tokens{"a", "b"}, kWords, 1);
  EXPECT_THROW(vocabulary.token(3), Error);
  EXPECT_THROW(vocabulary.count(-1), Error);
  const std::vector<int32_t> bad = {1, 3};
  try {
    vocabulary.decode(bad);
    FAIL() << "id 3 decoded";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "vocabulary: token id 3 out of range (vocabulary of 3)");
  }
  EXPECT_THROW(Vocabulary::build(Tokens{"a"}, kWords, 0), Error);
}

TEST(Vocabulary, JsonRoundTrip) {
  const TokenizerOptions characters{.kind = TokenizerKind::character, .lower_case = true};
  const Tokens tokens = tokenize("Ñandú, ¡ñu! — «año»", characters);
  const Vocabulary original = Vocabulary::build(tokens, characters, 2);
  const nlohmann::json json = original.to_json();
  EXPECT_EQ(json.at("format"), "flujo-vocabulary");
  EXPECT_EQ(json.at("version"), 1);
  EXPECT_EQ(json.at("tokenizer").at("kind"), "char");
  EXPECT_EQ(json.at("tokenizer").at("lower_case"), true);

  const Vocabulary loaded = Vocabulary::from_json(nlohmann::json::parse(json.dump()));
  EXPECT_EQ(loaded.tokenizer(), characters);
  EXPECT_EQ(tokens_by_id(loaded), tokens_by_id(original));
  EXPECT_EQ(counts_by_id(loaded), counts_by_id(original));
  EXPECT_EQ(loaded.encode(tokens), original.encode(tokens));
  EXPECT_EQ(loaded.id("ñ"), original.id("ñ"));
  EXPECT_NE(loaded.id("ñ"), Vocabulary::kUnknownId);
}

TEST(Vocabulary, MalformedJsonErrorsSayWhatIsWrong) {
  using Json = nlohmann::json;
  const Json good = Vocabulary::build(Tokens{"a", "b", "a"}, kWords, 1).to_json();
  struct Case {
    std::function<void(Json&)> spoil;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](Json& j) { j = Json::array(); }, "expected a JSON object (got array)"},
      {[](Json& j) { j.erase("tokens"); }, "missing \"tokens\""},
      {[](Json& j) { j["format"] = "flujo-model"; },
       "\"format\" is \"flujo-model\", not \"flujo-vocabulary\""},
      {[](Json& j) { j["version"] = 2; },
       "version 2 is not supported (this flujo reads version 1)"},
      {[](Json& j) { j["version"] = "1"; }, "\"version\" must be an integer (got string)"},
      {[](Json& j) { j["tokenizer"] = "word"; }, "\"tokenizer\" must be an object (got string)"},
      {[](Json& j) { j["tokenizer"]["kind"] = "bpe"; },
       "tokenizer: unknown tokenizer 'bpe' (expected word or char)"},
      {[](Json& j) { j["tokenizer"].erase("lower_case"); }, "tokenizer: missing \"lower_case\""},
      {[](Json& j) { j["tokenizer"]["lower_case"] = 1; },
       "tokenizer: \"lower_case\" must be true or false (got number)"},
      {[](Json& j) { j["tokens"][0] = "a0"; }, "token 0 must be \"<unk>\""},
      {[](Json& j) { j["tokens"][2] = "a"; }, "token 2 repeats token 1 (\"a\")"},
      {[](Json& j) { j["tokens"][1] = 7; }, "token 1 must be a non-empty string (got 7)"},
      {[](Json& j) { j["tokens"][1] = ""; }, "token 1 must be a non-empty string (got \"\")"},
      {[](Json& j) { j["counts"].erase(0); }, "2 counts for 3 tokens"},
      {[](Json& j) { j["counts"][1] = -4; }, "count 1 must be an integer ≥ 0 (got -4)"},
      {[](Json& j) { j["counts"] = Json::object(); }, "\"counts\" must be an array (got object)"},
  };
  for (const Case& c : cases) {
    Json spoilt = good;
    c.spoil(spoilt);
    try {
      Vocabulary::from_json(spoilt, "model.json: vocabulary");
      ADD_FAILURE() << "accepted: " << spoilt.dump();
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), "model.json: vocabulary: " + c.message);
    }
  }
}

}  // namespace
}  // namespace flujo::words
