// The interpolated modified Kneser–Ney model: discounts, levels of contexts and the
// probabilities (contract in include/flujo/words/kneser_ney.hpp; its JSON form in
// kneser_ney_json.cpp, the counting in ngram_counts.cpp).
#include "flujo/words/kneser_ney.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "words/ngram_counts.hpp"

namespace flujo::words {
namespace {

// Whether 0 < discount ≤ j, so that a count of j keeps a share ≥ 0 (NaN is outside).
bool within_limit(double discount, size_t j) {
  return discount > 0 && discount <= static_cast<double>(j);
}

// Chen & Goodman's estimates from the count-of-counts n1..n4 of one level, or the fallback when
// a formula divides by zero or gives a discount outside (0, j].
KneserNeyDiscounts estimate_discounts(const std::vector<int64_t>& counts) {
  std::array<double, 5> n{};  // n[j]: k-grams counted j times, j = 1..4
  for (const int64_t count : counts)
    if (count <= 4) n[static_cast<size_t>(count)] += 1;
  const KneserNeyDiscounts fallback;
  if (n[1] == 0 || n[2] == 0 || n[3] == 0) return fallback;
  const double y = n[1] / (n[1] + 2 * n[2]);
  const KneserNeyDiscounts estimate{.one = 1 - 2 * y * n[2] / n[1],
                                    .two = 2 - 3 * y * n[3] / n[2],
                                    .three_plus = 3 - 4 * y * n[4] / n[3]};
  const bool valid = within_limit(estimate.one, 1) && within_limit(estimate.two, 2) &&
                     within_limit(estimate.three_plus, 3);
  return valid ? estimate : fallback;
}

double discounted(int64_t count, const KneserNeyDiscounts& discounts) {
  const double discount = count == 1   ? discounts.one
                          : count == 2 ? discounts.two
                                       : discounts.three_plus;
  return std::max(static_cast<double>(count) - discount, 0.0);
}

}  // namespace

void KneserNey::check_order(int64_t order, const std::string& source) {
  require(order >= 1 && order <= kMaxOrder,
          fmt::format("{}: ngram order must be 1 to {}, got {}", source, kMaxOrder, order));
}

void KneserNey::check_discounts(const KneserNeyDiscounts& discounts, const std::string& source) {
  const std::array<double, 3> values = {discounts.one, discounts.two, discounts.three_plus};
  const std::array<const char*, 3> names = {"D1", "D2", "D3+"};
  for (size_t j = 0; j < values.size(); ++j)
    require(within_limit(values[j], j + 1),
            fmt::format("{}: discount {} must be in (0, {}], got {}", source, names[j], j + 1,
                        values[j]));
}

size_t KneserNey::ContextKeyHash::operator()(const ContextKey& key) const noexcept {
  // splitmix64's finaliser over the ids, one after another: cheap and well mixed.
  uint64_t hash = 0x9E3779B97F4A7C15ull;
  for (const int32_t id : key) {
    hash ^= static_cast<uint32_t>(id);
    hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9ull;
    hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBull;
    hash ^= hash >> 31;
  }
  return static_cast<size_t>(hash);
}

KneserNey::KneserNey(std::span<const int32_t> ids, int64_t vocabulary_size,
                     const KneserNeyOptions& options) {
  check_order(options.order, "kneser-ney");
  require(vocabulary_size >= 1 && vocabulary_size <= INT32_MAX + int64_t{1},
          fmt::format("kneser-ney: vocabulary size must be 1 to 2^31, got {}", vocabulary_size));
  require(!ids.empty(), "kneser-ney: the training ids are empty");
  require(ids.size() <= UINT32_MAX,
          fmt::format("kneser-ney: {} training ids, more than 2^32 - 1", ids.size()));
  for (size_t at = 0; at < ids.size(); ++at)
    require(ids[at] >= 0 && ids[at] < vocabulary_size,
            fmt::format("kneser-ney: token id {} at position {} out of range (vocabulary of {})",
                        ids[at], at, vocabulary_size));
  if (options.discounts) check_discounts(*options.discounts, "kneser-ney");

  vocabulary_size_ = vocabulary_size;
  std::vector<NgramCounts> counts = count_ngrams(ids, options.order);
  for (size_t level = 0; level < counts.size(); ++level) {
    const KneserNeyDiscounts discounts =
        options.discounts ? *options.discounts : estimate_discounts(counts[level].counts);
    levels_.push_back(make_level(static_cast<int>(level + 1), discounts,
                                 std::move(counts[level].ngram_ids),
                                 std::move(counts[level].counts)));
  }
}

KneserNey::KneserNey(int64_t vocabulary_size, std::vector<Level> levels)
    : vocabulary_size_(vocabulary_size), levels_(std::move(levels)) {}

KneserNey::Level KneserNey::make_level(int length, const KneserNeyDiscounts& discounts,
                                       std::vector<int32_t> ngram_ids,
                                       std::vector<int64_t> counts) {
  Level level{.length = length,
              .discounts = discounts,
              .ngram_ids = std::move(ngram_ids),
              .counts = std::move(counts),
              .contexts = {}};
  const size_t k = static_cast<size_t>(length);
  const auto context_of = [&](size_t ngram) {
    ContextKey key{};
    std::copy_n(level.ngram_ids.begin() + static_cast<ptrdiff_t>(ngram * k), k - 1, key.begin());
    return key;
  };
  level.contexts.reserve(level.counts.size());
  for (size_t begin = 0; begin < level.counts.size();) {
    const ContextKey key = context_of(begin);
    Context context{.begin = static_cast<uint32_t>(begin)};
    std::array<double, 3> with_count{};  // N1(h), N2(h), N3+(h)
    size_t end = begin;
    for (; end < level.counts.size() && context_of(end) == key; ++end) {
      context.total += static_cast<double>(level.counts[end]);
      with_count[static_cast<size_t>(std::min<int64_t>(level.counts[end], 3) - 1)] += 1;
    }
    context.end = static_cast<uint32_t>(end);
    context.backoff = (discounts.one * with_count[0] + discounts.two * with_count[1] +
                       discounts.three_plus * with_count[2]) /
                      context.total;
    level.contexts.emplace(key, context);
    begin = end;
  }
  return level;
}

const KneserNeyDiscounts& KneserNey::discounts(int level) const {
  require(level >= 1 && level <= order(),
          fmt::format("kneser-ney: level {} out of range (order {})", level, order()));
  return levels_[static_cast<size_t>(level - 1)].discounts;
}

void KneserNey::check_id(int32_t id) const {
  require(
      id >= 0 && id < vocabulary_size_,
      fmt::format("kneser-ney: token id {} out of range (vocabulary of {})", id, vocabulary_size_));
}

std::span<const int32_t> KneserNey::used_context(std::span<const int32_t> context) const {
  const size_t longest = static_cast<size_t>(order() - 1);
  if (context.size() > longest) context = context.last(longest);
  for (const int32_t id : context) check_id(id);
  return context;
}

const KneserNey::Context* KneserNey::find_context(const Level& level,
                                                  std::span<const int32_t> context) const {
  ContextKey key{};
  const std::span<const int32_t> ids = context.last(static_cast<size_t>(level.length - 1));
  std::copy(ids.begin(), ids.end(), key.begin());
  const auto found = level.contexts.find(key);
  return found == level.contexts.end() ? nullptr : &found->second;
}

double KneserNey::probability(std::span<const int32_t> context, int32_t token) const {
  check_id(token);
  context = used_context(context);
  double probability = 1.0 / static_cast<double>(vocabulary_size_);
  for (size_t k = 1; k <= context.size() + 1; ++k) {
    const Level& level = levels_[k - 1];
    const Context* found = find_context(level, context);
    if (found == nullptr) continue;
    // The context's k-grams are ordered by their last id: binary search for hw.
    const int32_t* ids = level.ngram_ids.data();
    const auto last_id = [&](uint32_t ngram) { return ids[(ngram + 1) * k - 1]; };
    uint32_t low = found->begin;
    uint32_t high = found->end;
    while (low < high) {
      const uint32_t middle = low + (high - low) / 2;
      if (last_id(middle) < token)
        low = middle + 1;
      else
        high = middle;
    }
    const bool seen = low < found->end && last_id(low) == token;
    const double direct = seen ? discounted(level.counts[low], level.discounts) / found->total : 0;
    probability = direct + found->backoff * probability;
  }
  return probability;
}

double KneserNey::log_probability(std::span<const int32_t> context, int32_t token) const {
  return std::log(probability(context, token));
}

std::vector<double> KneserNey::distribution(std::span<const int32_t> context) const {
  context = used_context(context);
  std::vector<double> probabilities(static_cast<size_t>(vocabulary_size_),
                                    1.0 / static_cast<double>(vocabulary_size_));
  for (size_t k = 1; k <= context.size() + 1; ++k) {
    const Level& level = levels_[k - 1];
    const Context* found = find_context(level, context);
    if (found == nullptr) continue;
    for (double& p : probabilities) p *= found->backoff;
    for (uint32_t ngram = found->begin; ngram < found->end; ++ngram) {
      const size_t token = static_cast<size_t>(level.ngram_ids[(ngram + 1) * k - 1]);
      probabilities[token] += discounted(level.counts[ngram], level.discounts) / found->total;
    }
  }
  return probabilities;
}

double KneserNey::perplexity(std::span<const int32_t> ids) const {
  require(ids.size() >= 2,
          fmt::format("kneser-ney: perplexity needs at least 2 ids, got {}", ids.size()));
  const size_t longest = static_cast<size_t>(order() - 1);
  double negative_log_likelihood = 0;
  for (size_t t = 1; t < ids.size(); ++t) {
    const size_t start = t > longest ? t - longest : 0;
    negative_log_likelihood -= log_probability(ids.subspan(start, t - start), ids[t]);
  }
  return std::exp(negative_log_likelihood / static_cast<double>(ids.size() - 1));
}

}  // namespace flujo::words
