// The vocabulary: token ↔ id, built from counts, and its JSON form (contract in
// include/flujo/words.hpp).
#include "flujo/words.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"

namespace flujo::words {
namespace {

constexpr const char* kFormat = "flujo-vocabulary";
constexpr int kVersion = 1;
constexpr size_t kMaxTokens = std::numeric_limits<int32_t>::max();

using JsonTypeCheck = bool (nlohmann::json::*)() const noexcept;

// json[key] after checking that it exists and that `is` accepts its type (named by `type`).
const nlohmann::json& field(const nlohmann::json& json, const char* key, JsonTypeCheck is,
                            const char* type, const std::string& source) {
  require(json.contains(key), fmt::format("{}: missing \"{}\"", source, key));
  const nlohmann::json& value = json.at(key);
  require((value.*is)(),
          fmt::format("{}: \"{}\" must be {} (got {})", source, key, type, value.type_name()));
  return value;
}

}  // namespace

Vocabulary::Vocabulary(TokenizerOptions tokenizer, std::vector<std::string> tokens,
                       std::vector<int64_t> counts)
    : tokenizer_(tokenizer), tokens_(std::move(tokens)), counts_(std::move(counts)) {
  ids_.reserve(tokens_.size());
  for (size_t id = 0; id < tokens_.size(); ++id)
    ids_.emplace(tokens_[id], static_cast<int32_t>(id));
}

Vocabulary Vocabulary::build(std::span<const std::string> tokens, const TokenizerOptions& tokenizer,
                             int64_t min_count) {
  require(min_count >= 1,
          fmt::format("vocabulary: the minimum count must be at least 1 (got {})", min_count));
  std::unordered_map<std::string, int64_t> counts;
  for (const std::string& token : tokens) ++counts[token];
  int64_t unknown = 0;
  std::vector<std::pair<std::string, int64_t>> kept;
  for (auto& [token, count] : counts) {
    if (count >= min_count && token != kUnknownToken)
      kept.emplace_back(token, count);
    else
      unknown += count;
  }
  // std::string compares bytes as unsigned char (char_traits<char>), the same on every platform;
  // the hash map's order never reaches the ids.
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::vector<std::string> by_id{kUnknownToken};
  std::vector<int64_t> counts_by_id{unknown};
  for (auto& [token, count] : kept) {
    by_id.push_back(std::move(token));
    counts_by_id.push_back(count);
  }
  require(by_id.size() <= kMaxTokens,
          fmt::format("vocabulary: {} tokens do not fit 32-bit ids", by_id.size()));
  return Vocabulary(tokenizer, std::move(by_id), std::move(counts_by_id));
}

void Vocabulary::check_id(int32_t id) const {
  require(id >= 0 && id < size(),
          fmt::format("vocabulary: token id {} out of range (vocabulary of {})", id, size()));
}

int32_t Vocabulary::id(const std::string& token) const {
  const auto found = ids_.find(token);
  return found == ids_.end() ? kUnknownId : found->second;
}

const std::string& Vocabulary::token(int32_t id) const {
  check_id(id);
  return tokens_[static_cast<size_t>(id)];
}

int64_t Vocabulary::count(int32_t id) const {
  check_id(id);
  return counts_[static_cast<size_t>(id)];
}

std::vector<int32_t> Vocabulary::encode(std::span<const std::string> tokens) const {
  std::vector<int32_t> ids;
  ids.reserve(tokens.size());
  for (const std::string& token : tokens) ids.push_back(id(token));
  return ids;
}

std::string Vocabulary::decode(std::span<const int32_t> ids) const {
  const bool spaced = tokenizer_.kind == TokenizerKind::word;
  std::string text;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (spaced && i > 0) text += ' ';
    text += token(ids[i]);
  }
  return text;
}

nlohmann::json Vocabulary::to_json() const {
  return {{"format", kFormat},
          {"version", kVersion},
          {"tokenizer",
           {{"kind", tokenizer_kind_name(tokenizer_.kind)}, {"lower_case", tokenizer_.lower_case}}},
          {"tokens", tokens_},
          {"counts", counts_}};
}

Vocabulary Vocabulary::from_json(const nlohmann::json& json, const std::string& source) {
  using J = nlohmann::json;
  require(json.is_object(),
          fmt::format("{}: expected a JSON object (got {})", source, json.type_name()));
  const auto format = field(json, "format", &J::is_string, "a string", source).get<std::string>();
  require(format == kFormat,
          fmt::format("{}: \"format\" is \"{}\", not \"{}\"", source, format, kFormat));
  const J& version = field(json, "version", &J::is_number_integer, "an integer", source);
  require(version == kVersion,
          fmt::format("{}: version {} is not supported (this flujo reads version {})", source,
                      version.dump(), kVersion));

  const J& tokenizer_json = field(json, "tokenizer", &J::is_object, "an object", source);
  const std::string tokenizer_source = source + ": tokenizer";
  TokenizerOptions tokenizer;
  tokenizer.kind = tokenizer_kind_from_name(
      field(tokenizer_json, "kind", &J::is_string, "a string", tokenizer_source).get<std::string>(),
      tokenizer_source);
  tokenizer.lower_case =
      field(tokenizer_json, "lower_case", &J::is_boolean, "true or false", tokenizer_source)
          .get<bool>();

  const J& tokens_json = field(json, "tokens", &J::is_array, "an array", source);
  const J& counts_json = field(json, "counts", &J::is_array, "an array", source);
  require(
      counts_json.size() == tokens_json.size(),
      fmt::format("{}: {} counts for {} tokens", source, counts_json.size(), tokens_json.size()));
  std::vector<std::string> tokens;
  std::vector<int64_t> counts;
  std::map<std::string, size_t> first_id;
  for (size_t id = 0; id < tokens_json.size(); ++id) {
    const J& token = tokens_json[id];
    const J& count = counts_json[id];
    require(
        token.is_string() && !token.get_ref<const std::string&>().empty(),
        fmt::format("{}: token {} must be a non-empty string (got {})", source, id, token.dump()));
    require(count.is_number_integer() && count.get<int64_t>() >= 0,
            fmt::format("{}: count {} must be an integer ≥ 0 (got {})", source, id, count.dump()));
    const auto [previous, fresh] = first_id.emplace(token.get<std::string>(), id);
    require(fresh, fmt::format("{}: token {} repeats token {} ({})", source, id, previous->second,
                               token.dump()));
    tokens.push_back(token.get<std::string>());
    counts.push_back(count.get<int64_t>());
  }
  require(!tokens.empty() && tokens[0] == kUnknownToken,
          fmt::format("{}: token 0 must be \"{}\"", source, kUnknownToken));
  require(tokens.size() <= kMaxTokens,
          fmt::format("{}: {} tokens do not fit 32-bit ids", source, tokens.size()));
  return Vocabulary(tokenizer, std::move(tokens), std::move(counts));
}

}  // namespace flujo::words
