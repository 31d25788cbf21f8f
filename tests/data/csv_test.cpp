#include <gtest/gtest.h>

#include "data/csv_fields.hpp"
#include "data/scratch_dir.hpp"
#include "flujo/data.hpp"

namespace flujo::data {
namespace {
using testing::error_message;
using testing::malformed;
using testing::MalformedSample;
using testing::mentions;
using testing::refuses;
using testing::ScratchDir;

const char* kThreeColumns = "t,x,y,z\n0,1.5,-2,3e2\n1,2.5,-3,4e2\n2,3.5,-4,5e2\n";

TEST(Csv, SelectsColumnsByName) {
  ScratchDir dir;
  const Series s = read_csv(dir.write("a.csv", kThreeColumns), {"z", "x"});
  ASSERT_EQ(s.time_steps(), 3);
  ASSERT_EQ(s.channel_names(), (std::vector<std::string>{"z", "x"}));
  EXPECT_EQ(s.at(0, 0), 300.0);
  EXPECT_EQ(s.at(0, 1), 1.5);
  EXPECT_EQ(s.at(2, 0), 500.0);
  EXPECT_EQ(s.at(2, 1), 3.5);
}

TEST(Csv, SelectsColumnsByIndex) {
  ScratchDir dir;
  const Series s = read_csv(dir.write("a.csv", kThreeColumns), {2, 0});
  ASSERT_EQ(s.channel_names(), (std::vector<std::string>{"y", "t"}));
  EXPECT_EQ(s.values(), (std::vector<double>{-2, 0, -3, 1, -4, 2}));
}

TEST(Csv, EmptySelectionTakesEveryNumericColumn) {
  ScratchDir dir;
  const Series s =
      read_csv(dir.write("a.csv", "date,x,label,y\n2020-01-01,1,up,2\n2020-01-02,3,down,4\n"));
  ASSERT_EQ(s.channel_names(), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(s.values(), (std::vector<double>{1, 2, 3, 4}));
}

TEST(Csv, ReadsQuotesCrlfBomBlankLinesAndSpaces) {
  ScratchDir dir;
  const std::string text =
      "\xEF\xBB\xBF\"time\", \"the \"\"x\"\"\" ,y\r\n"
      "\"0\",\" 1.25 \",+2\r\n"
      "\r\n"
      "1 , 2.5e-1 ,\"-3\"\r\n";
  const Series s = read_csv(dir.write("q.csv", text), {"the \"x\"", "y", "time"});
  ASSERT_EQ(s.time_steps(), 2);
  EXPECT_EQ(s.values(), (std::vector<double>{1.25, 2, 0, 0.25, -3, 1}));
}

TEST(Csv, ReadsTheLastLineWithoutNewline) {
  ScratchDir dir;
  const Series s = read_csv(dir.write("a.csv", "x\n1\n2"));
  EXPECT_EQ(s.values(), (std::vector<double>{1, 2}));
}

TEST(CsvFields, ParsesNumbersStrictly) {
  double v = 0;
  EXPECT_EQ(csv::parse_number("1e-3", v), csv::NumberStatus::ok);
  EXPECT_EQ(v, 1e-3);
  EXPECT_EQ(csv::parse_number("1.5x", v), csv::NumberStatus::not_a_number);
  EXPECT_EQ(csv::parse_number("++1", v), csv::NumberStatus::not_a_number);
  EXPECT_EQ(csv::parse_number("0x10", v), csv::NumberStatus::not_a_number);
  EXPECT_EQ(csv::parse_number("nan", v), csv::NumberStatus::nan);
  EXPECT_EQ(csv::parse_number("-Infinity", v), csv::NumberStatus::infinite);
  EXPECT_EQ(csv::parse_number("", v), csv::NumberStatus::empty);
}

TEST(CsvFields, FindsInvalidUtf8) {
  EXPECT_EQ(csv::find_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC"), std::string_view::npos);
  EXPECT_EQ(csv::find_invalid_utf8("ab\xFF"), 2u);
  EXPECT_EQ(csv::find_invalid_utf8("a\xC0\xAF"), 1u);      // overlong '/'
  EXPECT_EQ(csv::find_invalid_utf8("a\xED\xA0\x80"), 1u);  // UTF-16 surrogate
  EXPECT_EQ(csv::find_invalid_utf8("a\xE2\x82"), 1u);      // cut short
}

class CsvMalformed : public ::testing::TestWithParam<MalformedSample> {};

TEST_P(CsvMalformed, NamesFileLineAndReason) {
  EXPECT_TRUE(refuses(GetParam(), [](const std::string& path) { read_csv(path); }));
}

INSTANTIATE_TEST_SUITE_P(
    Files, CsvMalformed,
    ::testing::Values(
        MalformedSample{"csv_empty.csv", {"file is empty"}},
        MalformedSample{"csv_blank_only.csv", {"no header row"}},
        MalformedSample{"csv_header_only.csv", {"line 1", "no data rows"}},
        MalformedSample{"csv_ragged_row.csv", {"line 3", "2 fields but the header has 3"}},
        MalformedSample{"csv_not_a_number.csv", {"line 4, column 'x': 'abc' is not a number"}},
        MalformedSample{"csv_nan_value.csv", {"line 3, column 'x': NaN is not allowed"}},
        MalformedSample{"csv_inf_value.csv", {"line 4, column 'y': Inf is not allowed"}},
        MalformedSample{"csv_empty_value.csv", {"line 3, column 'x': empty value"}},
        MalformedSample{"csv_out_of_range.csv", {"line 3, column 'x'", "out of range"}},
        MalformedSample{"csv_unterminated_quote.csv", {"line 3", "unterminated quote"}},
        MalformedSample{"csv_text_after_quote.csv", {"line 2", "after a closing quote"}},
        MalformedSample{"csv_invalid_utf8_header.csv", {"line 1", "not valid UTF-8", "0xff"}},
        MalformedSample{"csv_no_numeric_columns.csv", {"line 2", "no numeric columns"}}),
    [](const auto& info) {
      std::string name = info.param.file;
      return name.substr(0, name.find('.'));
    });

TEST(CsvErrors, MissingFileIsNamed) {
  const std::string path = malformed("no_such_file.csv");
  EXPECT_TRUE(mentions(error_message([&] { read_csv(path); }),
                       {"no_such_file.csv", "cannot open"}));
}

TEST(CsvErrors, UnknownColumnsAreNamed) {
  ScratchDir dir;
  const std::string path = dir.write("a.csv", kThreeColumns);
  EXPECT_TRUE(mentions(error_message([&] { read_csv(path, {"x", "w"}); }),
                       {path, "line 1", "no column 'w'", "t, x, y, z"}));
  EXPECT_TRUE(mentions(error_message([&] { read_csv(path, {4}); }),
                       {path, "line 1", "column index 4 out of range"}));
  EXPECT_TRUE(mentions(error_message([&] { read_csv(path, {-1}); }), {path, "index -1"}));
}

TEST(CsvErrors, AmbiguousColumnNameIsRefused) {
  const std::string path = malformed("csv_duplicate_column.csv");
  EXPECT_TRUE(mentions(error_message([&] { read_csv(path, {"x"}); }),
                       {"csv_duplicate_column.csv", "line 1", "'x' appears more than once"}));
  EXPECT_EQ(read_csv(path, {2}).at(0, 0), 2.0);  // an index still picks one of them
}

TEST(CsvErrors, ValuesOfUnselectedColumnsAreNotChecked) {
  const Series s = read_csv(malformed("csv_not_a_number.csv"), {"t", "y"});
  EXPECT_EQ(s.time_steps(), 3);
}

TEST(ReadSeries, DispatchesOnExtension) {
  ScratchDir dir;
  const Series from_csv = read_series(dir.write("a.csv", kThreeColumns), {"y"});
  EXPECT_EQ(from_csv.values(), (std::vector<double>{-2, -3, -4}));
  const std::string npy = dir.file("a.NPY");
  write_npy(npy, std::vector<double>{1, 2, 3, 4, 5, 6}, {3, 2});
  const Series from_npy = read_series(npy, {1});
  EXPECT_EQ(from_npy.values(), (std::vector<double>{2, 4, 6}));
  EXPECT_EQ(read_series(npy, {"0"}).values(), (std::vector<double>{1, 3, 5}));
  EXPECT_TRUE(mentions(error_message([&] { read_series(npy, {2}); }), {"a.NPY", "index 2"}));
}

}  // namespace
}  // namespace flujo::data
