#pragma once
// The words run layer: `flujo words train` and `flujo words generate` on any LanguageModel.
//
//   flujo::words::WordsConfig config;                 // the built-in kitchen diary, a transformer
//   auto summary = flujo::words::train_words(config, "runs/diary", true);
//   flujo::words::generate_words({.run_dir = "runs/diary", .prompt = "el lunes", .tokens = 20},
//                                [](const std::string& text) { std::printf("%s", text.c_str()); });
//
// A run directory holds config.json (this config), vocabulary.json, checkpoint.safetensors (while
// training: what resuming needs), model.safetensors (the
// parameters; the config and the vocabulary again in its metadata, so that the file stands
// alone), history.csv (iteration, loss, validation loss, learning rate, seconds, tokens/s) and
// metrics.json; `flujo words attention` adds report.html. Files are written atomically; a run
// directory has one writer at a time.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "flujo/words.hpp"
#include "flujo/words/language_model.hpp"

namespace flujo::words {

// Every option of `flujo words train`, with its default. The transformer's defaults are nanoGPT's
// documented CPU configuration (4 layers, 4 heads, E 128, context 64, batch 12, 2000 iterations,
// AdamW lr 1e-3 with 100 warm-up steps and cosine decay to 1e-4, weight decay 0.1, β2 0.99,
// clip 1.0, dropout 0, validation on the last 10%).
struct WordsConfig {
  std::string corpus;             // a UTF-8 text file; empty: the built-in kitchen diary
  std::string diary_lang = "es";  // the diary's language, en or es
  int64_t diary_days = 3000;
  std::string model = "transformer";
  TokenizerKind tokens = TokenizerKind::word;
  bool lower_case = true;
  int64_t min_count = 1;  // rarer tokens become <unk>
  int64_t context = 64;   // T
  int64_t batch = 12;
  int64_t iterations = 2000;
  int64_t warmup = 100;   // linear warm-up steps, then cosine to min_lr at the last iteration
  double lr = 1e-3, min_lr = 1e-4;
  double weight_decay = 0.1, beta1 = 0.9, beta2 = 0.99, clip = 1.0;
  double dropout = 0.0;
  int64_t layers = 4, heads = 4, width = 128;  // width: the embedding E of every neural model
  int64_t hidden = 128;  // the all-to-all network's tanh layer, the penultimate one
  int64_t order = 3;     // n of the n-gram and of the all-to-all network (n − 1 words in)
  bool tie_weights = true;
  double validation = 0.1;      // the last fraction of the ids, for validation
  int64_t eval_interval = 250;  // iterations between validation losses (and history rows)
  int64_t eval_windows = 100;   // validation windows per evaluation, the first ones in order
  uint64_t seed = 1337;
  int threads = 0;              // 0: the cores
};

// Throws Error naming the option ("--context must be at least 1, got 0").
void validate(const WordsConfig& config);
nlohmann::json to_json(const WordsConfig& config);
// Throws Error "<source>: <what is wrong>" for JSON that to_json could not have written.
WordsConfig words_config_from_json(const nlohmann::json& json, const std::string& source);
// Reads RUN/config.json; throws Error naming the directory when it holds no words run.
WordsConfig read_words_config(const std::string& run_dir);

struct WordsSummary {
  int64_t parameters = 0, iterations = 0, vocabulary = 0;
  int64_t train_tokens = 0, validation_tokens = 0;
  double train_loss = 0.0, validation_loss = 0.0;  // mean cross-entropy per token (nats)
  double seconds = 0.0, tokens_per_second = 0.0;
  std::string run_dir;
};

// Trains a model as the config says into run_dir (created; refused when it holds a run already).
// A trained model's RUN/checkpoint.safetensors is saved at every evaluation; SIGINT (Ctrl-C) or
// SIGTERM finishes the step in progress, saves it and throws run::Interrupted
// (flujo/run/train.hpp). A non-finite loss throws Error naming the iteration.
WordsSummary train_words(const WordsConfig& config, const std::string& run_dir, bool progress);
// Continues the run in run_dir from RUN/config.json and its checkpoint (from the start when none
// was saved yet): the weights are bitwise those of a run never stopped. Throws Error when the
// checkpoint does not fit config.json, or for a model fitted by counting.
WordsSummary resume_words(const std::string& run_dir, bool progress);

struct GenerateOptions {
  std::string run_dir;
  std::string prompt;  // tokenized as in training; unknown tokens are warned about, by name
  int64_t tokens = 50;
  double temperature = 1.0;  // > 0
  int64_t top_k = 0;         // 0: every token; else the k likeliest
  uint64_t seed = 1;
};
// Samples `tokens` tokens after the prompt, one at a time, calling on_text with each as it is
// chosen, as text that continues the prompt: a word with a space before it, a character alone.
// Warns on stderr about the prompt's unknown tokens. Throws Error for bad options.
void generate_words(const GenerateOptions& options,
                    const std::function<void(const std::string& text)>& on_text);

struct Neighbor {
  std::string token;
  double cosine = 0.0;
};
// The k tokens whose embeddings (LanguageModel::embeddings, of `layer`: "penultimate" or
// "input") are nearest to `word`'s by cosine similarity, nearest first, the word itself and
// <unk> left out. Throws Error naming the word when it is not in the vocabulary.
std::vector<Neighbor> nearest_words(const std::string& run_dir, const std::string& word,
                                    int64_t k, const std::string& layer);

// The attention of a trained run's model reading `text` (tokenized as in training, at most its
// context): the tokens, then per layer the weights (heads, T, T). Throws Error for a text of no
// token, one longer than the context, or a model without attention.
struct TextAttention {
  std::vector<std::string> tokens;
  std::vector<LanguageModel::LayerAttention> layers;
};
TextAttention text_attention(const std::string& run_dir, const std::string& text);

// report.html for a text's attention (written atomically to `path`): per layer, a heatmap of
// each head's weights; per layer, the lecture's picture, each word before and after attention in
// the two principal axes of those places with an arrow from one to the other; and the
// vocabulary's penultimate-layer embedding in its two principal axes, the text's words marked.
void write_attention_report(const std::string& run_dir, const TextAttention& attention,
                            const std::string& path);

}  // namespace flujo::words
