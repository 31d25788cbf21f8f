// SVG figures for slides: ticks land on round numbers, scales map data onto the plot area, gaps
// stay gaps, text is escaped, bad requests are refused without writing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/report.hpp"
#include "report/svg_canvas.hpp"
#include "support/scratch_dir.hpp"

namespace flujo::report {
namespace {

namespace fs = std::filesystem;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "flujo_svg_" + std::to_string(::getpid()) + "_" + name;
}

using flujo::testing::count_occurrences;
using flujo::testing::read_text;

TEST(SvgTicks, LinearTicksAreRoundAndInsideTheRange) {
  const svg::Ticks unit = svg::linear_ticks(0.0, 1.0, 5);
  EXPECT_EQ(unit.labels, (std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
  const svg::Ticks wide = svg::linear_ticks(-23.4, 51.2, 6);
  EXPECT_EQ(wide.labels,
            (std::vector<std::string>{"-20", "-10", "0", "10", "20", "30", "40", "50"}));
  EXPECT_DOUBLE_EQ(wide.values.front(), -20.0);
  const svg::Ticks huge = svg::linear_ticks(0.0, 3e6, 3);
  EXPECT_EQ(huge.labels, (std::vector<std::string>{"0", "1e+06", "2e+06", "3e+06"}));
}

TEST(SvgTicks, LogTicksSitOnPowersOfTen) {
  const svg::Ticks ticks = svg::log_ticks(1e-3, 10.0);
  EXPECT_EQ(ticks.labels, (std::vector<std::string>{"0.001", "0.01", "0.1", "1", "10"}));
}

TEST(SvgScale, CoversTheDataAndMapsOntoPixels) {
  svg::Extent extent;
  for (double v : {2.0, nan, 6.0, -std::numeric_limits<double>::infinity()}) extent.add(v, false);
  const auto linear = svg::Scale::covering(extent, false, 0.25, 100.0, 500.0);
  EXPECT_DOUBLE_EQ(linear.low, 1.0);
  EXPECT_DOUBLE_EQ(linear.high, 7.0);
  EXPECT_DOUBLE_EQ(linear.pixel(4.0), 300.0);

  svg::Extent positive;
  for (double v : {0.003, 0.0, -1.0, 4.0}) positive.add(v, true);
  const auto log = svg::Scale::covering(positive, true, 0.0, 400.0, 0.0);
  EXPECT_DOUBLE_EQ(log.low, 1e-3);
  EXPECT_DOUBLE_EQ(log.high, 10.0);
  EXPECT_DOUBLE_EQ(log.pixel(0.01), 300.0);
  EXPECT_FALSE(log.drawable(0.0));

  svg::Extent single;
  single.add(5.0, false);
  const auto around = svg::Scale::covering(single, false, 0.0, 0.0, 1.0);
  EXPECT_LT(around.low, 5.0);
  EXPECT_GT(around.high, 5.0);
  const auto empty = svg::Scale::covering(svg::Extent{}, false, 0.1, 0.0, 1.0);
  EXPECT_LT(empty.low, empty.high);
}

TEST(SvgLines, DrawsEachRunAndBreaksAtGaps) {
  LinePlot plot{.title = "loss <train & test>",
                .x_label = "epoch",
                .y_label = "loss",
                .x = {1, 2, 3, 4, 5, 6},
                .log_y = true};
  plot.series.push_back({.name = "train", .y = {1.0, 0.5, nan, 0.2, 0.1, 0.05}});
  plot.series.push_back({.name = "test", .y = {1.0, 0.6, 0.4, 0.0, 0.3, 0.2}, .dashed = true});
  plot.markers.push_back({.x = 3.5, .label = "switch"});
  const std::string path = temp_path("lines.svg");
  write_svg_lines(plot, path);
  const std::string svg_text = read_text(path);
  fs::remove(path);

  EXPECT_EQ(svg_text.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(svg_text.substr(svg_text.size() - 7), "</svg>\n");
  EXPECT_EQ(count_occurrences(svg_text, "<g"), count_occurrences(svg_text, "</g>"));
  // train: NaN splits it in two; test: 0 cannot sit on a log axis, so it splits too.
  EXPECT_EQ(count_occurrences(svg_text, "<polyline"), 4u);
  EXPECT_EQ(count_occurrences(svg_text, "stroke-dasharray=\"8 5\""), 2u)
      << "dashed series and its legend";
  EXPECT_NE(svg_text.find("loss &lt;train &amp; test&gt;"), std::string::npos);
  EXPECT_NE(svg_text.find(">train</text>"), std::string::npos);
  EXPECT_NE(svg_text.find(">switch</text>"), std::string::npos);
  EXPECT_NE(svg_text.find(">0.01</text>"), std::string::npos) << "log ticks at decades";
  EXPECT_NE(svg_text.find(">epoch</text>"), std::string::npos);
}

TEST(SvgProjection, DrawsEveryFinitePointOnTheChosenAxes) {
  Scatter3D scatter{.title = "attractor", .axis_labels = {"x", "y", "z"}};
  scatter.clouds.push_back({.name = "truth", .points = {0, 0, 0, 1, 2, 3, 2, 4, 6}});
  scatter.clouds.push_back({.name = "model", .points = {1, 1, nan, 2, nan, 1}});
  const std::string path = temp_path("projection.svg");
  write_svg_projection(scatter, 0, 2, path);
  const std::string svg_text = read_text(path);
  fs::remove(path);

  // 3 + 1 points (the model's first has no z) + 2 legend dots.
  EXPECT_EQ(count_occurrences(svg_text, "<circle"), 6u);
  EXPECT_EQ(count_occurrences(svg_text, "<g"), count_occurrences(svg_text, "</g>"));
  EXPECT_NE(svg_text.find(">z</text>"), std::string::npos);
  EXPECT_EQ(svg_text.find(">y</text>"), std::string::npos) << "y is not drawn in an x-z view";
  EXPECT_NE(svg_text.find(">model</text>"), std::string::npos);
}

TEST(SvgProjection, RefusesBadAxesAndSizesWithoutWriting) {
  Scatter3D scatter{.title = "t"};
  scatter.clouds.push_back({.name = "c", .points = {0, 0, 0}});
  const std::string path = temp_path("refused.svg");
  EXPECT_THROW(write_svg_projection(scatter, 0, 0, path), Error);
  EXPECT_THROW(write_svg_projection(scatter, 0, 3, path), Error);
  EXPECT_THROW(write_svg_projection(scatter, 0, 2, path, 50, 50), Error);
  scatter.clouds[0].points.push_back(1);
  EXPECT_THROW(write_svg_projection(scatter, 0, 2, path), Error);
  EXPECT_THROW(write_svg_lines(LinePlot{.x = {1}, .series = {{.y = {1, 2}}}}, path), Error);
  EXPECT_FALSE(fs::exists(path));
  EXPECT_THROW(write_svg_lines(LinePlot{}, temp_path("no/such/dir/x.svg")), Error);
}

}  // namespace
}  // namespace flujo::report
