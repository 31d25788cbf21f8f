// flujo words: language models on words or characters. `words train` trains one (a corpus file,
// or the built-in kitchen diary), `words generate` continues a prompt token by token.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "commands.hpp"
#include "flujo/core/error.hpp"
#include "flujo/menu/text.hpp"
#include "flujo/run/train.hpp"
#include "flujo/words/language_model.hpp"
#include "flujo/words/run.hpp"

namespace flujo::cli {
namespace {

void register_words_train(CLI::App& words) {
  CLI::App* train = words.add_subcommand("train", "Train a language model on a corpus");
  auto config = std::make_shared<words::WordsConfig>();
  auto out = std::make_shared<std::string>();
  auto tokens = std::make_shared<std::string>("word");
  auto keep_case = std::make_shared<bool>(false);
  auto quiet = std::make_shared<bool>(false);
  words::WordsConfig& c = *config;
  std::string models;
  for (const std::string& name : words::language_model_names())
    models += (models.empty() ? "" : " | ") + name;
  auto resume = std::make_shared<std::string>();
  train->add_option("--out", *out, "run directory to create");
  train->add_option("--resume", *resume,
                    "continue the run in this directory from its last checkpoint, exactly");
  train->add_option("--corpus", c.corpus, "UTF-8 text file; default: the built-in kitchen diary")
      ->check(CLI::ExistingFile);
  train->add_option("--diary-lang", c.diary_lang, "the built-in diary's language: en | es")
      ->capture_default_str();
  train->add_option("--diary-days", c.diary_days, "days (lines) of the built-in diary")
      ->capture_default_str();
  train->add_option("--model", c.model, models)->capture_default_str();
  train->add_option("--tokens", *tokens, "word | char")->capture_default_str();
  train->add_flag("--keep-case", *keep_case, "do not lower-case the text");
  train->add_option("--min-count", c.min_count, "rarer tokens become <unk>")->capture_default_str();
  train->add_option("--context", c.context, "positions a model reads")->capture_default_str();
  train->add_option("--batch", c.batch, "windows per step")->capture_default_str();
  train->add_option("--iterations", c.iterations, "optimizer steps")->capture_default_str();
  train->add_option("--warmup", c.warmup, "linear warm-up steps")->capture_default_str();
  train->add_option("--lr", c.lr, "peak learning rate (AdamW)")->capture_default_str();
  train->add_option("--min-lr", c.min_lr, "learning rate at the end of the cosine decay")
      ->capture_default_str();
  train->add_option("--weight-decay", c.weight_decay, "AdamW's decay (not biases, norms)")
      ->capture_default_str();
  train->add_option("--beta1", c.beta1, "AdamW β1")->capture_default_str();
  train->add_option("--beta2", c.beta2, "AdamW β2")->capture_default_str();
  train->add_option("--clip", c.clip, "gradient norm clip")->capture_default_str();
  train->add_option("--dropout", c.dropout, "dropout probability in training")
      ->capture_default_str();
  train->add_option("--layers", c.layers, "transformer blocks")->capture_default_str();
  train->add_option("--heads", c.heads, "attention heads")->capture_default_str();
  train->add_option("--width", c.width, "embedding width E")->capture_default_str();
  train->add_option("--hidden", c.hidden, "the all-to-all network's hidden (penultimate) layer")
      ->capture_default_str();
  train->add_option("--order", c.order, "n of the n-gram and all-to-all models (1 to 6)")
      ->capture_default_str();
  train->add_option("--validation", c.validation, "last fraction of the text for validation")
      ->capture_default_str();
  train->add_option("--eval-interval", c.eval_interval, "steps between validation losses")
      ->capture_default_str();
  train->add_option("--eval-windows", c.eval_windows, "validation windows per evaluation")
      ->capture_default_str();
  train->add_option("--seed", c.seed, "seed of the weights, the batches, the diary")
      ->capture_default_str();
  train->add_option("--threads", c.threads, "threads (0: the cores)")->capture_default_str();
  train->add_flag("--quiet", *quiet, "no progress bar");
  train->callback([train, config, out, resume, tokens, keep_case, quiet] {
    words::WordsSummary s;
    try {
      if (!resume->empty()) {
        // The run continues exactly only with the configuration it started with.
        for (const CLI::Option* option : train->get_options())
          require(option->count() == 0 || option->get_name() == "--resume" ||
                      option->get_name() == "--quiet",
                  "--resume takes the configuration from " + *resume +
                      "/config.json; drop " + option->get_name());
        s = words::resume_words(*resume, !*quiet);
        *config = words::read_words_config(*resume);
      } else {
        require(!out->empty(), "--out is required: the run directory to create");
        config->tokens = words::tokenizer_kind_from_name(*tokens, "--tokens");
        config->lower_case = !*keep_case;
        s = words::train_words(*config, *out, !*quiet);
      }
    } catch (const run::Interrupted& interrupted) {
      std::fprintf(stderr, "%s\n", interrupted.what());
      std::fflush(nullptr);
      std::exit(128 + interrupted.signal_number());
    }
    std::printf("trained %s (%lld parameters, vocabulary %lld) in %.1f s, %lld iterations, "
                "%.0f tokens/s: loss %.4f, validation loss %.4f (perplexity %.2f)\n"
                "run directory: %s\n",
                config->model.c_str(), static_cast<long long>(s.parameters),
                static_cast<long long>(s.vocabulary), s.seconds,
                static_cast<long long>(s.iterations), s.tokens_per_second, s.train_loss,
                s.validation_loss, std::exp(s.validation_loss), s.run_dir.c_str());
  });
}

void register_words_generate(CLI::App& words) {
  CLI::App* generate = words.add_subcommand("generate", "Continue a prompt, token by token");
  auto options = std::make_shared<words::GenerateOptions>();
  generate->add_option("run", options->run_dir, "a words run directory")->required();
  generate->add_option("--prompt", options->prompt, "the text to continue")->required();
  generate->add_option("--tokens", options->tokens, "tokens to generate")->capture_default_str();
  generate->add_option("--temperature", options->temperature, "softmax temperature (> 0)")
      ->capture_default_str();
  generate->add_option("--top-k", options->top_k, "sample among the k likeliest (0: all)")
      ->capture_default_str();
  generate->add_option("--seed", options->seed, "seed of the sampling")->capture_default_str();
  generate->callback([options] {
    std::printf("%s", options->prompt.c_str());
    words::generate_words(*options, [](const std::string& text) {
      std::printf("%s", text.c_str());
      std::fflush(stdout);
    });
    std::printf("\n");
  });
}

void register_words_neighbors(CLI::App& words) {
  CLI::App* neighbors =
      words.add_subcommand("neighbors", "The nearest words in a trained model's embedding");
  auto run_dir = std::make_shared<std::string>();
  auto word = std::make_shared<std::string>();
  auto k = std::make_shared<int64_t>(10);
  auto layer = std::make_shared<std::string>("penultimate");
  neighbors->add_option("run", *run_dir, "a words run directory")->required();
  neighbors->add_option("word", *word, "the word whose neighbours to list")->required();
  neighbors->add_option("--k", *k, "how many")->capture_default_str();
  neighbors->add_option("--layer", *layer, "penultimate | input: which embedding")
      ->capture_default_str();
  neighbors->callback([run_dir, word, k, layer] {
    for (const words::Neighbor& n : words::nearest_words(*run_dir, *word, *k, *layer))
      std::printf("%-20s %.4f\n", n.token.c_str(), n.cosine);
  });
}

// `text` padded with spaces to `width` characters (not bytes: accents keep columns aligned),
// on the left or the right.
std::string padded(const std::string& text, int width, bool left) {
  const std::string space(static_cast<size_t>(std::max(0, width - menu::display_width(text))), ' ');
  return left ? space + text : text + space;
}

// One table per layer and head: a row per query token, its weight on each key token.
void print_attention(const words::TextAttention& a) {
  const int64_t T = static_cast<int64_t>(a.tokens.size());
  for (size_t l = 0; l < a.layers.size(); ++l) {
    for (int64_t h = 0; h < a.layers[l].heads; ++h) {
      std::printf("layer %zu, head %lld\n%s", l, static_cast<long long>(h),
                  padded("", 14, false).c_str());
      for (const std::string& key : a.tokens) std::printf(" %s", padded(key, 8, true).c_str());
      std::printf("\n");
      for (int64_t i = 0; i < T; ++i) {
        std::printf("%s", padded(a.tokens[static_cast<size_t>(i)], 14, false).c_str());
        for (int64_t j = 0; j < T; ++j)
          std::printf(" %8.2f", a.layers[l].weights[static_cast<size_t>((h * T + i) * T + j)]);
        std::printf("\n");
      }
      std::printf("\n");
    }
  }
}

void register_words_attention(CLI::App& words) {
  CLI::App* attention = words.add_subcommand(
      "attention", "What each word of a text attends to, per layer and head (a transformer)");
  auto run_dir = std::make_shared<std::string>();
  auto text = std::make_shared<std::string>();
  auto report = std::make_shared<std::string>();
  attention->add_option("run", *run_dir, "a words run directory")->required();
  attention->add_option("--text", *text, "the text to read")->required();
  attention->add_option("--report", *report,
                        "where to write the pictures (heatmaps, moves, embedding); "
                        "default: RUN/report.html");
  attention->callback([run_dir, text, report] {
    const words::TextAttention attention = words::text_attention(*run_dir, *text);
    const std::string path = report->empty() ? *run_dir + "/report.html" : *report;
    words::write_attention_report(*run_dir, attention, path);
    print_attention(attention);
    std::printf("report: %s\n", path.c_str());
  });
}

}  // namespace

void register_words(CLI::App& app) {
  CLI::App* words = app.add_subcommand(
      "words", "Language models on words or characters: train, generate, neighbors, attention");
  words->require_subcommand(1);
  register_words_train(*words);
  register_words_generate(*words);
  register_words_neighbors(*words);
  register_words_attention(*words);
}

}  // namespace flujo::cli
