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

// A matrix of values as coloured cells, e.g. one attention head's weights: a row per query word,
// a column per key word. Labels may repeat (a word twice in a sentence): rows and columns are
// told apart by position, not by label.
struct Heatmap {
  std::string title;
  std::vector<std::string> row_labels, column_labels;
  std::vector<double> values;         // (rows, columns) row-major; non-finite: an empty cell
  std::string x_label, y_label;       // what the columns and the rows are
  std::string colour_label;
  double colour_min = 0.0, colour_max = 1.0;  // a fixed range, so that figures compare
  std::string colour_scale = "Blues";         // a plotly colour-scale name
  bool show_values = true;  // each cell's value printed in it (2 decimals)
};

// Named points in 2-D, each with an optional text label.
struct LabelledPoints {
  std::string name;
  std::vector<double> x, y;          // (N) each
  std::vector<std::string> labels;   // (N), or empty: no text
};
// An arrow from (x0, y0) to (x1, y1), its head at the end.
struct Arrow {
  double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0;
};
// Points and arrows in a plane, e.g. words in an embedding's two principal axes before and after
// attention, an arrow from each word's place before to its place after.
struct Scatter2D {
  std::string title;
  std::string x_label, y_label;
  std::vector<LabelledPoints> sets;
  std::vector<Arrow> arrows;
  bool equal_axes = true;  // one unit as long on both axes, as a projection should be
};

using Figure = std::variant<Scatter3D, LinePlot, PersistenceDiagram, Table, Heatmap, Scatter2D>;

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
