// Faults a run meets, through the CLI: a diverging run stops on the first NaN/Inf with one line
// naming epoch and step and keeps its last good checkpoint (exit 2); SIGINT and SIGTERM finish
// the step, save a checkpoint, say where and how to resume, and exit 130 / 143; a run stopped so
// resumes to the same weights as one never stopped.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_cli.hpp"
#include "flujo/core/safetensors.hpp"
#include "support/scratch_dir.hpp"

namespace flujo::testing {
namespace {

namespace fs = std::filesystem;

// GRU H=6, 600 windows of look_back 8: 420 training windows make 7 steps per epoch.
std::vector<std::string> small_run(const std::string& epochs) {
  return {"train", "--model",  "gru", "--hidden",  "6", "--samples", "600", "--look-back", "8",
          "--rollout", "2", "--threads", "1", "--quiet", "--epochs", epochs};
}

class FaultsTest : public ::testing::Test {
 protected:
  std::string run_dir(const std::string& name) const { return directory_.file(name); }

  static std::vector<std::string> with(std::vector<std::string> args,
                                       const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }

  ScratchDir directory_;
};

nlohmann::json loop_state(const std::string& run) {
  return nlohmann::json::parse(
      read_safetensors(run + "/checkpoint.safetensors").metadata.at("flujo.loop"));
}

TEST_F(FaultsTest, DivergenceStopsWithEpochAndStepAndKeepsTheLastGoodCheckpoint) {
  const std::string run = run_dir("diverging");
  const CliResult result = run_cli(with(small_run("3"), {"--optimizer", "sgd", "--lr", "1e6",
                                                         "--clip", "0", "--checkpoint-every", "1",
                                                         "--out", run}));
  EXPECT_EQ(result.exit_code, 2);
  ASSERT_EQ(split_lines(result.err).size(), 1u) << result.err;
  for (const char* part : {"became", "at epoch 1, step ", "the last good checkpoint",
                           "Try a lower --lr (now 1000000)", "gradient clipping (--clip 1)"})
    EXPECT_NE(result.err.find(part), std::string::npos) << part << " missing in " << result.err;
  EXPECT_FALSE(fs::exists(run + "/model.safetensors"));

  // The checkpoint is the step before the failure, whole, with finite weights.
  const size_t at = result.err.find("step ");
  const int64_t failed_step = std::stoll(result.err.substr(at + 5));
  EXPECT_EQ(loop_state(run).at("step").get<int64_t>(), failed_step - 1);
  for (const auto& [name, tensor] : read_safetensors(run + "/checkpoint.safetensors").tensors)
    for (int64_t i = 0; i < tensor.numel(); ++i)
      ASSERT_TRUE(std::isfinite(tensor[i])) << name << "[" << i << "]";
}

// FLUJO_TEST_KILL_SIGNAL makes the trainer's test hook raise SIGINT/SIGTERM at an exact step: the
// handler runs as it would for a signal from outside.
TEST_F(FaultsTest, SignalsSaveACheckpointAndResumeExactly) {
  const std::string reference = run_dir("reference");
  ASSERT_EQ(run_cli(with(small_run("3"), {"--out", reference})).exit_code, 0);
  for (const int signal_number : {SIGINT, SIGTERM}) {
    const std::string run = run_dir("signal" + std::to_string(signal_number));
    ::setenv("FLUJO_TEST_KILL_AFTER_STEPS", "9", 1);
    ::setenv("FLUJO_TEST_KILL_SIGNAL", std::to_string(signal_number).c_str(), 1);
    const CliResult stopped = run_cli(with(small_run("3"), {"--out", run}));
    ::unsetenv("FLUJO_TEST_KILL_AFTER_STEPS");
    ::unsetenv("FLUJO_TEST_KILL_SIGNAL");
    EXPECT_EQ(stopped.exit_code, 128 + signal_number);
    EXPECT_EQ(stopped.err, "interrupted: checkpoint saved to " + run +
                               "/checkpoint.safetensors (epoch 2, step 9); resume with flujo "
                               "train --resume " + run + "\n");
    EXPECT_EQ(loop_state(run).at("step").get<int64_t>(), 9);

    const CliResult resumed = run_cli({"train", "--resume", run, "--quiet"});
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    const SafetensorsFile expected = read_safetensors(reference + "/model.safetensors");
    const SafetensorsFile actual = read_safetensors(run + "/model.safetensors");
    for (const auto& [name, tensor] : expected.tensors)
      EXPECT_EQ(std::memcmp(actual.tensors.at(name).data(), tensor.data(), tensor.numel() * 4), 0)
          << name;
  }
}

// A SIGTERM from another process, at whatever moment it lands.
TEST_F(FaultsTest, SigtermFromOutsideStopsWithExitCode143) {
  const std::string run = run_dir("outside");
  std::vector<std::string> args = with(small_run("100000"), {"--patience", "100000",
                                                   "--checkpoint-every", "1", "--out", run});
  args.insert(args.begin(), FLUJO_CLI_PATH);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string err_path = run_dir("outside.err");
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, FLUJO_CLI_PATH, &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  // Training has begun once the first checkpoint exists (bounded wait, never a timing assertion).
  for (int poll = 0; poll < 6000 && !fs::exists(run + "/checkpoint.safetensors"); ++poll)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ::kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 143);
  const std::string err = read_text(err_path);
  EXPECT_EQ(err.rfind("interrupted: checkpoint saved to " + run + "/checkpoint.safetensors", 0), 0u)
      << err;
  EXPECT_GE(loop_state(run).at("step").get<int64_t>(), 1);
}

}  // namespace
}  // namespace flujo::testing
