// flujo simulate, run as a user would: the CSV it writes, the spectrum it prints, its exit codes.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/scratch_dir.hpp"

namespace {

namespace fs = std::filesystem;

class SimulateCli : public ::testing::Test {
 protected:
  // Exit code of `flujo simulate <arguments>`; stdout and stderr land in output().
  int run(const std::string& arguments) {
    const std::string command = std::string(FLUJO_CLI_PATH) + " simulate " + arguments + " > " +
                                directory_.file("output.txt") + " 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string output() const { return flujo::testing::read_text(directory_.file("output.txt")); }
  // Files in the directory other than the captured output.
  std::vector<std::string> written() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(directory_.path()))
      if (entry.path().filename() != "output.txt") names.push_back(entry.path().filename());
    return names;
  }
  flujo::testing::ScratchDir directory_;
};

TEST_F(SimulateCli, WritesEverySampleUnderTheCoordinateHeader) {
  const fs::path csv = directory_.path() / "lorenz.csv";
  ASSERT_EQ(run("lorenz --samples 500 --dt 0.02 --seed 3 --param rho=30 --out " + csv.string()),
            0) << output();
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "t,x,y,z");
  int rows = 0;
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::vector<double> values;
    for (std::string field; std::getline(fields, field, ',');) values.push_back(std::stod(field));
    ASSERT_EQ(values.size(), 4u) << line;
    EXPECT_NEAR(values[0], 0.02 * rows, 1e-12) << line;
    for (double value : values) EXPECT_LT(std::abs(value), 100.0) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 500);
  EXPECT_EQ(written(), std::vector<std::string>{"lorenz.csv"});  // no temporary left behind
}

TEST_F(SimulateCli, SameSeedSameFile) {
  const fs::path first = directory_.path() / "a.csv", second = directory_.path() / "b.csv";
  ASSERT_EQ(run("mackey-glass --samples 200 --seed 5 --out " + first.string()), 0) << output();
  ASSERT_EQ(run("mackey-glass --samples 200 --seed 5 --out " + second.string()), 0) << output();
  EXPECT_EQ(flujo::testing::read_text(first), flujo::testing::read_text(second));
  EXPECT_EQ(flujo::testing::read_text(first).substr(0, 4), "t,x\n");
}

TEST_F(SimulateCli, PrintsTheLyapunovSpectrum) {
  ASSERT_EQ(run("henon --lyapunov --time 20000"), 0) << output();
  const std::string text = output();
  EXPECT_NE(text.find("lambda1 = 0.41"), std::string::npos) << text;
  EXPECT_NE(text.find("lambda2 = -1.62"), std::string::npos) << text;
  EXPECT_NE(text.find("Kaplan-Yorke dimension = 1.2"), std::string::npos) << text;
}

TEST_F(SimulateCli, ListsTheSystems) {
  ASSERT_EQ(run("--list"), 0);
  for (const char* name : {"lorenz", "rossler", "mackey-glass", "lorenz96", "van-der-pol",
                           "pendulum", "henon", "logistic"})
    EXPECT_NE(output().find(name), std::string::npos) << name;
}

TEST_F(SimulateCli, BadOptionsExitTwoNamingTheProblemAndWriteNothing) {
  const std::string out = " --out " + (directory_.path() / "x.csv").string();
  const std::vector<std::pair<std::string, std::string>> cases{
      {"lorentz" + out, "lorentz"},
      {"lorenz --samples 0" + out, "samples"},
      {"lorenz --dt -0.1" + out, "dt"},
      {"lorenz --transient nan" + out, "transient"},
      {"lorenz --param rho" + out, "--param rho"},
      {"lorenz --param rho=x" + out, "--param rho=x"},
      {"lorenz --param kappa=2" + out, "kappa"},
      {"lorenz96 --param n=2.5" + out, "n = 2.5"},
      {"henon --dt 0.5" + out, "dt"},
      {"mackey-glass --dt 1.41421356" + out, "dt"},
      {"logistic --param r=4.5" + out, "diverged"},
      {"lorenz", "--out"},
      {"lorenz --lyapunov --time -1", "time"},
      {"", "name a system"},
  };
  for (const auto& [arguments, expected] : cases) {
    EXPECT_EQ(run(arguments), 2) << arguments << "\n" << output();
    EXPECT_NE(output().find(expected), std::string::npos) << arguments << "\n" << output();
    EXPECT_EQ(output().find('\n'), output().size() - 1) << "one line: " << output();
    EXPECT_TRUE(written().empty()) << arguments;
  }
}

}  // namespace
