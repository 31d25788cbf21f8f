#pragma once
// Text placed in HTML or SVG markup. Internal to the report module.
#include <string>
#include <string_view>

namespace flujo::report {

// `text` with & < > " ' replaced by entities, safe in element content and quoted attributes.
inline std::string escape_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace flujo::report
