#pragma once
// The pieces of an SVG chart: scales, tick positions, the frame with axes, ticks, labels and
// legend. Internal to the report module; write_svg_lines and write_svg_projection draw with them.
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace flujo::report::svg {

// Finite (and, for a log scale, positive) values seen so far: the extent a scale must show.
struct Extent {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  void add(double v, bool log);
};

// Maps data values onto pixels, linearly or in log10. low < high; both positive when log.
struct Scale {
  double low = 0.0, high = 1.0;
  double pixel_low = 0.0, pixel_high = 1.0;
  bool log = false;

  // An extent widened for drawing onto [pixel_low, pixel_high]: linear by `padding` of its span
  // on each side, log to whole decades; an empty extent becomes [0, 1] (log: [1, 10]), a single
  // value a range around it.
  static Scale covering(const Extent& extent, bool log, double padding, double pixel_low,
                        double pixel_high);
  bool drawable(double v) const;
  double pixel(double v) const;
};

struct Ticks {
  std::vector<double> values;
  std::vector<std::string> labels;
};

// About `target` ticks at multiples of 1, 2 or 5 × 10^k within [low, high], labelled with the
// decimals the step needs.
Ticks linear_ticks(double low, double high, int target);
// One tick per power of ten within [low, high] (0 < low < high).
Ticks log_ticks(double low, double high);
Ticks ticks_for(const Scale& scale, int target);

struct LegendEntry {
  std::string name;
  std::string colour;
  bool dashed = false;
  bool point = false;  // a dot (scatter) rather than a line sample
};

// The chart's geometry: the whole picture and the plot area inside it, in pixels. The legend sits
// right of the plot area, so it never hides data.
struct Frame {
  int width = 0, height = 0;
  double left = 0, right = 0, top = 0, bottom = 0;
};

Frame make_frame(int width, int height, const std::vector<LegendEntry>& legend);

// "<svg ...>", white background, title and a clip path "plot-area" for the data.
std::string open_svg(const Frame& frame, std::string_view title);
// Box around the plot area, grid lines, ticks and their labels, axis labels.
std::string axes(const Frame& frame, const Scale& x, const Scale& y, std::string_view x_label,
                 std::string_view y_label);
std::string legend(const Frame& frame, const std::vector<LegendEntry>& entries);

// Throws Error naming `path` when width × height is too small for axes and labels.
void require_size(int width, int height, const std::string& path);

// The i-th colour of the palette the HTML page also uses.
const char* colour(size_t i);

}  // namespace flujo::report::svg
