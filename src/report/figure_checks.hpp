#pragma once
// Shape checks of report figures, shared by the HTML and SVG writers. Internal to the report
// module. Each throws Error naming the figure and what does not fit; values are not checked
// (non-finite numbers are drawn as gaps).
#include "flujo/report.hpp"

namespace flujo::report {

void check_figure(const Scatter3D& scatter);
void check_figure(const LinePlot& plot);
void check_figure(const PersistenceDiagram& diagram);
void check_figure(const Table& table);
void check_figure(const Heatmap& heatmap);
void check_figure(const Scatter2D& scatter);
void check_report(const Report& report);

}  // namespace flujo::report
