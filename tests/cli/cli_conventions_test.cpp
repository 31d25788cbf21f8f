// The command line's conventions, checked on the built binary: help works at every level, and
// every malformed command line ends in exactly one line on stderr naming what is wrong, exit 2.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/run_cli.hpp"

namespace flujo::testing {
namespace {

TEST(CliConventions, TopLevelHelpListsTheCommandsAndExitsZero) {
  const CliResult result = run_cli({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("menu"), std::string::npos) << result.out;
  EXPECT_EQ(result.err, "");
}

TEST(CliConventions, CommandHelpListsItsOptionsAndExitsZero) {
  const CliResult result = run_cli({"menu", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* option : {"--lang", "--seed", "--days"})
    EXPECT_NE(result.out.find(option), std::string::npos) << option << " in\n" << result.out;
  EXPECT_EQ(result.err, "");
}

TEST(CliConventions, VersionExitsZero) {
  const CliResult result = run_cli({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("flujo 0.1.0"), std::string::npos) << result.out;
}

TEST(CliConventions, UnknownCommandIsNamedOnOneLine) {
  const CliResult result = run_cli({"bogus"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "flujo: error: unknown command 'bogus' (see flujo --help)\n");
  EXPECT_EQ(result.out, "");
}

struct Malformed {
  std::vector<std::string> args;
  std::string named;  // what the one line must name
};

class MalformedCommandLine : public ::testing::TestWithParam<Malformed> {};

TEST_P(MalformedCommandLine, ExitsTwoWithOneLineNamingTheCulprit) {
  const Malformed& malformed = GetParam();
  const CliResult result = run_cli(malformed.args);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  const std::vector<std::string> lines = split_lines(result.err);
  ASSERT_EQ(lines.size(), 1u) << result.err;
  EXPECT_EQ(lines[0].rfind("flujo: error: ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find(malformed.named), std::string::npos) << lines[0];
}

INSTANTIATE_TEST_SUITE_P(
    CliConventions, MalformedCommandLine,
    ::testing::Values(Malformed{{}, "no command"},
                      Malformed{{"bogus", "--days", "3"}, "'bogus'"},
                      Malformed{{"--bogus"}, "--bogus"},
                      Malformed{{"menu", "--bogus"}, "--bogus"},
                      Malformed{{"menu", "stray"}, "stray"},
                      Malformed{{"menu", "--days"}, "--days"},
                      Malformed{{"menu", "--days", "abc"}, "--days"},
                      Malformed{{"menu", "--days", "-3"}, "--days"},
                      Malformed{{"menu", "--days=0"}, "--days"},
                      Malformed{{"menu", "--seed", "-1"}, "--seed"},
                      Malformed{{"menu", "--seed", "x"}, "--seed"},
                      Malformed{{"menu", "--lang", "fr"}, "--lang"},
                      Malformed{{"menu", "--lang"}, "--lang"}));

}  // namespace
}  // namespace flujo::testing
