#include "data/npy_format.hpp"

#include <cctype>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "flujo/core/error.hpp"

namespace flujo::data::npy {
namespace {

// A cursor over the dict literal; every failure throws naming the file.
class DictParser {
 public:
  DictParser(const std::string& path, std::string_view text) : path_(path), text_(text) {}

  [[noreturn]] void fail(const std::string& reason) const {
    throw Error(fmt::format("{}: malformed .npy header ({})", path_, reason));
  }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool accept(char ch) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ch) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(char ch) {
    if (!accept(ch)) fail(fmt::format("expected '{}' at byte {}", ch, pos_));
  }
  bool at_end() {
    skip_space();
    return pos_ == text_.size();
  }
  bool peek_is(char ch) {
    skip_space();
    return pos_ < text_.size() && text_[pos_] == ch;
  }

  std::string string_literal() {
    skip_space();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"'))
      fail(fmt::format("expected a string at byte {}", pos_));
    const char quote = text_[pos_++];
    const size_t close = text_.find(quote, pos_);
    if (close == std::string_view::npos) fail("unterminated string");
    std::string value(text_.substr(pos_, close - pos_));
    pos_ = close + 1;
    return value;
  }

  bool boolean() {
    skip_space();
    for (const auto& [word, value] : {std::pair{"True", true}, std::pair{"False", false}}) {
      if (text_.substr(pos_).starts_with(word)) {
        pos_ += std::string_view(word).size();
        return value;
      }
    }
    fail(fmt::format("expected True or False at byte {}", pos_));
  }

  int64_t dimension() {
    skip_space();
    if (pos_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_])))
      fail(fmt::format("expected a non-negative dimension at byte {}", pos_));
    int64_t value = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      const int digit = text_[pos_++] - '0';
      if (value > (std::numeric_limits<int64_t>::max() - digit) / 10) fail("dimension overflows");
      value = value * 10 + digit;
    }
    if (pos_ < text_.size() && text_[pos_] == 'L') ++pos_;  // Python 2 long suffix
    return value;
  }

  // (a, b, …) with an optional trailing comma; () is a scalar.
  std::vector<int64_t> shape_tuple() {
    expect('(');
    std::vector<int64_t> shape;
    while (!accept(')')) {
      if (static_cast<int>(shape.size()) == kMaxRank) fail("more than 32 dimensions");
      shape.push_back(dimension());
      if (!accept(',') && !peek_is(')')) fail(fmt::format("expected ',' or ')' at byte {}", pos_));
    }
    return shape;
  }

 private:
  const std::string& path_;
  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

int length_field_bytes(const std::string& path, int major, int minor) {
  require((major == 1 || major == 2 || major == 3) && minor == 0,
          fmt::format("{}: unsupported .npy version {}.{} (need 1.0, 2.0 or 3.0)", path, major,
                      minor));
  return major == 1 ? 2 : 4;
}

Header parse_header_dict(const std::string& path, std::string_view dict) {
  DictParser parser(path, dict);
  Header header;
  bool seen_descr = false, seen_order = false, seen_shape = false;
  parser.expect('{');
  while (!parser.accept('}')) {
    const std::string key = parser.string_literal();
    parser.expect(':');
    if (key == "descr" && !seen_descr) {
      const std::string descr = parser.string_literal();
      if (descr == "<f4") {
        header.dtype = NpyDtype::float32;
      } else if (descr == "<f8") {
        header.dtype = NpyDtype::float64;
      } else {
        throw Error(fmt::format("{}: unsupported .npy dtype '{}' (need '<f4' or '<f8')", path,
                                descr));
      }
      seen_descr = true;
    } else if (key == "fortran_order" && !seen_order) {
      require(!parser.boolean(),
              fmt::format("{}: Fortran-order .npy arrays are not supported (save with C order, "
                          "e.g. numpy.ascontiguousarray)", path));
      seen_order = true;
    } else if (key == "shape" && !seen_shape) {
      header.shape = parser.shape_tuple();
      seen_shape = true;
    } else {
      parser.fail(fmt::format("unexpected or repeated key '{}'", key));
    }
    if (!parser.accept(',') && !parser.peek_is('}')) parser.fail("expected ',' or '}'");
  }
  if (!parser.at_end()) parser.fail("text after the closing '}'");
  if (!(seen_descr && seen_order && seen_shape))
    parser.fail("need the keys 'descr', 'fortran_order' and 'shape'");
  return header;
}

int64_t checked_numel(const std::vector<int64_t>& shape) {
  int64_t numel = 1;
  for (int64_t dim : shape) {
    if (dim != 0 && numel > std::numeric_limits<int64_t>::max() / dim) return -1;
    numel *= dim;
  }
  return numel;
}

std::string format_header(NpyDtype dtype, const std::vector<int64_t>& shape) {
  const std::string dims = shape.size() == 1 ? fmt::format("{},", shape[0])
                                             : fmt::format("{}", fmt::join(shape, ", "));
  std::string dict = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': ({}), }}",
                                 dtype == NpyDtype::float32 ? "<f4" : "<f8", dims);
  const bool wide = dict.size() + kPreambleBytes + 2 + 1 > 65535;
  const size_t prefix = kPreambleBytes + (wide ? 4 : 2);
  const size_t total = (prefix + dict.size() + 1 + 63) / 64 * 64;
  dict.append(total - prefix - dict.size() - 1, ' ');
  dict += '\n';
  std::string out(kMagic);
  out += static_cast<char>(wide ? 2 : 1);
  out += '\0';
  const size_t length = dict.size();
  for (size_t i = 0; i < (wide ? 4u : 2u); ++i)
    out += static_cast<char>((length >> (8 * i)) & 0xFF);
  return out + dict;
}

}  // namespace flujo::data::npy
