// flujo autoencode through the command line: on a small pendulum movie the convolutional
// autoencoder learns far below the background's error, writes its run directory (the latent of
// every input beside the true state it is scored against), gives the same weights for the same
// seed, and refuses bad options and movies in one line, writing nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
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
// replace or add options.
CliResult autoencode(const std::string& out, const std::vector<std::string>& changes = {}) {
  std::vector<std::string> args = {"autoencode", "--movie", "pendulum", "--frames", "400", "--size", "32",
                                   "--epochs", "25", "--width", "8", "--lr", "3e-3", "--threads", "1",
                                   "--quiet", "--out", out};
  for (size_t c = 0; c + 1 < changes.size(); c += 2) {
    const auto same = std::find(args.begin(), args.end(), changes[c]);
    if (same != args.end()) {
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

  const CliResult again = autoencode(directory.file("again"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const SafetensorsFile first = read_safetensors(run + "/model.safetensors");
  const SafetensorsFile second = read_safetensors(directory.file("again") + "/model.safetensors");
  ASSERT_EQ(first.tensors.size(), second.tensors.size());
  for (const auto& [name, tensor] : first.tensors) {
    const Tensor& other = second.tensors.at(name);
    ASSERT_EQ(tensor.numel(), other.numel()) << name;
    EXPECT_TRUE(std::equal(tensor.data(), tensor.data() + tensor.numel(), other.data())) << name;
  }
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
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace flujo::testing
