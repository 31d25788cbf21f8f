// The Kneser–Ney model's JSON form (contract in include/flujo/words/kneser_ney.hpp): each level's
// discounts and counts; loading checks them and rebuilds the contexts as training does.
#include "flujo/words/kneser_ney.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"

namespace flujo::words {
namespace {

constexpr const char* kFormat = "flujo-kneser-ney";
constexpr int kVersion = 1;

using Json = nlohmann::json;
using JsonTypeCheck = bool (Json::*)() const noexcept;

// json[key] after checking that it exists and that `is` accepts its type (named by `type`).
const Json& field(const Json& json, const char* key, JsonTypeCheck is, const char* type,
                  const std::string& source) {
  require(json.contains(key), fmt::format("{}: missing \"{}\"", source, key));
  const Json& value = json.at(key);
  require((value.*is)(),
          fmt::format("{}: \"{}\" must be {} (got {})", source, key, type, value.type_name()));
  return value;
}

KneserNeyDiscounts read_discounts(const Json& level, const std::string& source) {
  const Json& values = field(level, "discounts", &Json::is_array, "an array", source);
  const bool numbers =
      values.size() == 3 && values[0].is_number() && values[1].is_number() && values[2].is_number();
  require(numbers,
          fmt::format("{}: \"discounts\" must be 3 numbers (got {})", source, values.dump()));
  return {.one = values[0].get<double>(),
          .two = values[1].get<double>(),
          .three_plus = values[2].get<double>()};
}

}  // namespace

nlohmann::json KneserNey::to_json() const {
  Json levels = Json::array();
  for (const Level& level : levels_) {
    const KneserNeyDiscounts& d = level.discounts;
    levels.push_back({{"discounts", Json::array({d.one, d.two, d.three_plus})},
                      {"ngrams", level.ngram_ids},
                      {"counts", level.counts}});
  }
  return {{"format", kFormat},
          {"version", kVersion},
          {"order", order()},
          {"vocabulary_size", vocabulary_size_},
          {"levels", std::move(levels)}};
}

KneserNey KneserNey::from_json(const nlohmann::json& json, const std::string& source) {
  require(json.is_object(),
          fmt::format("{}: expected a JSON object (got {})", source, json.type_name()));
  const auto format =
      field(json, "format", &Json::is_string, "a string", source).get<std::string>();
  require(format == kFormat,
          fmt::format("{}: \"format\" is \"{}\", not \"{}\"", source, format, kFormat));
  const Json& version = field(json, "version", &Json::is_number_integer, "an integer", source);
  require(version == kVersion,
          fmt::format("{}: version {} is not supported (this flujo reads version {})", source,
                      version.dump(), kVersion));
  const auto order =
      field(json, "order", &Json::is_number_integer, "an integer", source).get<int64_t>();
  check_order(order, source);
  const auto vocabulary_size =
      field(json, "vocabulary_size", &Json::is_number_integer, "an integer", source).get<int64_t>();
  require(
      vocabulary_size >= 1 && vocabulary_size <= INT32_MAX + int64_t{1},
      fmt::format("{}: \"vocabulary_size\" must be 1 to 2^31, got {}", source, vocabulary_size));
  const Json& levels_json = field(json, "levels", &Json::is_array, "an array", source);
  require(static_cast<int64_t>(levels_json.size()) == order,
          fmt::format("{}: {} levels for order {}", source, levels_json.size(), order));

  std::vector<Level> levels;
  for (size_t k = 1; k <= levels_json.size(); ++k) {
    const Json& level = levels_json[k - 1];
    const std::string level_source = fmt::format("{}: level {}", source, k);
    require(level.is_object(),
            fmt::format("{}: expected a JSON object (got {})", level_source, level.type_name()));
    const KneserNeyDiscounts discounts = read_discounts(level, level_source);
    check_discounts(discounts, level_source);
    const Json& ngrams = field(level, "ngrams", &Json::is_array, "an array", level_source);
    const Json& counts = field(level, "counts", &Json::is_array, "an array", level_source);
    require(ngrams.size() == k * counts.size(),
            fmt::format("{}: {} ids in \"ngrams\" for {} counts of {}-grams", level_source,
                        ngrams.size(), counts.size(), k));
    std::vector<int32_t> ngram_ids;
    ngram_ids.reserve(ngrams.size());
    for (size_t at = 0; at < ngrams.size(); ++at) {
      const Json& id = ngrams[at];
      require(
          id.is_number_integer() && id.get<int64_t>() >= 0 && id.get<int64_t>() < vocabulary_size,
          fmt::format("{}: id {} of ngram {} is not a token id below {} (got {})", level_source,
                      at % k, at / k, vocabulary_size, id.dump()));
      ngram_ids.push_back(static_cast<int32_t>(id.get<int64_t>()));
    }
    std::vector<int64_t> count_values;
    count_values.reserve(counts.size());
    for (size_t at = 0; at < counts.size(); ++at) {
      const Json& count = counts[at];
      require(count.is_number_integer() && count.get<int64_t>() >= 1,
              fmt::format("{}: count {} must be an integer ≥ 1 (got {})", level_source, at,
                          count.dump()));
      count_values.push_back(count.get<int64_t>());
    }
    // Ascending and distinct, as counting leaves them: contexts are runs, followers sorted.
    for (size_t at = 1; at < counts.size(); ++at) {
      const auto previous = ngram_ids.begin() + static_cast<ptrdiff_t>((at - 1) * k);
      const auto current = previous + static_cast<ptrdiff_t>(k);
      require(std::lexicographical_compare(previous, current, current,
                                           current + static_cast<ptrdiff_t>(k)),
              fmt::format("{}: ngram {} does not come after ngram {} (ngrams ascend)", level_source,
                          at, at - 1));
    }
    levels.push_back(
        make_level(static_cast<int>(k), discounts, std::move(ngram_ids), std::move(count_values)));
  }
  return KneserNey(vocabulary_size, std::move(levels));
}

}  // namespace flujo::words
