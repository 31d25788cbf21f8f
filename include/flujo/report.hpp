#pragma once
// flujo report: the pictures of an analysis. A Report is plain data (double); write_html draws it
// as one self-contained page that opens offline (plotly.js inlined, interactive 3-D), and the
// write_svg_* functions draw single figures for slides with no dependencies.
//
//   flujo::report::Report page{.title = "Lorenz, GRU 64", .subtitle = "run 2024-05-01"};
//   flujo::report::Scatter3D truth{.title = "true attractor", .colour_label = "z(t)"};
//   truth.clouds.push_back({.name = "truth", .points = xyz, .colour = z});   // xyz (N, 3)
//   page.sections.push_back({.heading = "Flow", .text = "How the states ...", .figures = {truth}});
//   flujo::report::write_html(page, run_dir + "/report.html");
//   flujo::report::write_svg_projection(truth, 0, 2, run_dir + "/truth_xz.svg");
//
// Non-finite numbers are allowed anywhere: plots leave gaps, tables print "—". Inconsistent
// shapes throw flujo::Error naming the figure. Every file is written atomically (a temporary file
// renamed over the target), so a failure never leaves a half-written one.
#include <string>
#include <variant>
#include <vector>

namespace flujo::report {

// A named cloud of N points in 3-D, each with a colour value (the variable that colours it).
struct PointCloud {
  std::string name;
  std::vector<double> points;  // (N, 3) row-major
  std::vector<double> colour;  // (N); empty: one plain colour for the whole cloud
};

// Rotatable 3-D scatter. All Scatter3D figures of a Report with the same colour_label share one
// colour range (the min and max over all of them), so the true attractor, the delay embedding and
// the hidden-state PCA coloured by z(t) use the same colour for the same z.
struct Scatter3D {
  std::string title;
  std::vector<PointCloud> clouds;
  std::string colour_label;              // what the colour shows, e.g. "z(t)"
  std::string colour_scale = "Viridis";  // a plotly colour-scale name
  std::vector<std::string> axis_labels = {"x", "y", "z"};
  double marker_size = 2.0;  // pixels
};

struct Series {
  std::string name;
  std::vector<double> y;  // one value per LinePlot::x; non-finite values leave a gap
  bool dashed = false;
};

// A vertical line across the plot with a label, e.g. the valid prediction time.
struct Marker {
  double x = 0.0;
  std::string label;
};

// Several named series over one x, e.g. forecast against truth or training curves.
struct LinePlot {
  std::string title;
  std::string x_label, y_label;
  std::vector<double> x;
  std::vector<Series> series;
  std::vector<Marker> markers;
  bool log_y = false;  // values <= 0 leave a gap
};

// Birth/death pairs of one homology dimension; death = +inf marks an essential class (drawn on a
// line above the finite ones).
struct PersistencePairs {
  int dimension = 0;
  std::vector<double> birth, death;
};

struct PersistenceDiagram {
  std::string title;
  std::vector<PersistencePairs> dimensions;
};

enum class Verdict { none, pass, fail };

struct TableRow {
  std::string metric;
  double value = 0.0;        // non-finite: "—"
  std::string goal;          // the anchor or goal, as text: "≈ 0.906", "≥ 0.9"
  double truth_floor = 0.0;  // the same metric for the truth against itself; non-finite: "—"
  Verdict verdict = Verdict::none;
  std::string note;
};

struct Table {
  std::string title;
  std::vector<TableRow> rows;
};

using Figure = std::variant<Scatter3D, LinePlot, PersistenceDiagram, Table>;

struct Section {
  std::string heading;
  std::string text;  // plain text; a blank line starts a new paragraph
  std::vector<Figure> figures;
};

struct Report {
  std::string title;
  std::string subtitle;
  std::vector<Section> sections;
};

// Writes the page. plotly.min.js is read from $FLUJO_PLOTLY_JS when set, else from the path fixed
// at build time (node_modules/ of the source tree); a missing file throws Error saying to run
// scripts/install-deps.sh.
void write_html(const Report& report, const std::string& path);

// SVG for slides, width × height pixels, with axes, ticks, labels and a legend.
void write_svg_lines(const LinePlot& plot, const std::string& path, int width = 960,
                     int height = 600);
// The projection of a 3-D scatter onto two of its axes (0 = x, 1 = y, 2 = z), one colour per cloud.
void write_svg_projection(const Scatter3D& scatter, int horizontal_axis, int vertical_axis,
                          const std::string& path, int width = 800, int height = 700);

}  // namespace flujo::report
