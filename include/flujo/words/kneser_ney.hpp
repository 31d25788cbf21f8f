#pragma once
// An n-gram language model over token ids with interpolated modified Kneser–Ney smoothing: the
// classical baseline that the neural language models are compared with (perplexity), counted
// from the training ids in one pass, no training by gradient.
//
//   std::vector<int32_t> train = vocabulary.encode(training_tokens);     // flujo/words.hpp
//   flujo::words::KneserNey model(train, vocabulary.size(), {.order = 3});
//   double p = model.probability(context, token);       // P(token | last order − 1 ids of context)
//   double perplexity = model.perplexity(vocabulary.encode(held_out_tokens));
//   nlohmann::json saved = model.to_json();            // a run directory keeps it as JSON
//
// The model (Chen & Goodman 1998, "An empirical study of smoothing techniques for language
// modeling", section 3, interpolated modified Kneser–Ney). For a context h of k − 1 ids and a
// token w, level k of the model (k = 1..order) gives
//
//   p_k(w | h) = max(c_k(hw) − D_k(c_k(hw)), 0) / c_k(h) + γ_k(h) · p_{k−1}(w | h′)
//   γ_k(h)     = (D_k,1 · N1(h) + D_k,2 · N2(h) + D_k,3+ · N3+(h)) / c_k(h)
//   p_0(w)     = 1 / V
//
// where h′ is h without its first id, c_k(h) = Σ_w c_k(hw), Nj(h) is the number of tokens w with
// c_k(hw) = j (N3+: at least 3) and D_k(c) is D_k,1, D_k,2 or D_k,3+ for c = 1, 2, ≥ 3. A context
// never seen at level k passes the level below through (γ = 1, no counts). The counts:
//   - at the top level (k = order) c_k is the raw count of the k-gram in the training ids;
//   - below, c_k(g) is its continuation count: the number of distinct ids that precede g in the
//     training ids. An occurrence at position 0 has no predecessor and adds nothing (the ids carry
//     no sentence-start symbol), so a k-gram seen only there has no count below the top.
// Every token, ids never seen included, gets at least γ_1 / V > 0, and for every context the V
// probabilities sum to 1 (up to rounding): D_k,j ≤ j keeps every discounted count ≥ 0.
//
// Discounts, three per level, estimated from that level's count-of-counts nj (the number of
// k-grams whose count c_k is j) as Chen & Goodman do:
//   Y = n1 / (n1 + 2 n2),  D1 = 1 − 2Y·n2/n1,  D2 = 2 − 3Y·n3/n2,  D3+ = 3 − 4Y·n4/n3.
// When n1, n2 or n3 is zero (a formula divides by zero: small or very regular texts) or an
// estimate falls outside (0, j], that level uses the fixed discounts 0.5, 1, 1.5 instead (KenLM's
// --discount_fallback), so that small texts still give a model. Options may fix D1, D2, D3+ for
// every level instead.
//
// Contexts: probability, log_probability and distribution use the last order − 1 ids of the
// context, or all of them when there are fewer (the first tokens of a text), so the top level
// they reach is the context's length + 1. Every function is deterministic, and an object once
// built is never changed (const calls may run from several threads). Errors a user can cause are
// flujo::Error with a one-line message starting "kneser-ney:" (or the source of the JSON).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace flujo::words {

// The discounts of one level: subtracted from a count of 1, of 2, and of 3 or more.
struct KneserNeyDiscounts {
  double one = 0.5;
  double two = 1.0;
  double three_plus = 1.5;

  bool operator==(const KneserNeyDiscounts&) const = default;
};

struct KneserNeyOptions {
  int order = 3;  // n: the longest n-gram counted, 1 to 6 (1: unigrams, no context)
  // Empty: estimated per level from its count-of-counts (above). Set: these at every level,
  // each D_j in (0, j] (else Error "kneser-ney: discount D2 must be in (0, 2], got 2.5").
  std::optional<KneserNeyDiscounts> discounts;
};

class KneserNey {
 public:
  static constexpr int kMaxOrder = 6;

  // Counts the n-grams of `ids`. Throws Error on an order outside 1..6 ("kneser-ney: ngram order
  // must be 1 to 6, got 9"), a vocabulary_size V outside 1..2^31, empty ids, or an id outside
  // [0, V) ("kneser-ney: token id 7 at position 3 out of range (vocabulary of 5)"). Id 0 (<unk>)
  // is an ordinary token.
  KneserNey(std::span<const int32_t> ids, int64_t vocabulary_size,
            const KneserNeyOptions& options = {});

  int order() const { return static_cast<int>(levels_.size()); }
  int64_t vocabulary_size() const { return vocabulary_size_; }
  // The discounts in use at level 1..order (estimated, fallen back to, or given).
  const KneserNeyDiscounts& discounts(int level) const;

  // P(token | context) > 0. Throws Error when token, or one of the context ids it uses, is
  // outside [0, V) ("kneser-ney: token id 7 out of range (vocabulary of 5)").
  double probability(std::span<const int32_t> context, int32_t token) const;
  double log_probability(std::span<const int32_t> context, int32_t token) const;  // natural log
  // P(w | context) for every w in [0, V): V values > 0 whose sum is 1 (within 1e-9).
  std::vector<double> distribution(std::span<const int32_t> context) const;

  // exp(−(1/(N−1)) Σ_{t=1}^{N−1} log P(ids[t] | ids[0..t))), as a language model is evaluated on
  // a text: every token but the first predicted from the ids before it. Needs N ≥ 2 ids (Error
  // otherwise) in [0, V).
  double perplexity(std::span<const int32_t> ids) const;

  // {"format": "flujo-kneser-ney", "version": 1, "order": n, "vocabulary_size": V,
  //  "levels": [{"discounts": [D1, D2, D3+],
  //              "ngrams": [the level's k-grams' ids one after another, ascending],
  //              "counts": [c_k of each k-gram, ≥ 1]}, ... for k = 1..n]}
  nlohmann::json to_json() const;
  // Throws Error "<source>: <what is wrong>" on JSON that to_json could not have written.
  static KneserNey from_json(const nlohmann::json& json, const std::string& source = "kneser-ney");

 private:
  // A context's ids followed by zeros: the key of the contexts of one level.
  using ContextKey = std::array<int32_t, kMaxOrder - 1>;
  struct ContextKeyHash {
    size_t operator()(const ContextKey& key) const noexcept;
  };
  // One context h of a level: its k-grams hw are ngrams [begin, end) of the level.
  struct Context {
    uint32_t begin = 0;
    uint32_t end = 0;
    double total = 0;    // c_k(h)
    double backoff = 0;  // γ_k(h)
  };
  // Level k: the k-grams with a count, ascending (so that those of one context are adjacent and
  // ordered by their last id), and their contexts.
  struct Level {
    int length = 0;  // k
    KneserNeyDiscounts discounts;
    std::vector<int32_t> ngram_ids;  // counts.size() × k
    std::vector<int64_t> counts;
    std::unordered_map<ContextKey, Context, ContextKeyHash> contexts;
  };

  KneserNey(int64_t vocabulary_size, std::vector<Level> levels);
  // Throw Error "<source>: ngram order must be 1 to 6, got 9" and "<source>: discount D2 must be
  // in (0, 2], got 2.5".
  static void check_order(int64_t order, const std::string& source);
  static void check_discounts(const KneserNeyDiscounts& discounts, const std::string& source);
  // The level's k-grams grouped into contexts, γ from its discounts.
  static Level make_level(int length, const KneserNeyDiscounts& discounts,
                          std::vector<int32_t> ngram_ids, std::vector<int64_t> counts);
  // The context of `level` formed by the last k − 1 ids of `context`; nullptr when never seen.
  const Context* find_context(const Level& level, std::span<const int32_t> context) const;
  // The last order − 1 ids of `context` (all of them when fewer), each checked.
  std::span<const int32_t> used_context(std::span<const int32_t> context) const;
  void check_id(int32_t id) const;

  int64_t vocabulary_size_ = 0;
  std::vector<Level> levels_;  // levels_[k − 1] is level k
};

}  // namespace flujo::words
