// Movies: the pendulum's bob is drawn where its angle puts it, a movie at several energies starts
// each run at rest at its own angle, a written movie reads back to its frames (to the 8-bit
// rounding) and resamples by area averaging, and bad frames get one line naming the file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/run_cli.hpp"
#include "flujo/core/error.hpp"
#include "flujo/movie.hpp"
#include "movie/image_io.hpp"
#include "support/error_message.hpp"
#include "support/scratch_dir.hpp"

namespace flujo::movie {
namespace {
using testing::ScratchDir;

// PNG stores 8 bits: a value reads back within half a step of 1/255.
constexpr double kEightBitRounding = 0.5 / 255.0 + 1e-7;

TEST(Movie, ThePendulumsBobIsWhereItsAngleSaysAndEachEnergyStartsAtRest) {
  const Movie movie = render({.scene = "pendulum", .frames = 90, .size = 64, .energies = 3});
  ASSERT_EQ(movie.frames.count, 90);
  ASSERT_EQ(movie.state.channel_names(), (std::vector<std::string>{"t", "theta", "omega", "cos_theta", "sin_theta"}));
  for (int64_t i = 0; i < 90; i += 7) {
    const float* frame = movie.frames.frame(i);
    const int64_t brightest = std::max_element(frame, frame + 64 * 64) - frame;
    const double theta = movie.state.at(i, 1);
    // The bob hangs below the centre at θ = 0 and swings on a circle of 0.35 × 64 pixels.
    EXPECT_NEAR(brightest % 64 + 0.5, 32 + 22.4 * std::sin(theta), 1.0) << "frame " << i;
    EXPECT_NEAR(brightest / 64 + 0.5, 32 + 22.4 * std::cos(theta), 1.0) << "frame " << i;
    EXPECT_NEAR(std::hypot(movie.state.at(i, 3), movie.state.at(i, 4)), 1.0, 1e-12);
  }
  // Three runs of 30 frames released at rest from 0.5, 1.65 and 2.8 rad.
  for (int run = 0; run < 3; ++run) {
    EXPECT_DOUBLE_EQ(movie.state.at(30 * run, 1), 0.5 + 1.15 * run);
    EXPECT_DOUBLE_EQ(movie.state.at(30 * run, 2), 0.0);
  }
  EXPECT_EQ(testing::error_message([] { render({.scene = "lorenz", .frames = 10, .energies = 2}); }),
            "--energies is for the pendulum scene");
  EXPECT_EQ(testing::error_message([] { render({.scene = "pendulm"}); }),
            "the scene must be one of pendulum, damped-pendulum, driven-pendulum, lorenz, got 'pendulm'");
}

TEST(Movie, AWrittenMovieReadsBackAndResamplesByAreaAveraging) {
  ScratchDir directory;
  const std::string dir = directory.file("lorenz");
  const Movie movie = render({.scene = "lorenz", .frames = 12, .size = 32});
  write_movie(movie, dir);
  EXPECT_FALSE(std::filesystem::exists(dir + ".partial"));
  const Frames same = read_frames(dir, 32);
  ASSERT_EQ(same.count, 12);
  for (size_t i = 0; i < same.pixels.size(); ++i)
    ASSERT_NEAR(same.pixels[i], movie.frames.pixels[i], kEightBitRounding) << i;
  const Frames half = read_frames(dir, 16);
  for (int64_t r = 0; r < 16; ++r)
    for (int64_t c = 0; c < 16; ++c) {
      const float* f = same.frame(5);
      const double mean = (f[2 * r * 32 + 2 * c] + f[2 * r * 32 + 2 * c + 1] + f[(2 * r + 1) * 32 + 2 * c] +
                           f[(2 * r + 1) * 32 + 2 * c + 1]) / 4.0;
      ASSERT_NEAR(half.frame(5)[r * 16 + c], mean, 1e-6) << r << ", " << c;
    }
  std::ifstream state(dir + "/state.csv");
  std::string header;
  std::getline(state, header);
  EXPECT_EQ(header, "t,x,y,z");
  EXPECT_EQ(testing::error_message([&] { write_movie(movie, dir); }), "--out " + dir + ": already exists; give a new directory");
}

TEST(Movie, BadFramesGetOneLineNamingTheFile) {
  ScratchDir directory;
  std::filesystem::create_directories(directory.file("frames"));
  const std::string dir = directory.file("frames");
  const std::vector<float> small(8 * 8, 0.5f), large(10 * 8, 0.25f);
  write_png(dir + "/a.png", small.data(), 8, 8);
  // A binary PGM (P5) with a comment, 8-bit.
  std::ofstream(dir + "/b.pgm", std::ios::binary) << "P5\n# a comment\n8 8\n255\n" << std::string(64, '\x80');
  EXPECT_NEAR(read_frames(dir, 8).frame(1)[0], 128.0 / 255.0, 1e-7);
  write_png(dir + "/c.png", large.data(), 10, 8);
  EXPECT_EQ(testing::error_message([&] { read_frames(dir, 8); }),
            dir + "/c.png: 8×10 pixels where the first frame (a.png) has 8×8");
  std::filesystem::remove(dir + "/c.png");
  std::ofstream(dir + "/d.png", std::ios::binary) << "this is not an image";
  EXPECT_EQ(testing::error_message([&] { read_frames(dir, 8); }), dir + "/d.png: not a PNG or binary PGM (P5) image");
  std::string png;
  {
    std::ifstream in(dir + "/a.png", std::ios::binary);
    png.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::ofstream(dir + "/d.png", std::ios::binary) << png.substr(0, png.size() / 2);
  EXPECT_NE(testing::error_message([&] { read_frames(dir, 8); }).find(dir + "/d.png: "), std::string::npos);
  std::filesystem::remove(dir + "/d.png");
  std::ofstream(dir + "/e.pgm", std::ios::binary) << "P5 8 8 255\n" << std::string(10, '\0');
  EXPECT_EQ(testing::error_message([&] { read_frames(dir, 8); }), dir + "/e.pgm: truncated PGM (10 bytes of samples, 64 needed)");
  EXPECT_EQ(testing::error_message([&] { read_frames(directory.file("none"), 8); }),
            directory.file("none") + ": not a directory of frames");
}

TEST(Movie, TheCommandWritesTheMovieOrNothing) {
  ScratchDir directory;
  const std::string dir = directory.file("pendulum");
  const testing::CliResult made =
      testing::run_cli({"movie", "pendulum", "--frames", "5", "--size", "16", "--out", dir});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_TRUE(std::filesystem::exists(dir + "/frame_00004.png"));
  const testing::CliResult refused =
      testing::run_cli({"movie", "pendulum", "--frames", "0", "--out", directory.file("other")});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err, "flujo: error: --frames must be at least 1, got 0\n");
  EXPECT_FALSE(std::filesystem::exists(directory.file("other")));
}

}  // namespace
}  // namespace flujo::movie
