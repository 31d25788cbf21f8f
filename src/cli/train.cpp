// flujo train: every configuration key is a long option (--look-back, --hidden, ...), read from
// the one key table (run::config_keys()); a TOML file given with --config supplies defaults that
// options on the command line override. --resume RUN continues a stopped run from its checkpoint;
// SIGINT/SIGTERM save one and exit 130/143.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "commands.hpp"
#include "flujo/core.hpp"
#include "flujo/run.hpp"

namespace flujo::cli {
namespace {

// --model's help lists the models of the registry, including any a program added.
std::string model_help(const run::ConfigKey& key) {
  std::string names;
  for (const std::string& name : run::model_names()) names += (names.empty() ? "" : " | ") + name;
  return names + key.help.substr(key.help.find(';'));
}

}  // namespace

void register_train(CLI::App& app) {
  auto* command =
      app.add_subcommand("train", "Train a model (a recurrent network, an ESN, …) on a temporal signal");
  auto values = std::make_shared<std::map<std::string, std::string>>();
  auto config_file = std::make_shared<std::string>();
  auto resume_dir = std::make_shared<std::string>();
  auto checkpoint_every = std::make_shared<int64_t>(0);
  auto quiet = std::make_shared<bool>(false);
  command->add_option("--config", *config_file, "TOML file with the same keys as the options")
      ->check(CLI::ExistingFile);
  for (const run::ConfigKey& key : run::config_keys())
    command
        ->add_option_function<std::string>(
            key.flag, [values, name = key.name](const std::string& value) { (*values)[name] = value; },
            key.name == "model" ? model_help(key) : key.help)
        ->group(key.group);
  command->add_option("--resume", *resume_dir,
                      "continue the run in this directory from its last checkpoint, exactly");
  command->add_option("--checkpoint-every", *checkpoint_every,
                      "also checkpoint every N steps; default: after every epoch only");
  command->add_flag("--quiet", *quiet, "no progress bar");
  command->callback([values, config_file, resume_dir, checkpoint_every, quiet] {
    run::TrainSummary summary;
    std::string model;
    try {
      if (!resume_dir->empty()) {
        // The run continues exactly only with the configuration it started with.
        require(values->empty() && config_file->empty(),
                "--resume takes the configuration from " + *resume_dir +
                    "/config.toml; drop the other training options");
        summary = run::resume_run(*resume_dir, !*quiet, *checkpoint_every);
        model = run::load_config(*resume_dir + "/config.toml").model;
      } else {
        run::TrainConfig config =
            config_file->empty() ? run::TrainConfig{} : run::load_config(*config_file);
        for (const auto& [key, value] : *values) run::set_config_value(config, key, value);
        run::validate(config);
        model = config.model;
        summary = run::train_run(config, !*quiet, *checkpoint_every);
      }
    } catch (const run::Interrupted& interrupted) {
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
