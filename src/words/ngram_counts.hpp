#pragma once
// The n-gram counts of a sequence of token ids that the Kneser–Ney model is built from (contract
// of the model in include/flujo/words/kneser_ney.hpp). Internal to the words module.
#include <cstdint>
#include <span>
#include <vector>

namespace flujo::words {

// The n-grams of one length that have a count, in ascending lexicographic order of their ids.
struct NgramCounts {
  std::vector<int32_t> ngram_ids;  // counts.size() × length: the n-grams one after another
  std::vector<int64_t> counts;     // each ≥ 1
};

// Levels 1..order (index k − 1 for level k): at k = order the raw count of every k-gram of `ids`;
// below, continuation counts, the number of distinct ids that precede the k-gram in `ids` (an
// occurrence at position 0 has none; a k-gram seen only there is left out). Needs
// 1 ≤ order and ids.size() < 2^32.
std::vector<NgramCounts> count_ngrams(std::span<const int32_t> ids, int order);

}  // namespace flujo::words
