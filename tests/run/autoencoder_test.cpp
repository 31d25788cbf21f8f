// The dense autoencoder through the command line, the lecture's "autoencoder trained with temporal
// data": on windows of Lorenz x its 3-D latent, read by analyze as the model's state, decodes the
// whole state (x, y, z) through the k-nearest-neighbour readout, beside a control of the same size
// (the windows' first 3 principal components). It makes no forecast, does not run free, and
// refuses the options it does not read.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_cli.hpp"
#include "flujo/data.hpp"
#include "support/scratch_dir.hpp"

namespace flujo::testing {
namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

void expect_refused(const CliResult& result, const std::string& fragment) {
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(split_lines(result.err).size(), 1u) << result.err;
  EXPECT_NE(result.err.find(fragment), std::string::npos) << result.err;
}

TEST(Autoencoder, ItsLatentDecodesTheLorenzStateFromWindowsOfX) {
  ScratchDir directory;
  const std::string run = directory.file("autoencoder");
  // 10000 windows of 40 steps of x, 40 → 64 → 3 → 64 → 40, 10 epochs: about a second.
  const CliResult trained =
      run_cli({"train", "--model", "autoencoder", "--hidden", "64", "--latent", "3", "--samples",
               "10000", "--epochs", "10", "--threads", "1", "--quiet", "--out", run});
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  // The loss is the reconstruction's mean squared error in units of the variance (1 for a
  // constant reconstruction): 1.5e-3 here (seed 0), below a hundredth once the windows are learnt.
  EXPECT_LT(read_json(run + "/metrics.json").at("test_loss").get<double>(), 0.01);

  const CliResult analysis =
      run_cli({"analyze", run, "--points", "2000", "--no-report"});
  ASSERT_EQ(analysis.exit_code, 0) << analysis.err;
  const nlohmann::json flow = read_json(run + "/flow.json");
  EXPECT_EQ(flow.at("hidden").at("dims").get<int64_t>(), 3);
  EXPECT_EQ(flow.at("input_window_pca").at("dims").get<int64_t>(), 3);
  // The bar of the autoencoder issue, ≥ 0.9 per coordinate (0.98–0.99 here).
  for (const char* coordinate : {"x", "y", "z"})
    EXPECT_GE(flow.at("hidden").at("decode_knn_r2").at(coordinate).get<double>(), 0.9)
        << coordinate << ": " << flow.at("hidden").dump();
  EXPECT_FALSE(flow.contains("free_run"));
  EXPECT_EQ(flow.at("notes").at(0).get<std::string>(),
            "the autoencoder model does not run free: the free-run invariants are skipped");

  expect_refused(run_cli({"forecast", run}), "the autoencoder model makes no forecast");
}

TEST(Autoencoder, RefusesTheOptionsItDoesNotReadAndABadLatent) {
  ScratchDir directory;
  const std::string run = directory.file("r");
  expect_refused(run_cli({"train", "--model", "autoencoder", "--rollout", "5", "--out", run}),
                 "'rollout' (--rollout) is not used by the autoencoder model");
  expect_refused(run_cli({"train", "--model", "autoencoder", "--latent", "0", "--out", run}),
                 "latent");
  expect_refused(run_cli({"train", "--model", "lstm", "--latent", "2", "--out", run}),
                 "'latent' (--latent) is not used by the lstm model");
  EXPECT_FALSE(std::filesystem::exists(run));
}

// Gilpin's false-nearest-neighbour penalty on an 8-D latent: without it every coordinate is used;
// with it (weight 0.01) the coordinates that unfold nothing are pushed to nearly zero activity.
TEST(Autoencoder, TheFalseNeighbourPenaltyLeavesOnlyTheCoordinatesThatUnfold) {
  ScratchDir directory;
  auto quiet_coordinates = [&](const std::string& weight) {
    const std::string run = directory.file("fnn-" + weight);
    const CliResult trained =
        run_cli({"train", "--model", "autoencoder", "--hidden", "64", "--latent", "8", "--fnn-weight", weight,
                 "--samples", "10000", "--epochs", "10", "--threads", "1", "--quiet", "--out", run});
    EXPECT_EQ(trained.exit_code, 0) << trained.err;
    const CliResult analysis = run_cli({"analyze", run, "--points", "2000", "--no-report", "--export", run + "/states"});
    EXPECT_EQ(analysis.exit_code, 0) << analysis.err;
    const data::Series latent = data::read_npy(run + "/states/hidden.npy");
    std::vector<double> rms(8, 0.0);
    for (int64_t t = 0; t < latent.time_steps(); ++t)
      for (int64_t c = 0; c < 8; ++c) rms[c] += latent.at(t, c) * latent.at(t, c) / static_cast<double>(latent.time_steps());
    const double largest = std::sqrt(*std::max_element(rms.begin(), rms.end()));
    int quiet = 0;
    for (double r : rms) quiet += std::sqrt(r) < 0.05 * largest;
    return quiet;
  };
  EXPECT_EQ(quiet_coordinates("0"), 0);
  EXPECT_GE(quiet_coordinates("0.01"), 4);
  expect_refused(run_cli({"train", "--model", "lstm", "--fnn-weight", "0.1", "--out", directory.file("lstm")}),
                 "'fnn_weight' (--fnn-weight) is not used by the lstm model");
}

}  // namespace
}  // namespace flujo::testing
