// flujo train: every TrainConfig key is a long option (--look-back, --hidden, ...); a TOML file
// given with --config supplies defaults that options on the command line override. --resume RUN
// continues a stopped run from its checkpoint; SIGINT/SIGTERM save one and exit 130/143.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "commands.hpp"
#include "flujo/core.hpp"
#include "flujo/train.hpp"

namespace flujo::cli {
namespace {

struct TrainOption {
  const char* flag;
  const char* key;
  const char* help;
};

constexpr TrainOption kOptions[] = {
    {"--system", "system", "built-in system (flujo simulate --list); default lorenz"},
    {"--observe", "observe", "observed coordinates of the system, comma-separated; default x"},
    {"--data", "data_file", "a CSV or NPY series instead of a built-in system"},
    {"--columns", "columns", "columns of --data by name or 0-based index, comma-separated"},
    {"--dt", "dt", "sampling step of the built-in system; default 0.01"},
    {"--samples", "samples", "num_samples: windows in all splits together; default 40000"},
    {"--look-back", "look_back", "time steps per input window; default 40"},
    {"--model", "model", "rnn | lstm | gru | esn; default lstm"},
    {"--hidden", "hidden", "hidden_size (reservoir size for esn); default 40"},
    {"--layers", "layers", "stacked recurrent layers; default 1"},
    {"--batch", "batch", "windows per step; default 64"},
    {"--epochs", "epochs", "most epochs; default 30"},
    {"--lr", "lr", "learning rate; default 0.002"},
    {"--optimizer", "optimizer", "sgd | adam | adamw; default adam"},
    {"--schedule", "schedule", "constant | step | cosine; default cosine"},
    {"--clip", "clip", "global gradient-norm limit, 0 for none; default 1"},
    {"--rollout", "rollout", "k: train on k predictions fed back (1 = teacher forcing)"},
    {"--patience", "patience", "early stopping after this many epochs without improvement"},
    {"--seed", "seed", "random seed; default 0"},
    {"--threads", "threads", "threads for the matrix products; 0 = all cores"},
    {"--train-fraction", "train_fraction", "fraction of the series for training; default 0.7"},
    {"--validation-fraction", "validation_fraction", "fraction for validation; default 0.15"},
    {"--spectral-radius", "spectral_radius", "esn: spectral radius of the reservoir"},
    {"--leak-rate", "leak_rate", "esn: leak rate in (0, 1]"},
    {"--input-scaling", "input_scaling", "esn: input weights uniform in ±this"},
    {"--ridge", "ridge", "esn: ridge regularisation of the readout"},
    {"--out", "out", "run directory to write; default runs/default"},
};

}  // namespace

void register_train(CLI::App& app) {
  auto* command =
      app.add_subcommand("train", "Train a recurrent network (or an ESN) on a temporal signal");
  auto values = std::make_shared<std::map<std::string, std::string>>();
  auto config_file = std::make_shared<std::string>();
  auto resume_dir = std::make_shared<std::string>();
  auto checkpoint_every = std::make_shared<int64_t>(0);
  auto quiet = std::make_shared<bool>(false);
  command->add_option("--config", *config_file, "TOML file with the same keys as the options")
      ->check(CLI::ExistingFile);
  for (const TrainOption& option : kOptions)
    command->add_option_function<std::string>(
        option.flag, [values, option](const std::string& value) { (*values)[option.key] = value; },
        option.help);
  command->add_option("--resume", *resume_dir,
                      "continue the run in this directory from its last checkpoint, exactly");
  command->add_option("--checkpoint-every", *checkpoint_every,
                      "also checkpoint every N steps; default: after every epoch only");
  command->add_flag("--quiet", *quiet, "no progress bar");
  command->callback([values, config_file, resume_dir, checkpoint_every, quiet] {
    train::TrainSummary summary;
    std::string model;
    try {
      if (!resume_dir->empty()) {
        // The run continues exactly only with the configuration it started with.
        require(values->empty() && config_file->empty(),
                "--resume takes the configuration from " + *resume_dir +
                    "/config.toml; drop the other training options");
        summary = train::resume_run(*resume_dir, !*quiet, *checkpoint_every);
        model = train::load_config(*resume_dir + "/config.toml").model;
      } else {
        train::TrainConfig config =
            config_file->empty() ? train::TrainConfig{} : train::load_config(*config_file);
        for (const auto& [key, value] : *values) train::set_config_value(config, key, value);
        train::validate(config);
        model = config.model;
        summary = train::train_run(config, !*quiet, *checkpoint_every);
      }
    } catch (const train::Interrupted& interrupted) {
      std::fprintf(stderr, "%s\n", interrupted.what());
      std::fflush(nullptr);
      std::exit(128 + interrupted.signal_number());
    }
    std::printf("trained %s (%lld parameters) in %.1f s, %lld epochs (best %lld): "
                "validation loss %.4g, test loss %.4g\nrun directory: %s\n",
                model.c_str(), static_cast<long long>(summary.parameters), summary.seconds,
                static_cast<long long>(summary.epochs_run),
                static_cast<long long>(summary.best_epoch), summary.best_validation_loss,
                summary.test_loss, summary.run_dir.c_str());
  });
}

}  // namespace flujo::cli
