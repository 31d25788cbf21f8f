// A run that cannot fit in memory is refused before it allocates: exit 2, one line with the
// estimate and what is available, and no run directory. The sizes below need hundreds of GiB
// (an LSTM with H = 100000 has 4·10¹⁰ weights; an ESN of 10⁶ units solves a 10⁶ × 10⁶ system),
// more than any machine these tests run on has.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/run_cli.hpp"
#include "support/scratch_dir.hpp"

namespace flujo::testing {
namespace {

void expect_refused(const std::vector<std::string>& model_args) {
  ScratchDir directory;
  const std::string run = directory.file("huge");
  std::vector<std::string> args = {"train", "--samples", "600", "--look-back", "10", "--threads",
                                   "1", "--quiet", "--out", run};
  args.insert(args.end(), model_args.begin(), model_args.end());
  const CliResult result = run_cli(args);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("the run needs about"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("GiB of memory are available"), std::string::npos) << result.err;
  EXPECT_EQ(split_lines(result.err).size(), 1u) << result.err;
  EXPECT_FALSE(std::filesystem::exists(run)) << "a refused run left its directory behind";
}

TEST(MemoryEstimate, AnLstmTooLargeForTheMachineIsRefusedBeforeItAllocates) {
  expect_refused({"--model", "lstm", "--hidden", "100000"});
}

TEST(MemoryEstimate, AnEsnTooLargeForTheMachineIsRefusedBeforeItAllocates) {
  expect_refused({"--model", "esn", "--hidden", "1000000"});
}

}  // namespace
}  // namespace flujo::testing
