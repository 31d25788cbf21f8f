// write_html: report.html, one self-contained page. Text and tables are static HTML (readable
// with scripts off); plots are drawn by page_script from the JSON embedded in the page, with
// plotly.js inlined so the file opens offline.
#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>

#include "flujo/core/error.hpp"
#include "flujo/report.hpp"
#include "report/atomic_file.hpp"
#include "report/escape.hpp"
#include "report/figure_checks.hpp"
#include "report/figure_json.hpp"
#include "report/page_assets.hpp"

#ifndef FLUJO_PLOTLY_JS
#error "FLUJO_PLOTLY_JS must name plotly.min.js (set in CMakeLists.txt)"
#endif

namespace flujo::report {
namespace {

std::string read_plotly() {
  const char* from_environment = std::getenv("FLUJO_PLOTLY_JS");
  const std::string path =
      from_environment != nullptr && *from_environment != '\0' ? from_environment : FLUJO_PLOTLY_JS;
  std::ifstream stream(path, std::ios::binary);
  require(stream.is_open(), fmt::format("{}: plotly.js not found, so report.html cannot be "
                                        "written; run scripts/install-deps.sh",
                                        path));
  std::ostringstream bytes;
  bytes << stream.rdbuf();
  std::string script = std::move(bytes).str();
  require(!script.empty(),
          fmt::format("{}: plotly.js is empty; run scripts/install-deps.sh", path));
  // The script is inlined in a <script> element, which the first "</script" would end.
  std::string lower = script;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  require(lower.find("</script") == std::string::npos,
          fmt::format("{}: contains \"</script\" and cannot be inlined", path));
  return script;
}

// JSON for a <script type="application/json"> element: '<' appears only inside strings, where
// \u003c means the same, and so can never close the element.
std::string embeddable_json(const nlohmann::json& data) {
  const std::string text = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += c == '<' ? std::string_view("\\u003c") : std::string_view(&c, 1);
  return out;
}

// Plain text with blank lines between paragraphs -> <p> elements.
std::string paragraphs(std::string_view text) {
  std::string out, paragraph;
  auto flush = [&] {
    if (!paragraph.empty()) out += "<p>" + escape_markup(paragraph) + "</p>\n";
    paragraph.clear();
  };
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
      flush();
    } else {
      if (!paragraph.empty()) paragraph += '\n';
      paragraph += line;
    }
  }
  flush();
  return out;
}

std::string table_number(double v) {
  return std::isfinite(v) ? fmt::format("{:.4g}", v) : std::string("—");
}

std::string table_html(const Table& table) {
  std::string out = "<div class=\"table-figure\"><table>\n";
  if (!table.title.empty()) out += "<caption>" + escape_markup(table.title) + "</caption>\n";
  out +=
      "<thead><tr><th>metric</th><th>value</th><th>anchor / goal</th><th>truth floor</th>"
      "<th>verdict</th><th>note</th></tr></thead>\n<tbody>\n";
  for (const TableRow& row : table.rows) {
    const char* verdict = row.verdict == Verdict::pass ? "<td class=\"verdict pass\">✓ pass</td>"
                          : row.verdict == Verdict::fail ? "<td class=\"verdict fail\">✗ fail</td>"
                                                         : "<td class=\"verdict none\">—</td>";
    out += fmt::format(
        "<tr><td>{}</td><td class=\"number\">{}</td><td>{}</td><td class=\"number\">{}</td>{}"
        "<td class=\"note\">{}</td></tr>\n",
        escape_markup(row.metric), table_number(row.value), escape_markup(row.goal),
        table_number(row.truth_floor), verdict, escape_markup(row.note));
  }
  return out + "</tbody></table></div>\n";
}

// The static body; plots are empty elements that page_script fills, numbered in document order
// as plot_data numbers them.
std::string body_html(const Report& report) {
  std::string out = "<header><h1>" + escape_markup(report.title) + "</h1>\n";
  if (!report.subtitle.empty())
    out += "<p class=\"subtitle\">" + escape_markup(report.subtitle) + "</p>\n";
  out +=
      "<p class=\"hint\">Drag a 3-D figure to rotate it, scroll to zoom, double-click to "
      "reset; click a legend entry to hide it.</p></header>\n"
      "<div id=\"report-error\" hidden></div>\n<main>\n";
  int plot_index = 0;
  for (const Section& section : report.sections) {
    out +=
        "<section>\n<h2>" + escape_markup(section.heading) + "</h2>\n" + paragraphs(section.text);
    out += "<div class=\"figures\">\n";
    for (const Figure& figure : section.figures) {
      if (const auto* table = std::get_if<Table>(&figure)) {
        out += table_html(*table);
        continue;
      }
      // Line plots run along time and read best the page's width. Heatmaps (one per attention
      // head, to be compared side by side) and 2-D scatters (equal axes: about square) fill one
      // cell of the grid, as the 3-D scatters and persistence diagrams do.
      const bool wide = std::holds_alternative<LinePlot>(figure);
      const std::string& title =
          std::visit([](const auto& each) -> const std::string& { return each.title; }, figure);
      out += fmt::format(
          "<div class=\"plot{}\" data-figure=\"{}\" role=\"img\" "
          "aria-label=\"{}\"></div>\n",
          wide ? " wide" : "", plot_index++, escape_markup(title));
    }
    out += "</div>\n</section>\n";
  }
  return out + "</main>\n";
}

}  // namespace

void write_html(const Report& report, const std::string& path) {
  check_report(report);
  const std::string plotly = read_plotly();
  std::string page;
  page.reserve(plotly.size() + (1 << 20));
  page +=
      "<!DOCTYPE html>\n<html lang=\"en\" data-report-status=\"pending\">\n<head>\n"
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<title>" + escape_markup(report.title) + "</title>\n";
  page += "<style>" + std::string(page_style) + "</style>\n";
  page += "<script>" + std::string(error_trap_script) + "</script>\n";
  page += "<script>\n";
  page += plotly;
  page += "\n</script>\n</head>\n<body>\n";
  page += body_html(report);
  page += "<script type=\"application/json\" id=\"report-data\">";
  page += embeddable_json(plot_data(report));
  page += "</script>\n<script>" + std::string(figure_script) + "</script>\n";
  page += "<script>" + std::string(page_script) + "</script>\n</body>\n</html>\n";
  write_file_atomically(path, page);
}

}  // namespace flujo::report
