// Raw and continuation counts of n-grams (contract in src/words/ngram_counts.hpp). Every n-gram
// is named by a position where it occurs, so counting sorts positions, not copies of n-grams:
// 4 bytes per n-gram, whatever its length.
#include "words/ngram_counts.hpp"

#include <algorithm>
#include <cassert>

namespace flujo::words {
namespace {

// Positions of n-grams of `length` ids, sorted by the n-gram that starts there, so that equal
// n-grams are adjacent and in ascending order.
void sort_by_ngram(std::vector<uint32_t>& positions, std::span<const int32_t> ids, size_t length) {
  const int32_t* data = ids.data();
  std::sort(positions.begin(), positions.end(), [data, length](uint32_t a, uint32_t b) {
    return std::lexicographical_compare(data + a, data + a + length, data + b, data + b + length);
  });
}

}  // namespace

std::vector<NgramCounts> count_ngrams(std::span<const int32_t> ids, int order) {
  assert(order >= 1 && ids.size() <= UINT32_MAX);
  std::vector<NgramCounts> levels(static_cast<size_t>(order));
  // One position for each distinct n-gram of the level above (one id longer).
  std::vector<uint32_t> distinct_above;
  std::vector<uint32_t> positions;
  for (size_t length = static_cast<size_t>(order); length >= 1; --length) {
    const bool top = length == static_cast<size_t>(order);
    positions.clear();
    if (top) {
      for (size_t at = 0; at + length <= ids.size(); ++at)
        positions.push_back(static_cast<uint32_t>(at));
    } else {
      // The distinct (k+1)-grams x·g at p give g at p + 1 once per distinct left neighbour x.
      for (const uint32_t at : distinct_above) positions.push_back(at + 1);
      // The k-gram at 0 has no left neighbour, so it counts nothing; it joins only to stay among
      // the distinct k-grams that the level below takes its suffixes from.
      if (ids.size() >= length) positions.push_back(0);
    }
    sort_by_ngram(positions, ids, length);

    NgramCounts& level = levels[length - 1];
    distinct_above.clear();
    for (size_t begin = 0; begin < positions.size();) {
      const int32_t* ngram = ids.data() + positions[begin];
      size_t end = begin + 1;
      while (end < positions.size() &&
             std::equal(ngram, ngram + length, ids.data() + positions[end]))
        ++end;
      const std::span<const uint32_t> run(positions.data() + begin, end - begin);
      // Below the top, position 0 is the start of the text, never a suffix: it counts nothing.
      const int64_t count =
          top ? static_cast<int64_t>(run.size())
              : std::count_if(run.begin(), run.end(), [](uint32_t at) { return at != 0; });
      if (count > 0) {
        level.ngram_ids.insert(level.ngram_ids.end(), ngram, ngram + length);
        level.counts.push_back(count);
      }
      distinct_above.push_back(positions[begin]);
      begin = end;
    }
  }
  return levels;
}

}  // namespace flujo::words
