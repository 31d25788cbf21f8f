#include "words/words_files.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/core/safetensors.hpp"

namespace flujo::words {
namespace {

constexpr const char* kConfigKey = "flujo.words.config";
constexpr const char* kVocabularyKey = "flujo.vocabulary";
constexpr const char* kFittedKey = "flujo.words.fitted";

}  // namespace

WordsRunFiles::WordsRunFiles(const std::string& directory, Open open)
    : files_(directory) {
  require(open == Open::resume || !std::filesystem::exists(files_.path("config.json")),
          directory + ": holds a words run already (config.json); choose another --out, or "
                      "continue it with --resume");
}

WordsConfig read_words_config(const std::string& run_dir) {
  const std::string path = run_dir + "/config.json";
  require(std::filesystem::exists(path), run_dir + ": no words run here (config.json is missing)");
  std::ifstream stream(path);
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(stream);
  } catch (const nlohmann::json::exception&) {
    throw Error(path + ": not JSON");
  }
  return words_config_from_json(json, path);
}

void WordsRunFiles::write_config(const WordsConfig& config, const Vocabulary& vocabulary) const {
  files_.write_text("config.json", to_json(config).dump(2) + "\n");
  files_.write_text("vocabulary.json", vocabulary.to_json().dump() + "\n");
}

void WordsRunFiles::write_model(const WordsConfig& config, const Vocabulary& vocabulary,
                                LanguageModel& model) const {
  std::map<std::string, std::string> metadata = {{kConfigKey, to_json(config).dump()},
                                                 {kVocabularyKey, vocabulary.to_json().dump()}};
  const nlohmann::json fitted = model.fitted_state();
  if (!fitted.is_null()) metadata[kFittedKey] = fitted.dump();
  const ParameterStore no_parameters;
  const ParameterStore* store = model.parameters();
  write_safetensors(files_.path("model.safetensors"), store ? *store : no_parameters, metadata);
}

void WordsRunFiles::write_metrics(const WordsSummary& s) const {
  const nlohmann::json json = {{"iterations", s.iterations},
                               {"parameters", s.parameters},
                               {"vocabulary", s.vocabulary},
                               {"train_tokens", s.train_tokens},
                               {"validation_tokens", s.validation_tokens},
                               {"train_loss", s.train_loss},
                               {"validation_loss", s.validation_loss},
                               {"train_seconds", s.seconds},
                               {"tokens_per_second", s.tokens_per_second}};
  files_.write_text("metrics.json", json.dump(2) + "\n");
}

WordsRun load_words_run(const std::string& run_dir) {
  const std::string path = run_dir + "/model.safetensors";
  require(std::filesystem::exists(path),
          run_dir + ": no trained words run here (model.safetensors is missing)");
  const SafetensorsFile file = read_safetensors(path);
  const auto config_text = file.metadata.find(kConfigKey);
  const auto vocabulary_text = file.metadata.find(kVocabularyKey);
  require(config_text != file.metadata.end() && vocabulary_text != file.metadata.end(),
          path + ": not a words model (no " + kConfigKey + " and " + kVocabularyKey +
              " in its metadata)");
  const auto parse = [&](const std::string& text, const char* key) {
    try {
      return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
      throw Error(path + ": " + key + " is not JSON");
    }
  };
  WordsConfig config =
      words_config_from_json(parse(config_text->second, kConfigKey), path + ": " + kConfigKey);
  Vocabulary vocabulary = Vocabulary::from_json(parse(vocabulary_text->second, kVocabularyKey),
                                                path + ": " + kVocabularyKey);
  std::unique_ptr<LanguageModel> model =
      find_language_model(config.model).make(config, vocabulary.size());
  if (ParameterStore* store = model->parameters()) load_parameters(*store, file, path);
  const auto fitted = file.metadata.find(kFittedKey);
  if (fitted != file.metadata.end())
    model->load_fitted_state(parse(fitted->second, kFittedKey), path + ": " + kFittedKey);
  return {std::move(config), std::move(vocabulary), std::move(model)};
}

}  // namespace flujo::words
