#pragma once
// The plotted figures of a Report as JSON for the page's script. Internal to the report module.
#include <nlohmann/json.hpp>

#include "flujo/report.hpp"

namespace flujo::report {

// An array with one object per plotted figure (every figure but tables), in document order;
// each has "kind": "scatter3d" | "lines" | "persistence" | "heatmap" | "scatter2d". Numbers
// keep 6 significant digits (plenty for a picture, a third of the size); non-finite numbers
// become null, and so do values <= 0 of a log-y line plot.
nlohmann::json plot_data(const Report& report);

// v rounded to 6 significant digits, or null when v is not finite.
nlohmann::json display_number(double v);

}  // namespace flujo::report
