#pragma once
// The words run directory's files (listed in include/flujo/words/run.hpp), written atomically
// through run::RunFiles, and reading a trained run back.
#include <memory>
#include <string>

#include "flujo/words.hpp"
#include "flujo/words/language_model.hpp"
#include "flujo/words/run.hpp"
#include "run/run_files.hpp"

namespace flujo::words {

class WordsRunFiles {
 public:
  // create: makes the directory, and refuses one that holds a run already (its config.json),
  // naming it. resume: a run's directory, whose config.json the caller has read.
  enum class Open { create, resume };
  WordsRunFiles(const std::string& directory, Open open);
  const run::RunFiles& files() const { return files_; }

  void write_config(const WordsConfig& config, const Vocabulary& vocabulary) const;
  // model.safetensors: the parameters, with the config, the vocabulary and a fitted model's
  // state (LanguageModel::fitted_state) in its metadata.
  void write_model(const WordsConfig& config, const Vocabulary& vocabulary,
                   LanguageModel& model) const;
  void write_metrics(const WordsSummary& summary) const;

 private:
  run::RunFiles files_;
};

struct WordsRun {
  WordsConfig config;
  Vocabulary vocabulary;
  std::unique_ptr<LanguageModel> model;
};
// Reads RUN/model.safetensors: the config and the vocabulary from its metadata, the model from
// the registry, its parameters by name. Throws Error naming the file for a missing or foreign one.
WordsRun load_words_run(const std::string& run_dir);

}  // namespace flujo::words
