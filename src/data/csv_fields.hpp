#pragma once
// The text primitives of the CSV reader: splitting one line into fields, parsing one field as a
// number, and checking that bytes are valid UTF-8. None of them throws; each reports what is wrong
// so the reader can name the file, line and column.
#include <string>
#include <string_view>
#include <vector>

namespace flujo::data::csv {

// Splits a line (no line terminator) at commas. Quoted fields ("…", "" for a quote) cannot span
// lines; spaces and tabs around fields are trimmed. Returns "" on success, else the reason
// ("unterminated quote", …).
std::string split_fields(std::string_view line, std::vector<std::string>& fields);

enum class NumberStatus { ok, empty, not_a_number, nan, infinite, out_of_range };

// Parses the whole of `text` as a double; surrounding blanks and a leading '+' are accepted.
NumberStatus parse_number(std::string_view text, double& value);

// Returns the byte offset of the first invalid UTF-8 sequence, or npos when the text is valid.
size_t find_invalid_utf8(std::string_view text);

}  // namespace flujo::data::csv
