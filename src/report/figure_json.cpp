#include "report/figure_json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <utility>

namespace flujo::report {
namespace {

using nlohmann::json;

json numbers(std::span<const double> values) {
  json array = json::array();
  for (double v : values) array.push_back(display_number(v));
  return array;
}

// One coordinate column of an (N, 3) cloud.
json column(const std::vector<double>& points, size_t axis) {
  json array = json::array();
  for (size_t i = axis; i < points.size(); i += 3) array.push_back(display_number(points[i]));
  return array;
}

using ColourRanges = std::map<std::string, std::pair<double, double>>;

// The finite min and max of the colour values of all scatters with the same colour label.
ColourRanges shared_colour_ranges(const Report& report) {
  ColourRanges ranges;
  for (const Section& section : report.sections)
    for (const Figure& figure : section.figures) {
      const auto* scatter = std::get_if<Scatter3D>(&figure);
      if (scatter == nullptr) continue;
      auto [range, inserted] =
          ranges.try_emplace(scatter->colour_label, std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity());
      for (const PointCloud& cloud : scatter->clouds)
        for (double v : cloud.colour)
          if (std::isfinite(v)) {
            range->second.first = std::min(range->second.first, v);
            range->second.second = std::max(range->second.second, v);
          }
    }
  return ranges;
}

json scatter_json(const Scatter3D& scatter, const ColourRanges& ranges) {
  const auto& [low, high] = ranges.at(scatter.colour_label);
  json clouds = json::array();
  for (const PointCloud& cloud : scatter.clouds)
    clouds.push_back({{"name", cloud.name},
                      {"x", column(cloud.points, 0)},
                      {"y", column(cloud.points, 1)},
                      {"z", column(cloud.points, 2)},
                      {"colour", numbers(cloud.colour)}});
  return {{"kind", "scatter3d"},
          {"title", scatter.title},
          {"colour_label", scatter.colour_label},
          {"colour_scale", scatter.colour_scale},
          {"colour_min", display_number(low)},
          {"colour_max", display_number(high)},
          {"axis_labels", scatter.axis_labels},
          {"marker_size", scatter.marker_size},
          {"clouds", std::move(clouds)}};
}

json lines_json(const LinePlot& plot) {
  json series = json::array();
  for (const Series& each : plot.series) {
    json y = numbers(each.y);
    // Plotly draws a value <= 0 on a log axis as a drop to the bottom edge; a gap is honest.
    if (plot.log_y)
      for (json& v : y)
        if (v.is_number() && v.get<double>() <= 0.0) v = nullptr;
    series.push_back({{"name", each.name}, {"y", std::move(y)}, {"dashed", each.dashed}});
  }
  json markers = json::array();
  for (const Marker& marker : plot.markers)
    markers.push_back({{"x", display_number(marker.x)}, {"label", marker.label}});
  return {{"kind", "lines"},
          {"title", plot.title},
          {"x_label", plot.x_label},
          {"y_label", plot.y_label},
          {"log_y", plot.log_y},
          {"x", numbers(plot.x)},
          {"series", std::move(series)},
          {"markers", std::move(markers)}};
}

// Finite pairs as birth/death columns; pairs dying at +inf (essential classes) as births only.
// Pairs with a NaN are dropped: there is nothing to draw.
json persistence_json(const PersistenceDiagram& diagram) {
  json dimensions = json::array();
  for (const PersistencePairs& pairs : diagram.dimensions) {
    json birth = json::array(), death = json::array(), essential = json::array();
    for (size_t i = 0; i < pairs.birth.size(); ++i) {
      const double b = pairs.birth[i], d = pairs.death[i];
      if (!std::isfinite(b)) continue;
      if (std::isfinite(d)) {
        birth.push_back(display_number(b));
        death.push_back(display_number(d));
      } else if (d > 0) {
        essential.push_back(display_number(b));
      }
    }
    dimensions.push_back({{"dimension", pairs.dimension},
                          {"birth", std::move(birth)},
                          {"death", std::move(death)},
                          {"essential", std::move(essential)}});
  }
  return {{"kind", "persistence"}, {"title", diagram.title}, {"dimensions", std::move(dimensions)}};
}

// The values as an array of rows, as Plotly's heatmap wants them; a non-finite cell is null.
json heatmap_json(const Heatmap& heatmap) {
  const size_t columns = heatmap.column_labels.size();
  json rows = json::array();
  for (size_t row = 0; row < heatmap.row_labels.size(); ++row)
    rows.push_back(numbers(std::span(heatmap.values).subspan(row * columns, columns)));
  return {{"kind", "heatmap"},
          {"title", heatmap.title},
          {"row_labels", heatmap.row_labels},
          {"column_labels", heatmap.column_labels},
          {"values", std::move(rows)},
          {"x_label", heatmap.x_label},
          {"y_label", heatmap.y_label},
          {"colour_label", heatmap.colour_label},
          {"colour_min", display_number(heatmap.colour_min)},
          {"colour_max", display_number(heatmap.colour_max)},
          {"colour_scale", heatmap.colour_scale},
          {"show_values", heatmap.show_values}};
}

// A point with a non-finite coordinate becomes null, which Plotly leaves out; an arrow with one
// is dropped.
json scatter2d_json(const Scatter2D& scatter) {
  json sets = json::array();
  for (const LabelledPoints& set : scatter.sets)
    sets.push_back({{"name", set.name},
                    {"x", numbers(set.x)},
                    {"y", numbers(set.y)},
                    {"labels", set.labels}});
  json arrows = json::array();
  for (const Arrow& arrow : scatter.arrows)
    if (std::isfinite(arrow.x0) && std::isfinite(arrow.y0) && std::isfinite(arrow.x1) &&
        std::isfinite(arrow.y1))
      arrows.push_back({{"x0", display_number(arrow.x0)},
                        {"y0", display_number(arrow.y0)},
                        {"x1", display_number(arrow.x1)},
                        {"y1", display_number(arrow.y1)}});
  return {{"kind", "scatter2d"},
          {"title", scatter.title},
          {"x_label", scatter.x_label},
          {"y_label", scatter.y_label},
          {"equal_axes", scatter.equal_axes},
          {"sets", std::move(sets)},
          {"arrows", std::move(arrows)}};
}

}  // namespace

json display_number(double v) {
  if (!std::isfinite(v)) return nullptr;
  char text[32];
  const auto printed = std::to_chars(text, text + sizeof text, v, std::chars_format::general, 6);
  double rounded = v;
  std::from_chars(text, printed.ptr, rounded);
  return rounded;
}

json plot_data(const Report& report) {
  const ColourRanges ranges = shared_colour_ranges(report);
  json figures = json::array();
  for (const Section& section : report.sections)
    for (const Figure& figure : section.figures) {
      if (const auto* scatter = std::get_if<Scatter3D>(&figure))
        figures.push_back(scatter_json(*scatter, ranges));
      else if (const auto* plot = std::get_if<LinePlot>(&figure))
        figures.push_back(lines_json(*plot));
      else if (const auto* diagram = std::get_if<PersistenceDiagram>(&figure))
        figures.push_back(persistence_json(*diagram));
      else if (const auto* heatmap = std::get_if<Heatmap>(&figure))
        figures.push_back(heatmap_json(*heatmap));
      else if (const auto* scatter2d = std::get_if<Scatter2D>(&figure))
        figures.push_back(scatter2d_json(*scatter2d));
    }
  return figures;
}

}  // namespace flujo::report
