// One writer per run directory: while a process holds RUN/.lock, train, train --resume, forecast
// and analyze on that directory exit 2 with one line naming the holder's pid, and change nothing
// on disk; once the holder lets go, the same commands run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/run_cli.hpp"
#include "run/run_lock.hpp"
#include "support/scratch_dir.hpp"

namespace flujo::testing {
namespace {

namespace fs = std::filesystem;

// Every file of the directory with its contents.
std::map<std::string, std::string> snapshot(const std::string& directory) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(directory))
    files[entry.path().filename().string()] = read_text(entry.path().string());
  return files;
}

TEST(RunLock, ASecondWriterIsRefusedAndChangesNothing) {
  ScratchDir directory;
  const std::string run = directory.file("run");
  const std::vector<std::string> train = {"train", "--model", "lstm", "--hidden", "4",
                                          "--samples", "600", "--look-back", "10", "--epochs",
                                          "1", "--threads", "1", "--quiet", "--out", run};
  ASSERT_EQ(run_cli(train).exit_code, 0);
  const std::map<std::string, std::string> before = snapshot(run);
  const std::string holder = "(pid " + std::to_string(::getpid()) + ")";
  {
    const run::RunLock lock(run);
    const std::vector<std::vector<std::string>> writers = {
        train,
        {"train", "--resume", run, "--quiet"},
        {"forecast", run, "--starts", "2"},
        {"analyze", run, "--points", "200", "--free-run-steps", "1000", "--no-report"}};
    for (const std::vector<std::string>& args : writers) {
      const CliResult result = run_cli(args);
      EXPECT_EQ(result.exit_code, 2) << args[0] << ": " << result.err;
      EXPECT_NE(result.err.find("is in use by another flujo process " + holder), std::string::npos)
          << result.err;
      EXPECT_EQ(split_lines(result.err).size(), 1u) << result.err;
    }
    const std::map<std::string, std::string> during = snapshot(run);
    for (const auto& [name, contents] : before) {
      if (name == ".lock") continue;  // the holder's pid, rewritten by this test's lock
      EXPECT_EQ(during.at(name), contents) << name << " changed";
    }
    EXPECT_EQ(during.size(), before.size());
  }
  const CliResult after = run_cli({"forecast", run, "--starts", "2"});
  EXPECT_EQ(after.exit_code, 0) << after.err;
}

}  // namespace
}  // namespace flujo::testing
