// A model registered from outside the library runs through the whole command line: the test
// program flujo_with_linear_ar is flujo's CLI plus one register_model() line for a linear
// autoregressive model (linear_ar_model.cpp), and train → forecast → analyze work on it with no
// other change. The plain `flujo` binary does not know the model and says which ones it knows.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_cli.hpp"
#include "support/scratch_dir.hpp"

namespace flujo::testing {
namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

TEST(ToyModel, TrainsForecastsAndAnalysesThroughTheCommandLine) {
  ScratchDir directory;
  const std::string run = directory.file("linear_ar");
  const CliResult trained = run_binary(
      FLUJO_TOY_CLI_PATH, {"train", "--model", "linear_ar", "--samples", "3000", "--look-back",
                           "8", "--epochs", "6", "--rollout", "2", "--lr", "0.03", "--threads", "1",
                           "--quiet",
                           "--out", run});
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  EXPECT_TRUE(std::filesystem::exists(run + "/model.safetensors"));
  // A linear map of the last 8 values predicts Lorenz x at dt = 0.01 well once trained: the loss
  // is in units of the variance, about 1 before training and 0.003 after (seed 0).
  EXPECT_LT(read_json(run + "/metrics.json").at("test_loss").get<double>(), 0.01);

  const CliResult forecast =
      run_binary(FLUJO_TOY_CLI_PATH, {"forecast", run, "--starts", "5", "--horizon", "2"});
  ASSERT_EQ(forecast.exit_code, 0) << forecast.err;
  const nlohmann::json scores = read_json(run + "/forecast.json");
  EXPECT_EQ(scores.at("starts").get<int64_t>(), 5);
  EXPECT_LT(scores.at("one_step_nrmse").get<double>(), 0.1);  // 0.046 with seed 0

  const CliResult analysis = run_binary(
      FLUJO_TOY_CLI_PATH, {"analyze", run, "--points", "500", "--free-run-steps", "2000",
                           "--no-report"});
  ASSERT_EQ(analysis.exit_code, 0) << analysis.err;
  const nlohmann::json flow = read_json(run + "/flow.json");
  // The recorded state is the look_back window of one channel: 8 coordinates.
  EXPECT_EQ(flow.at("hidden").at("dims").get<int64_t>(), 8);
  EXPECT_TRUE(flow.at("free_run").contains("lyapunov_max"));
}

TEST(ToyModel, ThePlainBinaryNamesTheModelsItKnows) {
  ScratchDir directory;
  const CliResult result = run_cli({"train", "--model", "linear_ar", "--out", directory.file("r")});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("'model' must be rnn, lstm, gru, esn or autoencoder, got 'linear_ar'"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(directory.file("r")));
}

}  // namespace
}  // namespace flujo::testing
