// write_svg_lines: a line plot for slides. Each series is drawn as polylines broken wherever a
// value cannot be drawn (non-finite, or <= 0 on a log axis), so gaps stay visible as gaps.
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "flujo/report.hpp"
#include "report/atomic_file.hpp"
#include "report/escape.hpp"
#include "report/figure_checks.hpp"
#include "report/svg_canvas.hpp"

namespace flujo::report {
namespace {

// The drawable runs of one series as <polyline> elements (a lone point as a dot).
std::string series_paths(const std::vector<double>& x, const Series& series,
                         const svg::Scale& x_scale, const svg::Scale& y_scale, const char* colour) {
  std::string out = fmt::format(
      "<g stroke=\"{0}\" fill=\"none\" stroke-width=\"2.5\" "
      "stroke-linejoin=\"round\"{1}>\n",
      colour, series.dashed ? " stroke-dasharray=\"8 5\"" : "");
  std::string run;
  size_t run_length = 0;
  double last_x = 0, last_y = 0;
  auto flush = [&] {
    if (run_length == 1)
      out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"{}\"/>\n", last_x,
                         last_y, colour);
    else if (run_length > 1)
      out += "<polyline points=\"" + run + "\"/>\n";
    run.clear();
    run_length = 0;
  };
  for (size_t i = 0; i < x.size(); ++i) {
    if (!x_scale.drawable(x[i]) || !y_scale.drawable(series.y[i])) {
      flush();
      continue;
    }
    last_x = x_scale.pixel(x[i]);
    last_y = y_scale.pixel(series.y[i]);
    if (run_length++ > 0) run += ' ';
    run += fmt::format("{:.1f},{:.1f}", last_x, last_y);
  }
  flush();
  return out + "</g>\n";
}

std::string marker_lines(const LinePlot& plot, const svg::Frame& frame, const svg::Scale& x_scale) {
  std::string out;
  for (const Marker& marker : plot.markers) {
    if (!x_scale.drawable(marker.x) || marker.x < x_scale.low || marker.x > x_scale.high) continue;
    const double px = x_scale.pixel(marker.x);
    out += fmt::format(
        "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" "
        "stroke=\"#333\" stroke-width=\"2\" stroke-dasharray=\"3 4\"/>\n"
        "<text x=\"{3:.1f}\" y=\"{4:.1f}\" font-size=\"16\">{5}</text>\n",
        px, frame.top, frame.bottom, px + 6, frame.top + 20, escape_markup(marker.label));
  }
  return out;
}

}  // namespace

void write_svg_lines(const LinePlot& plot, const std::string& path, int width, int height) {
  check_figure(plot);
  svg::require_size(width, height, path);
  std::vector<svg::LegendEntry> entries;
  for (size_t i = 0; i < plot.series.size(); ++i)
    entries.push_back(
        {.name = plot.series[i].name, .colour = svg::colour(i), .dashed = plot.series[i].dashed});
  const svg::Frame frame = svg::make_frame(width, height, entries);

  svg::Extent x_extent, y_extent;
  for (double v : plot.x) x_extent.add(v, false);
  for (const Series& series : plot.series)
    for (size_t i = 0; i < series.y.size(); ++i)
      if (std::isfinite(plot.x[i])) y_extent.add(series.y[i], plot.log_y);
  const auto x_scale = svg::Scale::covering(x_extent, false, 0.0, frame.left, frame.right);
  const auto y_scale = svg::Scale::covering(y_extent, plot.log_y, 0.05, frame.bottom, frame.top);

  std::string out = svg::open_svg(frame, plot.title);
  out += svg::axes(frame, x_scale, y_scale, plot.x_label, plot.y_label);
  out += "<g clip-path=\"url(#plot-area)\">\n";
  for (size_t i = 0; i < plot.series.size(); ++i)
    out += series_paths(plot.x, plot.series[i], x_scale, y_scale, svg::colour(i));
  out += marker_lines(plot, frame, x_scale);
  out += "</g>\n";
  out += svg::legend(frame, entries);
  out += "</svg>\n";
  write_file_atomically(path, out);
}

}  // namespace flujo::report
