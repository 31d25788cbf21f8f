#include "report/svg_canvas.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "flujo/core/error.hpp"
#include "report/escape.hpp"

namespace flujo::report::svg {
namespace {

constexpr double tick_font = 16, label_font = 20, title_font = 24, legend_font = 18;
constexpr double legend_sample = 36;  // width of a legend's line sample, pixels
constexpr const char* font_family =
    "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, "
    "sans-serif";

// A rough text width: SVG has no layout engine, and legend space needs only a fair estimate.
double text_width(std::string_view text, double font_size) {
  size_t characters = 0;
  for (unsigned char c : text) characters += (c & 0xC0) != 0x80;  // count UTF-8 code points
  return 0.6 * font_size * static_cast<double>(characters);
}

}  // namespace

void Extent::add(double v, bool log) {
  if (!std::isfinite(v) || (log && v <= 0.0)) return;
  low = std::min(low, v);
  high = std::max(high, v);
}

Scale Scale::covering(const Extent& extent, bool log, double padding, double pixel_low,
                      double pixel_high) {
  Scale scale{.pixel_low = pixel_low, .pixel_high = pixel_high, .log = log};
  const bool empty = !(extent.low <= extent.high);
  if (log) {
    scale.low = empty ? 1.0 : std::pow(10.0, std::floor(std::log10(extent.low)));
    scale.high = empty ? 10.0 : std::pow(10.0, std::ceil(std::log10(extent.high)));
    if (scale.high <= scale.low) scale.high = scale.low * 10.0;
    return scale;
  }
  if (empty) {
    scale.low = 0.0;
    scale.high = 1.0;
    return scale;
  }
  double low = extent.low, high = extent.high;
  if (high - low <= 1e-12 * std::max(std::abs(low), std::abs(high))) {
    const double half = low == 0.0 ? 1.0 : 0.1 * std::abs(low);
    low -= half;
    high += half;
  }
  const double pad = padding * (high - low);
  scale.low = low - pad;
  scale.high = high + pad;
  return scale;
}

bool Scale::drawable(double v) const { return std::isfinite(v) && (!log || v > 0.0); }

double Scale::pixel(double v) const {
  const double fraction =
      log ? std::log10(v / low) / std::log10(high / low) : (v - low) / (high - low);
  return pixel_low + fraction * (pixel_high - pixel_low);
}

Ticks linear_ticks(double low, double high, int target) {
  const double raw = (high - low) / std::max(target, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double normalised = raw / magnitude;
  const double step = magnitude * (normalised < 1.5 ? 1
                                   : normalised < 3 ? 2
                                   : normalised < 7 ? 5
                                                    : 10);
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  const bool scientific = std::max(std::abs(low), std::abs(high)) >= 1e6 || step < 1e-5;
  Ticks ticks;
  const auto first = static_cast<int64_t>(std::ceil(low / step - 1e-9));
  const auto last = static_cast<int64_t>(std::floor(high / step + 1e-9));
  for (int64_t k = first; k <= last; ++k) {
    const double v = static_cast<double>(k) * step;
    ticks.values.push_back(v);
    ticks.labels.push_back(scientific ? fmt::format("{:.3g}", v)
                                      : fmt::format("{:.{}f}", v, decimals));
  }
  return ticks;
}

Ticks log_ticks(double low, double high) {
  Ticks ticks;
  const auto first = static_cast<int>(std::ceil(std::log10(low) - 1e-9));
  const auto last = static_cast<int>(std::floor(std::log10(high) + 1e-9));
  for (int k = first; k <= last; ++k) {
    ticks.values.push_back(std::pow(10.0, k));
    ticks.labels.push_back(fmt::format("{:g}", std::pow(10.0, k)));
  }
  return ticks;
}

Ticks ticks_for(const Scale& scale, int target) {
  return scale.log ? log_ticks(scale.low, scale.high) : linear_ticks(scale.low, scale.high, target);
}

Frame make_frame(int width, int height, const std::vector<LegendEntry>& legend) {
  double legend_width = 0.0;
  for (const LegendEntry& entry : legend)
    legend_width = std::max(legend_width, legend_sample + 10 + text_width(entry.name, legend_font));
  Frame frame{.width = width, .height = height};
  frame.left = 100;
  frame.top = 60;
  frame.right = width - 30 - (legend_width > 0 ? legend_width + 20 : 0);
  frame.bottom = height - 80;
  // A legend wider than the picture still leaves a usable plot area.
  frame.right = std::max(frame.right, frame.left + 0.5 * (width - frame.left));
  return frame;
}

std::string open_svg(const Frame& frame, std::string_view title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"{2}\" fill=\"#111\">\n"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"#fff\"/>\n"
      "<defs><clipPath id=\"plot-area\"><rect x=\"{3:.1f}\" y=\"{4:.1f}\" width=\"{5:.1f}\" "
      "height=\"{6:.1f}\"/></clipPath></defs>\n"
      "<text x=\"{3:.1f}\" y=\"{7:.1f}\" font-size=\"{8}\" font-weight=\"bold\">{9}</text>\n",
      frame.width, frame.height, font_family, frame.left, frame.top, frame.right - frame.left,
      frame.bottom - frame.top, frame.top - 20, title_font, escape_markup(title));
}

std::string axes(const Frame& frame, const Scale& x, const Scale& y, std::string_view x_label,
                 std::string_view y_label) {
  std::string out = "<g stroke=\"#e1e5ea\" stroke-width=\"1\">\n";
  const Ticks x_ticks = ticks_for(x, 7), y_ticks = ticks_for(y, 6);
  for (double v : x_ticks.values)
    out += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\"/>\n",
                       x.pixel(v), frame.top, frame.bottom);
  for (double v : y_ticks.values)
    out += fmt::format("<line x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\"/>\n",
                       frame.left, frame.right, y.pixel(v));
  out += "</g>\n";
  out += fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
      "fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\"/>\n",
      frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top);
  out += fmt::format("<g font-size=\"{}\" stroke=\"#333\" stroke-width=\"1.5\">\n", tick_font);
  for (size_t i = 0; i < x_ticks.values.size(); ++i) {
    const double px = x.pixel(x_ticks.values[i]);
    out += fmt::format(
        "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\"/>"
        "<text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\" "
        "stroke=\"none\">{4}</text>\n",
        px, frame.bottom, frame.bottom + 6, frame.bottom + 26, escape_markup(x_ticks.labels[i]));
  }
  for (size_t i = 0; i < y_ticks.values.size(); ++i) {
    const double py = y.pixel(y_ticks.values[i]);
    out += fmt::format(
        "<line x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\"/>"
        "<text x=\"{3:.1f}\" y=\"{2:.1f}\" text-anchor=\"end\" "
        "dy=\"0.35em\" stroke=\"none\">{4}</text>\n",
        frame.left - 6, frame.left, py, frame.left - 10, escape_markup(y_ticks.labels[i]));
  }
  out += "</g>\n";
  const double middle_x = 0.5 * (frame.left + frame.right);
  const double middle_y = 0.5 * (frame.top + frame.bottom);
  out += fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" text-anchor=\"middle\">"
      "{}</text>\n",
      middle_x, frame.bottom + 62, label_font, escape_markup(x_label));
  out += fmt::format(
      "<text transform=\"translate({:.1f} {:.1f}) rotate(-90)\" font-size=\"{}\" "
      "text-anchor=\"middle\">{}</text>\n",
      24.0, middle_y, label_font, escape_markup(y_label));
  return out;
}

std::string legend(const Frame& frame, const std::vector<LegendEntry>& entries) {
  std::string out = fmt::format("<g font-size=\"{}\">\n", legend_font);
  const double x = frame.right + 20;
  for (size_t i = 0; i < entries.size(); ++i) {
    const LegendEntry& entry = entries[i];
    const double y = frame.top + 14 + 30.0 * static_cast<double>(i);
    if (entry.point)
      out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"6\" fill=\"{}\"/>",
                         x + legend_sample / 2, y, entry.colour);
    else
      out += fmt::format(
          "<line x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" "
          "stroke=\"{3}\" stroke-width=\"3\"{4}/>",
          x, x + legend_sample, y, entry.colour, entry.dashed ? " stroke-dasharray=\"8 5\"" : "");
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" dy=\"0.35em\">{}</text>\n",
                       x + legend_sample + 10, y, escape_markup(entry.name));
  }
  return out + "</g>\n";
}

void require_size(int width, int height, const std::string& path) {
  require(width >= 200 && height >= 150,
          fmt::format("{}: an SVG figure needs at least 200 × 150 pixels, not {} × {}", path, width,
                      height));
}

const char* colour(size_t i) {
  static constexpr const char* palette[] = {"#0b5cad", "#d1495b", "#2a9d4b", "#e08a00",
                                            "#6a3d9a", "#008b8b", "#6b6b6b"};
  return palette[i % std::size(palette)];
}

}  // namespace flujo::report::svg
