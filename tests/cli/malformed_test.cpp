// Every malformed-input case in tests/malformed/ (listed with its reader and the fragment its
// error must contain in tests/malformed/expected.txt) is given to the real CLI, which must answer
// exit code 2 and exactly one line on stderr naming the file and the reason: no crash, no
// internal error, and no model file written half-way.
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/run_cli.hpp"
#include "flujo/data.hpp"

namespace flujo::testing {
namespace {

namespace fs = std::filesystem;

const std::string kCaseDir = std::string(FLUJO_SOURCE_DIR) + "/tests/malformed";

struct MalformedCase {
  std::string file;      // in tests/malformed/, or relative to the repository root with a '/'
  std::string reader;    // csv | npy | toml | safetensors | model
  std::string fragment;  // the error line must contain it
  std::string path() const {
    return file.find('/') == std::string::npos ? kCaseDir + "/" + file
                                               : std::string(FLUJO_SOURCE_DIR) + "/" + file;
  }
};

// gtest names a failing case by its file rather than by its bytes.
void PrintTo(const MalformedCase& c, std::ostream* out) { *out << c.file; }

std::vector<MalformedCase> read_manifest() {
  std::ifstream in(kCaseDir + "/expected.txt");
  std::vector<MalformedCase> cases;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    MalformedCase c;
    fields >> c.file >> c.reader >> std::ws;
    std::getline(fields, c.fragment);
    cases.push_back(c);
  }
  return cases;
}

// A scratch directory per case, removed at scope end.
struct Scratch {
  explicit Scratch(const std::string& name)
      : path(::testing::TempDir() + "flujo_malformed_" + std::to_string(::getpid()) + "_" + name) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string path;
};

std::vector<std::string> command_for(const MalformedCase& c, const Scratch& scratch) {
  const std::string out = scratch.path + "/run";
  if (c.reader == "csv" || c.reader == "npy")
    return {"train", "--data", c.path(), "--epochs", "1", "--samples", "50", "--look-back", "4",
            "--threads", "1", "--quiet", "--out", out};
  if (c.reader == "toml") return {"train", "--config", c.path(), "--quiet", "--out", out};
  if (c.reader == "safetensors") return {"inspect", c.path()};
  const std::string windows = scratch.path + "/windows.npy";
  data::write_npy(windows, std::vector<double>(8, 0.25), {2, 4, 1}, data::NpyDtype::float32);
  return {"inspect", c.path(), "--predict", windows, "--output", scratch.path + "/next.npy"};
}

// Files a failed command may not leave behind: a model, predictions, or an atomic write's
// temporary.
std::vector<std::string> leftovers(const std::string& directory) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name == "model.safetensors" || name == "next.npy" || name.ends_with(".tmp"))
      found.push_back(name);
  }
  return found;
}

class Malformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(Malformed, ExitsTwoWithOneLineNamingFileAndReason) {
  const MalformedCase& c = GetParam();
  ASSERT_TRUE(fs::exists(c.path())) << c.path();
  const Scratch scratch(fs::path(c.file).stem().string());
  const CliResult result = run_cli(command_for(c, scratch));
  EXPECT_EQ(result.exit_code, 2) << result.err;
  const std::vector<std::string> lines = split_lines(result.err);
  ASSERT_EQ(lines.size(), 1u) << result.err;
  EXPECT_TRUE(lines[0].starts_with("flujo: error: ")) << lines[0];
  EXPECT_NE(lines[0].find(fs::path(c.file).filename().string()), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(c.fragment), std::string::npos)
      << "expected '" << c.fragment << "' in: " << lines[0];
  EXPECT_EQ(leftovers(scratch.path), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Cases, Malformed, ::testing::ValuesIn(read_manifest()),
                         [](const auto& info) {
                           std::string name = fs::path(info.param.file).stem().string();
                           for (char& ch : name)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return name;
                         });

TEST(MalformedManifest, ListsEveryCaseWithAKnownReader) {
  const std::vector<MalformedCase> cases = read_manifest();
  std::set<std::string> listed;
  for (const MalformedCase& c : cases) {
    listed.insert(c.file);
    EXPECT_TRUE(std::set<std::string>({"csv", "npy", "toml", "safetensors", "model"})
                    .count(c.reader))
        << c.file << ": reader '" << c.reader << "'";
    EXPECT_FALSE(c.fragment.empty()) << c.file;
  }
  EXPECT_EQ(listed.size(), cases.size()) << "a case is listed twice";
  int in_folder = 0;
  for (const auto& entry : fs::directory_iterator(kCaseDir)) {
    const std::string name = entry.path().filename().string();
    if (name == "expected.txt" || name == "make_cases.py") continue;
    ++in_folder;
    EXPECT_TRUE(listed.count(name)) << name << " is not in expected.txt";
  }
  EXPECT_GE(in_folder, 40);
}

}  // namespace
}  // namespace flujo::testing
