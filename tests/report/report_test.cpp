// report.html: the data and plotly.js are inside the one file, bad figures are refused, and
// headless Chromium (when installed) draws every figure without a JavaScript error.
#include "flujo/report.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "flujo/core/error.hpp"
#include "support/scratch_dir.hpp"
#include "report/figure_json.hpp"

namespace flujo::report {
namespace {

namespace fs = std::filesystem;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr int plotted_figures = 8;  // every figure of sample_report() but the table
constexpr int drawn_arrows = 2;     // the finite arrows of sample_report()'s Scatter2D


using flujo::testing::count_occurrences;
using flujo::testing::read_text;
using flujo::testing::ScratchDir;

// A Lorenz-like helix of n points, coloured by its height: a stand-in for the true attractor.
PointCloud helix(const std::string& name, int n, double radius) {
  PointCloud cloud{.name = name};
  for (int i = 0; i < n; ++i) {
    const double t = 8.0 * std::numbers::pi * i / n;
    cloud.points.insert(cloud.points.end(), {radius * std::cos(t), radius * std::sin(t), t});
    cloud.colour.push_back(t);
  }
  return cloud;
}

Report sample_report() {
  Scatter3D truth{.title = "true attractor", .colour_label = "z(t)"};
  truth.clouds.push_back(helix("truth", 400, 10.0));
  Scatter3D delay{.title = "delay embedding",
                  .colour_label = "z(t)",
                  .axis_labels = {"x(t)", "x(t-τ)", "x(t-2τ)"}};
  delay.clouds.push_back(helix("delay", 300, 5.0));
  delay.clouds[0].colour.back() = 40.0;  // the widest colour value: every z(t) scatter must use it
  Scatter3D hidden{
      .title = "hidden-state PCA", .colour_label = "z(t)", .axis_labels = {"PC1", "PC2", "PC3"}};
  hidden.clouds.push_back(helix("hidden", 200, 2.0));
  hidden.clouds.push_back({.name = "free run", .points = {1, 2, 3, nan, 0, 1}});

  LinePlot forecast{.title = "forecast against truth", .x_label = "Lyapunov times", .y_label = "x"};
  Series truth_x{.name = "truth"}, model_x{.name = "model", .dashed = true};
  for (int i = 0; i < 200; ++i) {
    forecast.x.push_back(0.05 * i);
    truth_x.y.push_back(std::sin(0.1 * i));
    model_x.y.push_back(i == 120 ? nan : std::sin(0.1 * i) + 0.002 * i);
  }
  forecast.series = {truth_x, model_x};
  forecast.markers.push_back({.x = 4.2, .label = "valid time 4.2"});

  LinePlot training{.title = "training", .x_label = "epoch", .y_label = "loss", .log_y = true};
  training.x = {1, 2, 3, 4, 5};
  training.series.push_back({.name = "train", .y = {1.0, 0.3, 0.1, 0.0, 0.01}});
  training.series.push_back({.name = "validation", .y = {1.2, 0.5, inf, 0.2, 0.15}});

  PersistenceDiagram diagram{.title = "persistence of the free run"};
  diagram.dimensions.push_back({.dimension = 0, .birth = {0, 0, 0}, .death = {0.5, 1.5, inf}});
  diagram.dimensions.push_back({.dimension = 1, .birth = {0.8, 1.0}, .death = {3.1, 1.2}});

  Table metrics{.title = "scores"};
  metrics.rows.push_back({.metric = "λmax",
                          .value = 0.8871,
                          .goal = "≈ 0.906",
                          .truth_floor = 0.9056,
                          .verdict = Verdict::pass});
  metrics.rows.push_back({.metric = "D_stsp",
                          .value = nan,
                          .goal = "< 0.3",
                          .truth_floor = inf,
                          .verdict = Verdict::fail,
                          .note = "free run <b>diverged</b> & stopped"});
  metrics.rows.push_back({.metric = "H1 bars", .value = 1, .goal = "1", .truth_floor = 1});

  // One attention head over "the cat saw the": "the" twice, a row per query word.
  const std::vector<std::string> words = {"the", "cat", "saw", "the"};
  Heatmap head{.title = "layer 0, head 1",
               .row_labels = words,
               .column_labels = words,
               .x_label = "key",
               .y_label = "query",
               .colour_label = "weight"};
  for (int row = 0; row < 4; ++row)
    for (int column = 0; column < 4; ++column)
      head.values.push_back(column > row ? 0.0 : 1.0 / (row + 1));
  head.values[1 * 4 + 2] = nan;

  Scatter2D moves{.title = "attention moves the words", .x_label = "PC1", .y_label = "PC2"};
  moves.sets.push_back(
      {.name = "before", .x = {0, 1, 2, 0.5}, .y = {0, 1, nan, -1}, .labels = words});
  moves.sets.push_back({.name = "after", .x = {0.2, 0.8, 1.5, 0.4}, .y = {0.3, 0.6, 0.2, -0.4}});
  moves.arrows = {{.x0 = 0, .y0 = 0, .x1 = 0.2, .y1 = 0.3},
                  {.x0 = 1, .y0 = 1, .x1 = 0.8, .y1 = 0.6},
                  {.x0 = 2, .y0 = nan, .x1 = 1.5, .y1 = 0.2}};

  Report report{.title = "Lorenz <GRU 64>", .subtitle = "sample report"};
  report.sections.push_back({.heading = "Flow",
                             .text = "First paragraph.\n\nSecond paragraph.",
                             .figures = {truth, delay, hidden}});
  report.sections.push_back({.heading = "Forecast",
                             .text = "How far ahead.",
                             .figures = {forecast, training, diagram, metrics}});
  report.sections.push_back(
      {.heading = "Attention", .text = "Where each word looks.", .figures = {head, moves}});
  return report;
}

// The JSON embedded in the page.
nlohmann::json embedded_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"report-data\">";
  const size_t begin = html.find(open);
  EXPECT_NE(begin, std::string::npos);
  const size_t end = html.find("</script>", begin);
  return nlohmann::json::parse(html.substr(begin + open.size(), end - begin - open.size()));
}

TEST(ReportHtml, HoldsPlotlyAndEveryFigureData) {
  ScratchDir dir;
  const std::string path = dir.file("report.html");
  write_html(sample_report(), path);
  const std::string html = read_text(path);

  EXPECT_NE(html.find("plotly.js v"), std::string::npos) << "plotly.js is not inlined";
  EXPECT_EQ(html.find("<script src"), std::string::npos) << "the page must not load anything";
  EXPECT_EQ(count_occurrences(html, "data-figure=\""), static_cast<size_t>(plotted_figures));
  EXPECT_NE(html.find("<h1>Lorenz &lt;GRU 64&gt;</h1>"), std::string::npos);
  EXPECT_NE(html.find("<p>First paragraph.</p>\n<p>Second paragraph.</p>"), std::string::npos);

  const nlohmann::json data = embedded_data(html);
  ASSERT_EQ(data.size(), static_cast<size_t>(plotted_figures));
  const char* kinds[] = {"scatter3d", "scatter3d", "scatter3d",   "lines",
                         "lines",     "persistence", "heatmap", "scatter2d"};
  for (int i = 0; i < plotted_figures; ++i) EXPECT_EQ(data[i]["kind"], kinds[i]) << i;

  const nlohmann::json& truth = data[0]["clouds"][0];
  ASSERT_EQ(truth["x"].size(), 400u);
  EXPECT_DOUBLE_EQ(truth["x"][0].get<double>(), 10.0);
  EXPECT_NEAR(truth["y"][100].get<double>(), 10.0 * std::sin(2.0 * std::numbers::pi), 1e-5);
  EXPECT_TRUE(data[2]["clouds"][1]["x"][1].is_null()) << "NaN coordinate must be null";
  EXPECT_TRUE(data[2]["clouds"][1]["colour"].empty());
  for (int i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(data[i]["colour_min"].get<double>(), 0.0) << i;
    EXPECT_DOUBLE_EQ(data[i]["colour_max"].get<double>(), 40.0) << "shared colour range, " << i;
  }
  EXPECT_TRUE(data[3]["series"][1]["y"][120].is_null());
  EXPECT_TRUE(data[4]["log_y"].get<bool>());
  EXPECT_TRUE(data[4]["series"][1]["y"][2].is_null()) << "inf must be null";
  EXPECT_TRUE(data[4]["series"][0]["y"][3].is_null()) << "0 on a log axis must be a gap";
  EXPECT_DOUBLE_EQ(data[3]["markers"][0]["x"].get<double>(), 4.2);

  const nlohmann::json& h0 = data[5]["dimensions"][0];
  EXPECT_EQ(h0["death"], nlohmann::json({0.5, 1.5}));
  EXPECT_EQ(h0["essential"], nlohmann::json::array({0.0}));

  const nlohmann::json& head = data[6];
  EXPECT_EQ(head["title"], "layer 0, head 1");
  EXPECT_EQ(head["row_labels"], nlohmann::json({"the", "cat", "saw", "the"}));
  EXPECT_EQ(head["column_labels"], head["row_labels"]) << "repeated labels are kept";
  ASSERT_EQ(head["values"].size(), 4u) << "one array per row";
  EXPECT_EQ(head["values"][3], nlohmann::json({0.25, 0.25, 0.25, 0.25}));
  EXPECT_EQ(head["values"][0][1], 0.0);
  EXPECT_DOUBLE_EQ(head["values"][2][0].get<double>(), 0.333333) << "six digits";
  EXPECT_TRUE(head["values"][1][2].is_null()) << "NaN cell must be null";
  EXPECT_EQ(head["x_label"], "key");
  EXPECT_EQ(head["y_label"], "query");
  EXPECT_EQ(head["colour_label"], "weight");
  EXPECT_EQ(head["colour_min"], 0.0);
  EXPECT_EQ(head["colour_max"], 1.0);
  EXPECT_EQ(head["colour_scale"], "Blues");
  EXPECT_TRUE(head["show_values"].get<bool>());

  const nlohmann::json& moves = data[7];
  EXPECT_EQ(moves["title"], "attention moves the words");
  EXPECT_EQ(moves["x_label"], "PC1");
  EXPECT_EQ(moves["y_label"], "PC2");
  EXPECT_TRUE(moves["equal_axes"].get<bool>());
  ASSERT_EQ(moves["sets"].size(), 2u);
  EXPECT_EQ(moves["sets"][0]["name"], "before");
  EXPECT_EQ(moves["sets"][0]["x"], nlohmann::json({0.0, 1.0, 2.0, 0.5}));
  EXPECT_TRUE(moves["sets"][0]["y"][2].is_null()) << "NaN coordinate must be null";
  EXPECT_EQ(moves["sets"][0]["labels"], head["row_labels"]);
  EXPECT_TRUE(moves["sets"][1]["labels"].empty());
  ASSERT_EQ(moves["arrows"].size(), static_cast<size_t>(drawn_arrows))
      << "an arrow with a non-finite end is left out";
  EXPECT_EQ(moves["arrows"][1],
            nlohmann::json({{"x0", 1.0}, {"y0", 1.0}, {"x1", 0.8}, {"y1", 0.6}}));

  EXPECT_NE(html.find("<td>λmax</td><td class=\"number\">0.8871</td><td>≈ 0.906</td>"),
            std::string::npos);
  EXPECT_EQ(count_occurrences(html, "<td class=\"number\">—</td>"), 2u)
      << "NaN value and inf floor";
  EXPECT_NE(html.find("✓ pass"), std::string::npos);
  EXPECT_NE(html.find("✗ fail"), std::string::npos);
  EXPECT_NE(html.find("free run &lt;b&gt;diverged&lt;/b&gt; &amp; stopped"), std::string::npos);
  for (const auto& entry : fs::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename().string(), "report.html") << "leftover file";
}

TEST(ReportHtml, TextCannotCloseTheDataElement) {
  ScratchDir dir;
  Report report{.title = "</script><script>alert(1)</script>"};
  LinePlot plot{.title = "</script><!--", .x = {0, 1}};
  plot.series.push_back({.name = "</SCRIPT>", .y = {0, 1}});
  report.sections.push_back({.heading = "h", .figures = {plot}});
  write_html(report, dir.file("report.html"));
  const std::string html = read_text(dir.file("report.html"));
  // Error trap, plotly.js, data, figure builders, page script: no other element is closed.
  EXPECT_EQ(count_occurrences(html, "</script>"), 5u);
  EXPECT_EQ(embedded_data(html)[0]["title"], "</script><!--");
}

TEST(ReportHtml, MissingPlotlyNamesThePathAndTheFix) {
  ScratchDir dir;
  const std::string missing = dir.file("no/plotly.min.js");
  const char* before = std::getenv("FLUJO_PLOTLY_JS");
  const bool was_set = before != nullptr;
  const std::string saved = was_set ? before : "";
  ::setenv("FLUJO_PLOTLY_JS", missing.c_str(), 1);
  try {
    write_html(sample_report(), dir.file("report.html"));
    ADD_FAILURE() << "expected flujo::Error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find(missing), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("scripts/install-deps.sh"), std::string::npos);
  }
  if (was_set)
    ::setenv("FLUJO_PLOTLY_JS", saved.c_str(), 1);
  else
    ::unsetenv("FLUJO_PLOTLY_JS");
  EXPECT_FALSE(fs::exists(dir.file("report.html")));
}

TEST(ReportHtml, InconsistentShapesThrowWithoutWriting) {
  ScratchDir dir;
  const std::string path = dir.file("report.html");
  auto write_with = [&](Figure figure) {
    Report report{.title = "bad"};
    report.sections.push_back({.heading = "h", .figures = {std::move(figure)}});
    write_html(report, path);
  };
  EXPECT_THROW(write_with(Scatter3D{.clouds = {{.name = "c", .points = {1, 2, 3, 4}}}}), Error);
  EXPECT_THROW(write_with(Scatter3D{.clouds = {{.points = {1, 2, 3}, .colour = {1, 2}}}}), Error);
  EXPECT_THROW(write_with(Scatter3D{.axis_labels = {"x", "y"}}), Error);
  EXPECT_THROW(write_with(LinePlot{.x = {1, 2}, .series = {{.name = "s", .y = {1}}}}), Error);
  EXPECT_THROW(write_with(PersistenceDiagram{.dimensions = {{.birth = {0}, .death = {}}}}), Error);
  EXPECT_THROW(write_with(PersistenceDiagram{.dimensions = {{.dimension = -1}}}), Error);
  const std::vector<std::string> two = {"a", "b"};
  EXPECT_THROW(write_with(Heatmap{.row_labels = two, .column_labels = two, .values = {1, 2, 3}}),
               Error);
  EXPECT_THROW(write_with(Heatmap{.row_labels = two, .values = {1, 2}}), Error);
  EXPECT_THROW(write_with(Heatmap{.colour_min = 1.0, .colour_max = 1.0}), Error);
  EXPECT_THROW(write_with(Heatmap{.colour_min = nan}), Error);
  EXPECT_THROW(write_with(Scatter2D{.sets = {{.x = {1, 2}, .y = {1}}}}), Error);
  EXPECT_THROW(write_with(Scatter2D{.sets = {{.x = {1}, .y = {1}, .labels = two}}}), Error);
  try {
    write_with(Heatmap{.title = "head 3", .row_labels = two, .values = {1}});
    ADD_FAILURE() << "expected flujo::Error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("'head 3'"), std::string::npos) << error.what();
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(ReportHtml, DisplayNumbersKeepSixDigitsAndNullForNonFinite) {
  EXPECT_DOUBLE_EQ(display_number(1.0 / 3.0).get<double>(), 0.333333);
  EXPECT_DOUBLE_EQ(display_number(-123456789.0).get<double>(), -123457000.0);
  EXPECT_DOUBLE_EQ(display_number(2.5e-300).get<double>(), 2.5e-300);
  EXPECT_TRUE(display_number(nan).is_null());
  EXPECT_TRUE(display_number(-inf).is_null());
}

// Opens each page in its own headless Chromium, all at once (each spends most of its time
// waiting, not computing), and returns the DOMs after the pages' scripts ran.
std::vector<std::string> rendered_doms(const ScratchDir& dir,
                                       const std::vector<std::string>& pages) {
  std::vector<FILE*> pipes;
  for (size_t i = 0; i < pages.size(); ++i) {
    const std::string command =
        "timeout 90 /usr/bin/chromium --headless=new --no-sandbox --disable-gpu "
        "--enable-unsafe-swiftshader --no-first-run --disable-background-networking "
        "--disable-component-update --disable-sync --user-data-dir='" +
        dir.file("chromium-profile-" + std::to_string(i)) +
        "' --virtual-time-budget=15000 --dump-dom 'file://" + pages[i] + "' 2>/dev/null";
    pipes.push_back(::popen(command.c_str(), "r"));
  }
  std::vector<std::string> doms(pages.size());
  for (size_t i = 0; i < pages.size(); ++i) {
    if (pipes[i] == nullptr) continue;
    char buffer[65536];
    for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipes[i])) > 0;)
      doms[i].append(buffer, n);
    ::pclose(pipes[i]);
  }
  return doms;
}

std::string report_status(const std::string& dom) {
  const std::string key = "data-report-status=\"";
  const size_t begin = dom.find(key);
  if (begin == std::string::npos) return "(no status: chromium printed no page)";
  return dom.substr(begin + key.size(), dom.find('"', begin + key.size()) - begin - key.size());
}

TEST(ReportHtml, ChromiumDrawsEveryFigureWithoutErrors) {
  if (!fs::exists("/usr/bin/chromium"))
    GTEST_SKIP() << "/usr/bin/chromium is not installed (scripts/install-deps.sh installs it); "
                    "the page was not opened in a browser";
  ScratchDir dir;
  const std::string good = dir.file("report.html"), broken = dir.file("broken.html");
  write_html(sample_report(), good);
  // The same page with one figure of a kind the script does not know: the check must see it.
  std::string html = read_text(good);
  const size_t kind = html.find("\"kind\":\"persistence\"");
  ASSERT_NE(kind, std::string::npos);
  html.replace(kind, 20, "\"kind\":\"nonsense!!!\"");
  std::ofstream(broken, std::ios::binary) << html;

  const std::vector<std::string> doms = rendered_doms(dir, {good, broken});
  const std::string& dom = doms[0];
  const std::string expected =
      "ok:" + std::to_string(plotted_figures) + "/" + std::to_string(plotted_figures);
  EXPECT_EQ(report_status(dom), expected);
  EXPECT_EQ(count_occurrences(dom, "data-drawn=\"1\""), static_cast<size_t>(plotted_figures));
  EXPECT_EQ(count_occurrences(dom, "class=\"annotation-arrow-g\""),
            static_cast<size_t>(drawn_arrows))
      << "the 2-D scatter's arrows";

  const std::string broken_status = report_status(doms[1]);
  EXPECT_EQ(broken_status.rfind("error:", 0), 0u) << broken_status;
  EXPECT_EQ(count_occurrences(doms[1], "data-drawn=\"1\""),
            static_cast<size_t>(plotted_figures - 1))
      << "one bad figure must not stop the others";
}

}  // namespace
}  // namespace flujo::report
