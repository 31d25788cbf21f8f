#pragma once
// The hand-written parts of report.html: its style sheet and scripts. Internal to the report
// module.
#include <string_view>

namespace flujo::report {

// CSS for a page that reads well projected in a classroom: large type, strong contrast.
extern const std::string_view page_style;

// Runs first, before plotly.js: records the first JavaScript error (uncaught error, rejected
// promise, console.error) as <html data-report-status="error:<message>"> and shows it on the page.
// Defines window.flujoReportFail(message) for page_script.
extern const std::string_view error_trap_script;

// Runs after plotly.js, before page_script: defines window.flujoFigureBuilders, for each "kind"
// of plot_data a function from that figure's JSON to {data, layout} for Plotly.newPlot, all in
// one look (fonts, palette, grid colour). In page_figures.cpp.
extern const std::string_view figure_script;

// Draws every element with data-figure="<i>" from the i-th object of the JSON in
// <script id="report-data"> with figure_script's builders, marks it data-drawn="1" once Plotly's
// promise resolved, then sets data-report-status="ok:<drawn>/<figures>" unless an error came
// first.
extern const std::string_view page_script;

}  // namespace flujo::report
