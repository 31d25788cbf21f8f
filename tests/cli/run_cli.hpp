#pragma once
// Runs the built flujo binary (FLUJO_CLI_PATH) with the given arguments and captures its exit
// code, stdout and stderr separately (through files, so a chatty command cannot fill a pipe and
// block). Header-only: shared by the CLI tests in this folder.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/scratch_dir.hpp"

namespace flujo::testing {

struct CliResult {
  int exit_code = -1;  // -1 when the process did not exit normally (crash, signal)
  std::string out, err;
};

// Runs `binary` (a flujo command line) with the given arguments.
inline CliResult run_binary(const std::string& binary, const std::vector<std::string>& args) {
  const std::string stem = ::testing::TempDir() + "flujo_cli_" + std::to_string(::getpid());
  const std::string out_path = stem + ".out", err_path = stem + ".err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const int flags = O_WRONLY | O_CREAT | O_TRUNC;
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), flags, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), flags, 0600);
  std::vector<std::string> argv_strings{binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  CliResult result;
  pid_t pid = 0;
  if (posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ) == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    result.out = read_text(out_path);
    result.err = read_text(err_path);
  }
  posix_spawn_file_actions_destroy(&actions);
  std::remove(out_path.c_str());
  std::remove(err_path.c_str());
  return result;
}

inline CliResult run_cli(const std::vector<std::string>& args) {
  return run_binary(FLUJO_CLI_PATH, args);
}

inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace flujo::testing
