// write_svg_projection: a 3-D cloud seen along one axis, e.g. the x–z picture of the Lorenz
// butterfly, for slides. One colour per cloud; points with a non-finite coordinate are skipped.
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/report.hpp"
#include "report/atomic_file.hpp"
#include "report/figure_checks.hpp"
#include "report/svg_canvas.hpp"

namespace flujo::report {

void write_svg_projection(const Scatter3D& scatter, int horizontal_axis, int vertical_axis,
                          const std::string& path, int width, int height) {
  check_figure(scatter);
  require(horizontal_axis >= 0 && horizontal_axis < 3 && vertical_axis >= 0 && vertical_axis < 3 &&
              horizontal_axis != vertical_axis,
          fmt::format("{}: projection axes must be two different axes of 0, 1, 2, not {} and {}",
                      path, horizontal_axis, vertical_axis));
  svg::require_size(width, height, path);
  const auto h = static_cast<size_t>(horizontal_axis), v = static_cast<size_t>(vertical_axis);
  std::vector<svg::LegendEntry> entries;
  for (size_t i = 0; i < scatter.clouds.size(); ++i)
    entries.push_back({.name = scatter.clouds[i].name, .colour = svg::colour(i), .point = true});
  const svg::Frame frame = svg::make_frame(width, height, entries);

  svg::Extent x_extent, y_extent;
  for (const PointCloud& cloud : scatter.clouds)
    for (size_t p = 0; p + 2 < cloud.points.size(); p += 3)
      if (std::isfinite(cloud.points[p + h]) && std::isfinite(cloud.points[p + v])) {
        x_extent.add(cloud.points[p + h], false);
        y_extent.add(cloud.points[p + v], false);
      }
  const auto x_scale = svg::Scale::covering(x_extent, false, 0.04, frame.left, frame.right);
  const auto y_scale = svg::Scale::covering(y_extent, false, 0.04, frame.bottom, frame.top);

  std::string out = svg::open_svg(frame, scatter.title);
  out += svg::axes(frame, x_scale, y_scale, scatter.axis_labels[h], scatter.axis_labels[v]);
  out += "<g clip-path=\"url(#plot-area)\">\n";
  for (size_t i = 0; i < scatter.clouds.size(); ++i) {
    const std::vector<double>& points = scatter.clouds[i].points;
    out += fmt::format("<g fill=\"{}\" fill-opacity=\"0.7\">\n", svg::colour(i));
    for (size_t p = 0; p + 2 < points.size(); p += 3) {
      if (!std::isfinite(points[p + h]) || !std::isfinite(points[p + v])) continue;
      out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.2\"/>\n",
                         x_scale.pixel(points[p + h]), y_scale.pixel(points[p + v]));
    }
    out += "</g>\n";
  }
  out += "</g>\n";
  out += svg::legend(frame, entries);
  out += "</svg>\n";
  write_file_atomically(path, out);
}

}  // namespace flujo::report
