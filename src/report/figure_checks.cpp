#include "report/figure_checks.hpp"

#include <fmt/format.h>

#include <cmath>

#include "flujo/core/error.hpp"

namespace flujo::report {

void check_figure(const Scatter3D& scatter) {
  require(scatter.axis_labels.size() == 3, fmt::format("report figure '{}': {} axis labels, need 3",
                                                       scatter.title, scatter.axis_labels.size()));
  require(scatter.marker_size > 0.0,
          fmt::format("report figure '{}': marker size must be positive", scatter.title));
  for (const PointCloud& cloud : scatter.clouds) {
    require(cloud.points.size() % 3 == 0,
            fmt::format("report figure '{}': cloud '{}' has {} values, not (N, 3)", scatter.title,
                        cloud.name, cloud.points.size()));
    const size_t count = cloud.points.size() / 3;
    require(cloud.colour.empty() || cloud.colour.size() == count,
            fmt::format("report figure '{}': cloud '{}' has {} points but {} colour values",
                        scatter.title, cloud.name, count, cloud.colour.size()));
  }
}

void check_figure(const LinePlot& plot) {
  for (const Series& series : plot.series)
    require(series.y.size() == plot.x.size(),
            fmt::format("report figure '{}': series '{}' has {} values for {} x values", plot.title,
                        series.name, series.y.size(), plot.x.size()));
}

void check_figure(const PersistenceDiagram& diagram) {
  for (const PersistencePairs& pairs : diagram.dimensions) {
    require(pairs.dimension >= 0, fmt::format("report figure '{}': homology dimension {} < 0",
                                              diagram.title, pairs.dimension));
    require(pairs.birth.size() == pairs.death.size(),
            fmt::format("report figure '{}': H{} has {} births but {} deaths", diagram.title,
                        pairs.dimension, pairs.birth.size(), pairs.death.size()));
  }
}

void check_figure(const Table&) {}

void check_figure(const Heatmap& heatmap) {
  const size_t rows = heatmap.row_labels.size(), columns = heatmap.column_labels.size();
  require(heatmap.values.size() == rows * columns,
          fmt::format("report figure '{}': {} values for {} rows × {} columns", heatmap.title,
                      heatmap.values.size(), rows, columns));
  require(std::isfinite(heatmap.colour_min) && std::isfinite(heatmap.colour_max) &&
              heatmap.colour_min < heatmap.colour_max,
          fmt::format("report figure '{}': colour range [{}, {}] is not finite and increasing",
                      heatmap.title, heatmap.colour_min, heatmap.colour_max));
}

void check_figure(const Scatter2D& scatter) {
  for (const LabelledPoints& set : scatter.sets) {
    require(set.x.size() == set.y.size(),
            fmt::format("report figure '{}': set '{}' has {} x values but {} y values",
                        scatter.title, set.name, set.x.size(), set.y.size()));
    require(set.labels.empty() || set.labels.size() == set.x.size(),
            fmt::format("report figure '{}': set '{}' has {} points but {} labels", scatter.title,
                        set.name, set.x.size(), set.labels.size()));
  }
}

void check_report(const Report& report) {
  for (const Section& section : report.sections)
    for (const Figure& figure : section.figures)
      std::visit([](const auto& each) { check_figure(each); }, figure);
}

}  // namespace flujo::report
