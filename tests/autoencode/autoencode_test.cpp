// flujo autoencode through the command line: on a small pendulum movie the convolutional
// autoencoder learns far below the background's error, writes its run directory (the latent of
// every input beside the true state it is scored against), gives the same weights for the same
// seed, and refuses bad options and movies in one line, writing nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_cli.hpp"
#include "flujo/core/safetensors.hpp"
#include "support/scratch_dir.hpp"

namespace flujo::testing {
namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// A 400-frame movie of 32 × 32, W 8, 25 epochs (two seconds); `changes` (flag, value pairs)
// replace or add options; an empty value adds the flag alone.
CliResult autoencode(const std::string& out, const std::vector<std::string>& changes = {}) {
  std::vector<std::string> args = {"autoencode", "--movie", "pendulum", "--frames", "400", "--size", "32",
                                   "--epochs", "25", "--width", "8", "--lr", "3e-3", "--threads", "1",
                                   "--quiet", "--out", out};
  for (size_t c = 0; c + 1 < changes.size(); c += 2) {
    const auto same = std::find(args.begin(), args.end(), changes[c]);
    if (changes[c + 1].empty()) {
      args.push_back(changes[c]);
    } else if (same != args.end()) {
      *(same + 1) = changes[c + 1];
    } else {
      args.insert(args.end(), {changes[c], changes[c + 1]});
    }
  }
  return run_cli(args);
}

void expect_refused(const CliResult& result, const std::string& fragment) {
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(split_lines(result.err).size(), 1u) << result.err;
  EXPECT_NE(result.err.find(fragment), std::string::npos) << result.err;
}

// The two runs' model.safetensors hold the same tensors, bit for bit (their metadata name
// their own directories).
void expect_same_weights(const std::string& run, const std::string& other_run) {
  const SafetensorsFile first = read_safetensors(run + "/model.safetensors");
  const SafetensorsFile second = read_safetensors(other_run + "/model.safetensors");
  ASSERT_EQ(first.tensors.size(), second.tensors.size());
  for (const auto& [name, tensor] : first.tensors) {
    const Tensor& other = second.tensors.at(name);
    ASSERT_EQ(tensor.numel(), other.numel()) << name;
    EXPECT_TRUE(std::equal(tensor.data(), tensor.data() + tensor.numel(), other.data())) << name;
  }
}

TEST(Autoencode, LearnsAPendulumMovieAndWritesItsRun) {
  ScratchDir directory;
  const std::string run = directory.file("pendulum");
  const CliResult trained = autoencode(run);
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  for (const char* file : {"config.json", "model.safetensors", "history.csv", "metrics.json", "latent.npy", "state.npy"})
    EXPECT_TRUE(std::filesystem::exists(run + "/" + file)) << file;
  const nlohmann::json metrics = read_json(run + "/metrics.json");
  // A dark frame scores the bob's mean square, 0.0079 (a Gaussian of σ = 1.6 px on 32 × 32);
  // predicting the bob's next frames goes far below it (0.00075 here).
  EXPECT_LT(metrics.at("validation_loss").get<double>(), 0.004) << metrics.dump();
  EXPECT_EQ(metrics.at("state_columns"),
            (nlohmann::json{"theta", "omega", "cos_theta", "sin_theta"}));
  // The bob's position decodes from the latent (the velocity needs more training: README).
  EXPECT_GT(metrics.at("decode").at("latent").at("sin_theta").at("knn_r2").get<double>(), 0.9) << metrics.dump();
  const double trust = metrics.at("decode").at("trustworthiness").at("latent").get<double>();
  // 1 keeps every true neighbour, about 0.5 is a map that ignores them; 0.87 here.
  EXPECT_TRUE(trust > 0.75 && trust <= 1.0) << metrics.dump();

  // analyze draws the run: held-out frames beside their decoding, the latent, the curves, the scores.
  const CliResult analyzed = run_cli({"analyze", run});
  ASSERT_EQ(analyzed.exit_code, 0) << analyzed.err;
  EXPECT_NE(analyzed.out.find("dominant loops (H1 bars)"), std::string::npos) << analyzed.out;
  const std::string page = read_text(run + "/report.html");
  for (const char* part : {"frame 398 decoded", "The latent trajectory", "The true state", "Training",
                           "kNN decode R²(sin_theta)", "intrinsic dimension (Levina–Bickel)"})
    EXPECT_NE(page.find(part), std::string::npos) << part;
  expect_refused(run_cli({"analyze", run, "--points", "100"}),
                 "--points is for runs of flujo train; " + run + " is an autoencode run");

  const CliResult again = autoencode(directory.file("again"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  expect_same_weights(run, directory.file("again"));
}

TEST(Autoencode, RefusesBadOptionsAndMoviesWritingNothing) {
  ScratchDir directory;
  const std::string out = directory.file("r");
  expect_refused(autoencode(out, {"--size", "20"}), "the frame size must be a multiple of 8 (three halvings), got 20");
  ASSERT_EQ(autoencode(out, {"--epochs", "1"}).exit_code, 0);
  expect_refused(autoencode(out), "--out " + out + ": already holds files; give a new directory");
  std::filesystem::remove_all(out);
  expect_refused(autoencode(out, {"--movie", "nowhere"}),
                 "--movie nowhere: neither a scene (pendulum, damped-pendulum, driven-pendulum, lorenz) nor a "
                 "directory of frames");
  expect_refused(autoencode(out, {"--stack", "0"}), "--stack must be 1 to 8, got 0");
  expect_refused(autoencode(out, {"--target", "sideways"}), "--target must be next or input, got 'sideways'");
  expect_refused(autoencode(out, {"--validation", "0.7"}), "--validation must be above 0 and below 0.5, got 0.7");
  expect_refused(autoencode(out, {"--kl-weight", "1e-3"}),
                 "--kl-weight is for the variational autoencoder; add --variational or leave it out");
  expect_refused(autoencode(out, {"--variational", "", "--kl-weight", "-1"}), "--kl-weight must be 0 or more, got -1");
  expect_refused(autoencode(out, {"--fnn-weight", "nan"}), "--fnn-weight must be 0 or more, got nan");
  EXPECT_FALSE(std::filesystem::exists(out));
  // A diverging run stops at the first non-finite loss, naming the step, before any model is written.
  const std::string diverged = directory.file("diverged");
  expect_refused(autoencode(diverged, {"--lr", "1e30", "--epochs", "2"}), "the training loss became");
  EXPECT_FALSE(std::filesystem::exists(diverged + "/model.safetensors"));
}

// Ctrl-C after step 30 (the test hook raises SIGINT there, in the third epoch): the step finishes,
// a checkpoint is saved, exit 130, no model yet; --resume then ends with the weights of a run
// never stopped, byte for byte. A kill without warning (SIGKILL after step 50) loses only the
// epoch in progress: the resume from the last epoch's checkpoint ends the same way. The
// variational autoencoder resumes its noise's generator too.
TEST(Autoencode, ResumesAfterCtrlCOrAKillToTheSameWeights) {
  ScratchDir directory;
  const std::vector<std::string> plain = {"--epochs", "6"};
  const std::vector<std::string> variational = {"--epochs", "6", "--variational", "", "--kl-weight", "1e-4"};
  struct Stop {
    const char* name;
    const char* signal;
    const char* after_steps;
    const std::vector<std::string>& options;
  };
  for (const Stop& stop : {Stop{"ctrl-c", "2", "30", plain}, Stop{"kill", "9", "50", plain},
                           Stop{"variational-ctrl-c", "2", "30", variational}}) {
    const std::string whole = directory.file(std::string("whole-") + stop.name);
    ASSERT_EQ(autoencode(whole, stop.options).exit_code, 0);
    const std::string stopped = directory.file(std::string("stopped-") + stop.name);
    ::setenv("FLUJO_TEST_KILL_AFTER_STEPS", stop.after_steps, 1);
    ::setenv("FLUJO_TEST_KILL_SIGNAL", stop.signal, 1);
    const CliResult interrupted = autoencode(stopped, stop.options);
    ::unsetenv("FLUJO_TEST_KILL_AFTER_STEPS");
    ::unsetenv("FLUJO_TEST_KILL_SIGNAL");
    if (stop.signal == std::string("2")) {
      ASSERT_EQ(interrupted.exit_code, 130) << interrupted.err;
      EXPECT_NE(interrupted.err.find("resume with flujo autoencode --resume " + stopped), std::string::npos)
          << interrupted.err;
    } else {
      ASSERT_NE(interrupted.exit_code, 0) << interrupted.err;
    }
    EXPECT_TRUE(std::filesystem::exists(stopped + "/checkpoint.safetensors")) << stop.name;
    EXPECT_FALSE(std::filesystem::exists(stopped + "/model.safetensors")) << stop.name;
    const CliResult resumed = run_cli({"autoencode", "--resume", stopped, "--quiet"});
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    expect_same_weights(stopped, whole);
    EXPECT_TRUE(read_text(stopped + "/latent.npy") == read_text(whole + "/latent.npy")) << stop.name;
    EXPECT_EQ(split_lines(read_text(stopped + "/history.csv")).size(), 7u) << stop.name;  // header + 6 epochs
  }
  const std::string stopped = directory.file("stopped-ctrl-c");
  expect_refused(run_cli({"autoencode", "--resume", stopped, "--lr", "1"}), "--resume takes the configuration from");
  // A checkpoint written for another configuration is refused, naming the key.
  std::string config = read_text(stopped + "/config.json");
  config.replace(config.find("\"epochs\": 6"), 11, "\"epochs\": 7");
  std::ofstream(stopped + "/config.json") << config;
  expect_refused(run_cli({"autoencode", "--resume", stopped, "--quiet"}), "epochs");
  std::ofstream(stopped + "/config.json") << "{\"movie\": ";
  expect_refused(run_cli({"autoencode", "--resume", stopped, "--quiet"}), "not the config.json of flujo autoencode");
  expect_refused(run_cli({"autoencode", "--resume", directory.file("nothing"), "--quiet"}), "no config.json");
}

}  // namespace
}  // namespace flujo::testing
