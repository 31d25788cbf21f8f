#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/words.hpp"
#include "flujo/words/kneser_ney.hpp"
#include "support/error_message.hpp"

namespace flujo::words {
namespace {

using Ids = std::vector<int32_t>;

const TokenizerOptions kWords{.kind = TokenizerKind::word, .lower_case = true};
const KneserNeyDiscounts kFallback{.one = 0.5, .two = 1.0, .three_plus = 1.5};

// The hand-computed corpus: V = 4 (id 0 never occurs), text 1 2 1 3 1 2.
const Ids kTiny = {1, 2, 1, 3, 1, 2};
constexpr int64_t kTinyV = 4;

// A training text and a held-out text, in ids of the training part's vocabulary.
struct Split {
  Ids train;
  Ids test;
  int64_t vocabulary_size = 0;
};

Split split_tokens(const std::vector<std::string>& tokens, double train_share, int64_t min_count) {
  const auto cut = static_cast<std::ptrdiff_t>(train_share * static_cast<double>(tokens.size()));
  const std::vector<std::string> train(tokens.begin(), tokens.begin() + cut);
  const std::vector<std::string> test(tokens.begin() + cut, tokens.end());
  const Vocabulary vocabulary = Vocabulary::build(train, kWords, min_count);
  return {vocabulary.encode(train), vocabulary.encode(test), vocabulary.size()};
}

// The kitchen diary's Spanish words, 80% for training and the rest held out.
Split diary_split(int days) {
  return split_tokens(tokenize(kitchen_diary("es", days, 1), kWords), 0.8, 1);
}

// The ids before position t, as many as the context uses.
std::span<const int32_t> prefix(const Ids& ids, size_t t) {
  return std::span<const int32_t>(ids).first(t);
}

using testing::error_message;

TEST(KneserNey, BigramProbabilitiesMatchTheHandDerivation) {
  // Text 1 2 1 3 1 2, order 2. The count-of-counts have n3 = 0, so both levels fall back to
  // D1 = 0.5, D2 = 1, D3+ = 1.5.
  // Level 2, raw bigram counts: (1,2) 2, (1,3) 1, (2,1) 1, (3,1) 1.
  // Level 1, continuation counts (distinct left neighbours; the 1 at position 0 has none):
  //   1 ← {2, 3}: 2;  2 ← {1}: 1;  3 ← {1}: 1;  0: none.  Total 4; N1 = 2 (2, 3), N2 = 1 (1).
  //   γ() = (0.5·2 + 1·1) / 4 = 1/2, so with 1/V = 1/4:
  //   p1(1) = (2 − 1)/4 + 1/8 = 3/8;  p1(2) = p1(3) = (1 − 0.5)/4 + 1/8 = 1/4;  p1(0) = 1/8.
  // Context 1: followers 2 (count 2), 3 (count 1); total 3; γ(1) = (0.5·1 + 1·1)/3 = 1/2:
  //   p(2|1) = (2 − 1)/3 + 1/2·1/4 = 11/24;  p(3|1) = 0.5/3 + 1/8 = 7/24;
  //   p(1|1) = 1/2·3/8 = 3/16;  p(0|1) = 1/2·1/8 = 1/16   (sum 1).
  // Context 2: follower 1 (count 1); total 1; γ(2) = 1/2:
  //   p(1|2) = 0.5 + 1/2·3/8 = 11/16;  p(3|2) = 1/2·1/4 = 1/8.
  // Context 0 never seen: level 1 alone.
  const KneserNey model(kTiny, kTinyV, {.order = 2});
  EXPECT_EQ(model.order(), 2);
  EXPECT_EQ(model.discounts(1), kFallback);
  EXPECT_EQ(model.discounts(2), kFallback);
  const Ids one = {1}, two = {2}, zero = {0};
  EXPECT_DOUBLE_EQ(model.probability(one, 2), 11.0 / 24);
  EXPECT_DOUBLE_EQ(model.probability(one, 3), 7.0 / 24);
  EXPECT_DOUBLE_EQ(model.probability(one, 1), 3.0 / 16);
  EXPECT_DOUBLE_EQ(model.probability(one, 0), 1.0 / 16);
  EXPECT_DOUBLE_EQ(model.probability(two, 1), 11.0 / 16);
  EXPECT_DOUBLE_EQ(model.probability(two, 3), 1.0 / 8);
  EXPECT_DOUBLE_EQ(model.probability(zero, 1), 3.0 / 8);
  EXPECT_DOUBLE_EQ(model.probability({}, 2), 1.0 / 4);
  EXPECT_DOUBLE_EQ(model.probability({}, 0), 1.0 / 8);
  EXPECT_DOUBLE_EQ(model.log_probability(one, 2), std::log(11.0 / 24));
  // Only the last id of a longer context counts.
  const Ids long_context = {3, 3, 2, 1};
  EXPECT_DOUBLE_EQ(model.probability(long_context, 2), 11.0 / 24);
  // Perplexity of the training text predicts 2 1 3 1 2 from their one-id contexts.
  const double expected =
      std::exp(-(std::log(11.0 / 24) + std::log(11.0 / 16) + std::log(7.0 / 24) +
                 std::log(11.0 / 16) + std::log(11.0 / 24)) /
               5);
  EXPECT_DOUBLE_EQ(model.perplexity(kTiny), expected);
}

TEST(KneserNey, TrigramProbabilitiesMatchTheHandDerivation) {
  // Text 1 2 1 3 1 2, order 3, all levels at the fallback discounts 0.5, 1, 1.5.
  // Level 3, raw trigram counts: (1,2,1), (2,1,3), (1,3,1), (3,1,2), 1 each.
  // Level 2, continuation counts from the trigrams' suffixes: (2,1), (1,3), (3,1), (1,2), 1 each
  //   ((1,2) also opens the text, with no left neighbour: 1, not its raw 2).
  // Level 1 from the distinct bigrams (1,2), (1,3), (2,1), (3,1): as for order 2, p1 = 3/8 for 1,
  //   1/4 for 2 and 3, 1/8 for 0.
  // Level 2, context 1: followers 2, 3 (1 each); total 2; γ = (0.5·2)/2 = 1/2:
  //   p2(2|1) = p2(3|1) = 0.5/2 + 1/2·1/4 = 3/8;  p2(1|1) = 1/2·3/8 = 3/16;  p2(0|1) = 1/16.
  //   Context 2: follower 1; total 1; γ = 1/2: p2(1|2) = 0.5 + 3/16 = 11/16; p2(3|2) = 1/8.
  // Level 3, context (3,1): follower 2; total 1; γ = 1/2:
  //   p(2|3,1) = 0.5 + 1/2·3/8 = 11/16;  p(3|3,1) = 1/2·3/8 = 3/16;  p(1|3,1) = 1/2·3/16 = 3/32;
  //   p(0|3,1) = 1/32   (sum 1).
  //   Context (1,2): follower 1: p(1|1,2) = 0.5 + 1/2·11/16 = 27/32.
  //   Context (2,2) never seen: level 2, p(3|2,2) = p2(3|2) = 1/8.
  const KneserNey model(kTiny, kTinyV, {.order = 3});
  for (int level = 1; level <= 3; ++level) EXPECT_EQ(model.discounts(level), kFallback);
  const Ids three_one = {3, 1}, one_two = {1, 2}, two_two = {2, 2}, one = {1};
  EXPECT_DOUBLE_EQ(model.probability(three_one, 2), 11.0 / 16);
  EXPECT_DOUBLE_EQ(model.probability(three_one, 3), 3.0 / 16);
  EXPECT_DOUBLE_EQ(model.probability(three_one, 1), 3.0 / 32);
  EXPECT_DOUBLE_EQ(model.probability(three_one, 0), 1.0 / 32);
  EXPECT_DOUBLE_EQ(model.probability(one_two, 1), 27.0 / 32);
  EXPECT_DOUBLE_EQ(model.probability(two_two, 3), 1.0 / 8);
  // A one-id context (the text's second token) reaches level 2 only, with continuation counts.
  EXPECT_DOUBLE_EQ(model.probability(one, 2), 3.0 / 8);
  EXPECT_DOUBLE_EQ(model.probability({}, 1), 3.0 / 8);
  const Ids long_context = {2, 2, 3, 1};
  EXPECT_DOUBLE_EQ(model.probability(long_context, 2), 11.0 / 16);
}

TEST(KneserNey, DiscountsFollowChenAndGoodman) {
  // Order 1, raw counts: ids 1–4 once, 5 and 6 twice, 7 three times, 8 four times, so
  // n1 = 4, n2 = 2, n3 = 1, n4 = 1: Y = 4/(4 + 4) = 1/2, D1 = 1 − 2·½·2/4 = 1/2,
  // D2 = 2 − 3·½·1/2 = 5/4, D3+ = 3 − 4·½·1/1 = 1.
  const Ids counted = {1, 2, 3, 4, 5, 5, 6, 6, 7, 7, 7, 8, 8, 8, 8};
  const KneserNey model(counted, 9, {.order = 1});
  EXPECT_EQ(model.discounts(1), (KneserNeyDiscounts{.one = 0.5, .two = 1.25, .three_plus = 1.0}));
  // γ = (½·4 + 5/4·2 + 1·2)/15 = 6.5/15;  p(8) = (4 − 1)/15 + γ/9;  p(0) = γ/9.
  const double backoff = 6.5 / 15;
  EXPECT_DOUBLE_EQ(model.probability({}, 8), 3.0 / 15 + backoff / 9);
  EXPECT_DOUBLE_EQ(model.probability({}, 0), backoff / 9);

  // n1 = 1, n2 = 1, n3 = 5: D2 = 2 − 3·⅓·5 = −3 is outside (0, 2], so the fallback.
  const Ids too_many_threes = {1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7};
  EXPECT_EQ(KneserNey(too_many_threes, 8, {.order = 1}).discounts(1), kFallback);

  // Given discounts hold at every level.
  const KneserNeyDiscounts given{.one = 0.7, .two = 1.1, .three_plus = 2.9};
  const KneserNey fixed(counted, 9, {.order = 3, .discounts = given});
  for (int level = 1; level <= 3; ++level) EXPECT_EQ(fixed.discounts(level), given);
}

TEST(KneserNey, DistributionsSumToOneForEveryContext) {
  const Split diary = diary_split(60);
  const int64_t v = diary.vocabulary_size;
  // Every context of the training and held-out texts, and contexts never seen: ids that do not
  // follow each other, <unk> (id 0 is rare in training) and the last id.
  std::vector<Ids> contexts = {{}, {0}, {0, 0, 0}, {static_cast<int32_t>(v - 1), 0, 1}};
  for (const Ids* text : {&diary.train, &diary.test})
    for (size_t t = 0; t < text->size(); t += 7) {
      const auto ids = prefix(*text, t);
      contexts.emplace_back(ids.begin(), ids.end());
    }
  for (int order = 1; order <= 4; ++order) {
    const KneserNey model(diary.train, v, {.order = order});
    for (const Ids& context : contexts) {
      const std::vector<double> p = model.distribution(context);
      ASSERT_EQ(static_cast<int64_t>(p.size()), v);
      EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-9) << "order " << order;
      for (int32_t token = 0; token < v; ++token) {
        ASSERT_GT(p[static_cast<size_t>(token)], 0.0);
        ASSERT_NEAR(p[static_cast<size_t>(token)], model.probability(context, token), 1e-15);
      }
    }
  }
  // The tiny text: V = 4 with a token never seen, orders beyond its length.
  for (int order = 1; order <= 6; ++order) {
    const KneserNey model(kTiny, kTinyV, {.order = order});
    for (const Ids& context : std::vector<Ids>{{}, {1}, {2, 1}, {0, 3}, {1, 2, 1, 3, 1}}) {
      const std::vector<double> p = model.distribution(context);
      EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-12);
      EXPECT_GT(p[0], 0.0);
    }
  }
}

TEST(KneserNey, LongerOrdersDoNotRaiseTrainingPerplexity) {
  const Split diary = diary_split(200);
  double previous = static_cast<double>(diary.vocabulary_size);
  for (int order = 1; order <= KneserNey::kMaxOrder; ++order) {
    const double perplexity =
        KneserNey(diary.train, diary.vocabulary_size, {.order = order}).perplexity(diary.train);
    EXPECT_LE(perplexity, previous) << "order " << order;
    previous = perplexity;
  }
}

TEST(KneserNey, HeldOutDiaryPerplexityIsFarBelowTheVocabulary) {
  const Split diary = diary_split(400);
  const double unigram =
      KneserNey(diary.train, diary.vocabulary_size, {.order = 1}).perplexity(diary.test);
  const double trigram =
      KneserNey(diary.train, diary.vocabulary_size, {.order = 3}).perplexity(diary.test);
  std::cout << "kitchen diary (es, 400 days): V = " << diary.vocabulary_size
            << ", held-out perplexity order 1 " << unigram << ", order 3 " << trigram << "\n";
  EXPECT_LT(trigram, static_cast<double>(diary.vocabulary_size) / 10);
  EXPECT_LT(trigram, unigram / 2);
}

TEST(KneserNey, JsonRoundTripGivesIdenticalProbabilities) {
  const Split diary = diary_split(100);
  const KneserNey original(diary.train, diary.vocabulary_size, {.order = 3});
  const nlohmann::json json = original.to_json();
  EXPECT_EQ(json.at("format"), "flujo-kneser-ney");
  EXPECT_EQ(json.at("version"), 1);
  EXPECT_EQ(json.at("order"), 3);
  EXPECT_EQ(json.at("vocabulary_size"), diary.vocabulary_size);

  const KneserNey loaded = KneserNey::from_json(nlohmann::json::parse(json.dump()));
  EXPECT_EQ(loaded.order(), 3);
  EXPECT_EQ(loaded.vocabulary_size(), diary.vocabulary_size);
  for (int level = 1; level <= 3; ++level)
    EXPECT_EQ(loaded.discounts(level), original.discounts(level));
  EXPECT_EQ(loaded.to_json(), json);
  for (size_t t = 0; t < diary.test.size(); t += 5)
    EXPECT_EQ(loaded.distribution(prefix(diary.test, t)),
              original.distribution(prefix(diary.test, t)));
  EXPECT_EQ(loaded.perplexity(diary.test), original.perplexity(diary.test));
}

TEST(KneserNey, RefusesBadOptionsAndIds) {
  EXPECT_EQ(error_message([] { KneserNey(kTiny, kTinyV, {.order = 9}); }),
            "kneser-ney: ngram order must be 1 to 6, got 9");
  EXPECT_EQ(error_message([] { KneserNey(kTiny, kTinyV, {.order = 0}); }),
            "kneser-ney: ngram order must be 1 to 6, got 0");
  EXPECT_EQ(error_message([] { KneserNey(kTiny, 0); }),
            "kneser-ney: vocabulary size must be 1 to 2^31, got 0");
  EXPECT_EQ(error_message([] { KneserNey(Ids{}, kTinyV); }), "kneser-ney: the training ids are empty");
  EXPECT_EQ(error_message([] {
              KneserNey(Ids{1, 2, 3, 7}, 5);
            }),
            "kneser-ney: token id 7 at position 3 out of range (vocabulary of 5)");
  EXPECT_EQ(error_message([] { KneserNey(Ids{-1}, 5); }),
            "kneser-ney: token id -1 at position 0 out of range (vocabulary of 5)");
  EXPECT_EQ(
      error_message([] { KneserNey(kTiny, kTinyV, {.discounts = KneserNeyDiscounts{.two = 2.5}}); }),
      "kneser-ney: discount D2 must be in (0, 2], got 2.5");
  EXPECT_EQ(error_message([] { KneserNey(kTiny, kTinyV, {.discounts = KneserNeyDiscounts{.one = 0}}); }),
            "kneser-ney: discount D1 must be in (0, 1], got 0");

  const KneserNey model(kTiny, kTinyV, {.order = 3});
  const Ids bad_context = {9, 1}, bad_text = {1, 4};
  EXPECT_EQ(error_message([&] { model.probability({}, 4); }),
            "kneser-ney: token id 4 out of range (vocabulary of 4)");
  EXPECT_EQ(error_message([&] { model.distribution(bad_context); }),
            "kneser-ney: token id 9 out of range (vocabulary of 4)");
  EXPECT_EQ(error_message([&] { model.perplexity(bad_text); }),
            "kneser-ney: token id 4 out of range (vocabulary of 4)");
  EXPECT_EQ(error_message([&] { model.perplexity(Ids{1}); }),
            "kneser-ney: perplexity needs at least 2 ids, got 1");
  EXPECT_EQ(error_message([&] { model.discounts(4); }), "kneser-ney: level 4 out of range (order 3)");
  // Ids before the last order − 1 are not used, so not checked.
  const Ids old_bad = {9, 1, 2};
  EXPECT_DOUBLE_EQ(model.probability(old_bad, 1), 27.0 / 32);
}

TEST(KneserNey, MalformedJsonErrorsSayWhatIsWrong) {
  using Json = nlohmann::json;
  const Json good = KneserNey(kTiny, kTinyV, {.order = 2}).to_json();
  struct Case {
    std::function<void(Json&)> spoil;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](Json& j) { j = Json::array(); }, "expected a JSON object (got array)"},
      {[](Json& j) { j.erase("levels"); }, "missing \"levels\""},
      {[](Json& j) { j["format"] = "flujo-vocabulary"; },
       "\"format\" is \"flujo-vocabulary\", not \"flujo-kneser-ney\""},
      {[](Json& j) { j["version"] = 2; },
       "version 2 is not supported (this flujo reads version 1)"},
      {[](Json& j) { j["order"] = 7; }, "ngram order must be 1 to 6, got 7"},
      {[](Json& j) { j["order"] = "2"; }, "\"order\" must be an integer (got string)"},
      {[](Json& j) { j["order"] = 3; }, "2 levels for order 3"},
      {[](Json& j) { j["vocabulary_size"] = 0; }, "\"vocabulary_size\" must be 1 to 2^31, got 0"},
      {[](Json& j) { j["levels"][1] = 5; }, "level 2: expected a JSON object (got number)"},
      {[](Json& j) {
         j["levels"][0]["discounts"] = Json::array({0.5, 1.0});
       },
       "level 1: \"discounts\" must be 3 numbers (got [0.5,1.0])"},
      {[](Json& j) { j["levels"][0]["discounts"][2] = 3.5; },
       "level 1: discount D3+ must be in (0, 3], got 3.5"},
      {[](Json& j) { j["levels"][1].erase("counts"); }, "level 2: missing \"counts\""},
      {[](Json& j) { j["levels"][1]["ngrams"].erase(0); },
       "level 2: 7 ids in \"ngrams\" for 4 counts of 2-grams"},
      {[](Json& j) { j["levels"][1]["ngrams"][3] = 4; },
       "level 2: id 1 of ngram 1 is not a token id below 4 (got 4)"},
      {[](Json& j) { j["levels"][1]["ngrams"][0] = "1"; },
       "level 2: id 0 of ngram 0 is not a token id below 4 (got \"1\")"},
      {[](Json& j) { j["levels"][0]["counts"][2] = 0; },
       "level 1: count 2 must be an integer ≥ 1 (got 0)"},
      {[](Json& j) { j["levels"][1]["ngrams"][3] = 2; },
       "level 2: ngram 1 does not come after ngram 0 (ngrams ascend)"},
  };
  for (const Case& c : cases) {
    Json spoilt = good;
    c.spoil(spoilt);
    try {
      KneserNey::from_json(spoilt, "run/ngram.json");
      ADD_FAILURE() << "accepted: " << spoilt.dump();
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), "run/ngram.json: " + c.message);
    }
  }
}

// A smoke test on a real novel: Don Quijote, word level, lower case, the words seen at least
// twice in the first 90%; the held-out perplexity and the time are printed.
TEST(KneserNey, QuijoteHeldOutPerplexity) {
  const std::string path = std::string(FLUJO_SHARED_DATA_DIR) + "/quijote.txt";
  if (!std::filesystem::exists(path))
    GTEST_SKIP() << path << " is absent (the shared data directory holds the texts for tests)";
  const auto start = std::chrono::steady_clock::now();
  const Split quijote = split_tokens(tokenize(read_corpus(path), kWords), 0.9, 2);
  const auto tokenized = std::chrono::steady_clock::now();
  for (const int order : {3, 4}) {
    const auto before = std::chrono::steady_clock::now();
    const KneserNey model(quijote.train, quijote.vocabulary_size, {.order = order});
    const auto trained = std::chrono::steady_clock::now();
    const double perplexity = model.perplexity(quijote.test);
    const auto evaluated = std::chrono::steady_clock::now();
    const auto seconds = [](auto from, auto to) {
      return std::chrono::duration<double>(to - from).count();
    };
    std::cout << "quijote: " << quijote.train.size() << " training and " << quijote.test.size()
              << " held-out words, V = " << quijote.vocabulary_size << "; order " << order
              << ": held-out perplexity " << perplexity << "; tokenizing "
              << seconds(start, tokenized) << " s, counting " << seconds(before, trained)
              << " s, evaluating " << seconds(trained, evaluated) << " s\n";
    EXPECT_LT(perplexity, static_cast<double>(quijote.vocabulary_size) / 10);
  }
}

}  // namespace
}  // namespace flujo::words
