// Crash safety, end to end through the CLI: a run killed with SIGKILL at several points and
// resumed each time (`flujo train --resume RUN`) must end with weights bitwise identical to a run
// never stopped, and the same history. The kill points are deterministic: the trainer's test
// hook FLUJO_TEST_KILL_AFTER_STEPS=N raises SIGKILL right after optimizer step N
// (src/train/signals.hpp).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "cli/run_cli.hpp"
#include "flujo/core/random.hpp"
#include "flujo/core/safetensors.hpp"
#include "support/scratch_dir.hpp"

namespace flujo::testing {
namespace {

namespace fs = std::filesystem;

// LSTM H=8, 1200 windows of look_back 10, 4 epochs: 840 training windows in batches of 64 make
// 14 steps per epoch, 56 in all; a checkpoint every 5 steps and after every epoch.
constexpr int64_t kStepsPerEpoch = 14, kTotalSteps = 56;
const std::vector<std::string> kTrainArgs = {
    "train",   "--model",     "lstm", "--hidden",   "8", "--samples", "1200",
    "--look-back", "10",      "--epochs", "4",      "--rollout", "3",
    "--threads", "1",         "--quiet", "--checkpoint-every", "5"};

class ResumeTest : public ::testing::Test {
 protected:
  std::string run_dir(const std::string& name) const { return directory_.file(name); }

  static std::vector<std::string> train_args(const std::string& out) {
    std::vector<std::string> args = kTrainArgs;
    args.insert(args.end(), {"--out", out});
    return args;
  }

  // Runs the CLI with the kill hook armed at `step` (0: disarmed).
  static CliResult run_killing_after(const std::vector<std::string>& args, int64_t step) {
    if (step > 0) ::setenv("FLUJO_TEST_KILL_AFTER_STEPS", std::to_string(step).c_str(), 1);
    CliResult result = run_cli(args);
    ::unsetenv("FLUJO_TEST_KILL_AFTER_STEPS");
    return result;
  }

  ScratchDir directory_;
};

// history.csv without its timing columns (seconds, samples/s), which no two runs share.
std::vector<std::string> history_without_timing(const std::string& run) {
  std::vector<std::string> rows;
  for (const std::string& line : split_lines(read_text(run + "/history.csv"))) {
    size_t cut = line.find(',');
    for (int comma = 1; comma < 4 && cut != std::string::npos; ++comma)
      cut = line.find(',', cut + 1);
    rows.push_back(line.substr(0, cut));
  }
  return rows;
}

void expect_same_weights(const std::string& expected_path, const std::string& actual_path) {
  const SafetensorsFile expected = read_safetensors(expected_path);
  const SafetensorsFile actual = read_safetensors(actual_path);
  ASSERT_EQ(expected.tensors.size(), actual.tensors.size());
  for (const auto& [name, tensor] : expected.tensors) {
    const auto it = actual.tensors.find(name);
    ASSERT_NE(it, actual.tensors.end()) << name;
    ASSERT_EQ(it->second.shape(), tensor.shape()) << name;
    EXPECT_EQ(std::memcmp(it->second.data(), tensor.data(), tensor.numel() * sizeof(float)), 0)
        << name << " differs bitwise";
  }
  EXPECT_EQ(expected.metadata.at("flujo.normaliser"), actual.metadata.at("flujo.normaliser"));
}

TEST_F(ResumeTest, KilledAndResumedRunEndsBitwiseIdentical) {
  const std::string reference = run_dir("reference"), killed = run_dir("killed");
  const CliResult uninterrupted = run_cli(train_args(reference));
  ASSERT_EQ(uninterrupted.exit_code, 0) << uninterrupted.err;

  // Fixed points: before the first checkpoint (resume starts over), an epoch's last step (killed
  // before its validation and checkpoint), right after an epoch's checkpoint; then random ones.
  std::set<int64_t> kill_steps = {2, kStepsPerEpoch, kStepsPerEpoch + 1};
  Rng rng(2024);
  const int64_t later = kStepsPerEpoch + 2;
  while (kill_steps.size() < 7)
    kill_steps.insert(later + static_cast<int64_t>(rng.below(kTotalSteps - later)));
  const std::vector<std::string> resume = {"train", "--resume", killed, "--quiet",
                                           "--checkpoint-every", "5"};
  bool first = true;
  for (const int64_t step : kill_steps) {
    const CliResult result = run_killing_after(first ? train_args(killed) : resume, step);
    EXPECT_EQ(result.exit_code, -1) << "not killed at step " << step << ": " << result.err;
    EXPECT_FALSE(fs::exists(killed + "/model.safetensors")) << "after the kill at step " << step;
    first = false;
  }
  const CliResult finished = run_cli({"train", "--resume", killed, "--quiet"});
  ASSERT_EQ(finished.exit_code, 0) << finished.err;

  expect_same_weights(reference + "/model.safetensors", killed + "/model.safetensors");
  EXPECT_EQ(history_without_timing(reference), history_without_timing(killed));
  EXPECT_EQ(history_without_timing(killed).size(), 5u);  // header and 4 epochs
}

TEST_F(ResumeTest, RefusesACheckpointOfAnotherConfiguration) {
  const std::string run = run_dir("changed");
  ASSERT_EQ(run_killing_after(train_args(run), 12).exit_code, -1);
  ASSERT_TRUE(fs::exists(run + "/checkpoint.safetensors"));
  std::string config = read_text(run + "/config.toml");
  const size_t line = config.find("\nlr = ");
  ASSERT_NE(line, std::string::npos);
  config.replace(line, config.find('\n', line + 1) - line, "\nlr = 0.5");
  std::ofstream(run + "/config.toml") << config;

  const CliResult result = run_cli({"train", "--resume", run, "--quiet"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("checkpoint.safetensors: written with lr = "), std::string::npos)
      << result.err;
  EXPECT_EQ(split_lines(result.err).size(), 1u) << result.err;
}

TEST_F(ResumeTest, ResumeRejectsOptionsThatChangeTheConfiguration) {
  const CliResult result = run_cli({"train", "--resume", run_dir("any"), "--lr", "0.1"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--resume takes the configuration from"), std::string::npos)
      << result.err;
}

TEST_F(ResumeTest, ResumeOfADirectoryThatIsNoRunSaysSo) {
  const CliResult result = run_cli({"train", "--resume", run_dir("missing"), "--quiet"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("not a flujo run directory"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace flujo::testing
