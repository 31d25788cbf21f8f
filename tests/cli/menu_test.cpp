// flujo menu on the built binary: the three cooks' hand-designed matrices, diaries that follow
// each cook's rule, a perfect held-out accuracy for each learned cook, Spanish, reproducibility.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run_cli.hpp"

namespace flujo::testing {
namespace {

const std::vector<std::string> kFoodsEn{"apple pie", "burger", "chicken"};  // cycle order

struct Section {
  std::string title;
  std::vector<std::string> lines;
};

// Splits the output at the "== <cook> ==" titles.
std::vector<Section> cook_sections(const std::string& out) {
  std::vector<Section> sections;
  for (const std::string& line : split_lines(out)) {
    if (line.rfind("== ", 0) == 0)
      sections.push_back({line.substr(3, line.size() - 6), {}});
    else if (!sections.empty())
      sections.back().lines.push_back(line);
  }
  return sections;
}

// Runs of spaces become one space, ends trimmed: "    burger   1  0" → "burger 1 0".
std::string squeeze(const std::string& line) {
  std::istringstream in(line);
  std::string word, joined;
  while (in >> word) joined += (joined.empty() ? "" : " ") + word;
  return joined;
}

bool has_line(const Section& section, const std::string& squeezed) {
  return std::any_of(section.lines.begin(), section.lines.end(),
                     [&](const std::string& line) { return squeeze(line) == squeezed; });
}

bool mentions(const Section& section, const std::string& text) {
  return std::any_of(section.lines.begin(), section.lines.end(),
                     [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

struct DiaryRow {
  int day;
  std::string weather, dish;
};

// The table after the line starting with heading: a header row, then "day weather dish" rows
// up to the next blank line. Weather is one word, the dish the rest.
std::vector<DiaryRow> diary(const Section& section, const std::string& heading) {
  std::vector<DiaryRow> rows;
  auto it = std::find_if(section.lines.begin(), section.lines.end(),
                         [&](const std::string& line) { return line.rfind(heading, 0) == 0; });
  if (it == section.lines.end()) return rows;
  for (it += 2; it != section.lines.end() && !squeeze(*it).empty(); ++it) {
    std::istringstream in(*it);
    DiaryRow row;
    in >> row.day >> row.weather;
    std::getline(in >> std::ws, row.dish);
    rows.push_back(row);
  }
  return rows;
}

int food_index(const std::string& dish) {
  return static_cast<int>(std::find(kFoodsEn.begin(), kFoodsEn.end(), dish) - kFoodsEn.begin());
}

TEST(Menu, ShowsThreeCooksEachLearnedToPerfectHeldOutAccuracy) {
  const CliResult result = run_cli({"menu"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  const std::vector<Section> sections = cook_sections(result.out);
  ASSERT_EQ(sections.size(), 3u) << result.out;
  EXPECT_EQ(sections[0].title, "The weather cook");
  EXPECT_EQ(sections[1].title, "The obsessive cook");
  EXPECT_EQ(sections[2].title, "The cook who got a life");
  for (const Section& section : sections) {
    SCOPED_TRACE(section.title);
    EXPECT_TRUE(mentions(section, "Hand-designed matrices"));
    EXPECT_TRUE(mentions(section, "next-dish accuracy on 500 held-out days: 100% (500/500)"));
    EXPECT_TRUE(mentions(section, "Learned matrices need not equal the designed ones"));
    EXPECT_TRUE(mentions(section, "readout.weight"));
    EXPECT_EQ(diary(section, "The diary:").size(), 15u);  // day 0 and two weeks
  }
  // Only the cooks with memory learn a recurrent matrix.
  EXPECT_FALSE(mentions(sections[0], "rnn.weight_hh_l0"));
  EXPECT_TRUE(mentions(sections[1], "rnn.weight_hh_l0"));
  EXPECT_TRUE(mentions(sections[2], "rnn.weight_hh_l0"));
}

TEST(Menu, PrintsTheLecturesHandDesignedMatrices) {
  const CliResult result = run_cli({"menu"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::vector<Section> s = cook_sections(result.out);
  ASSERT_EQ(s.size(), 3u);
  // Weather cook: sunny → apple pie, cloudy → burger.
  EXPECT_TRUE(has_line(s[0], "sunny cloudy"));
  EXPECT_TRUE(has_line(s[0], "apple pie 1 0"));
  EXPECT_TRUE(has_line(s[0], "burger 0 1"));
  EXPECT_TRUE(has_line(s[0], "chicken 0 0"));
  // Obsessive cook: the cycle's permutation matrix.
  EXPECT_TRUE(has_line(s[1], "apple pie burger chicken"));
  EXPECT_TRUE(has_line(s[1], "apple pie 0 0 1"));
  EXPECT_TRUE(has_line(s[1], "burger 1 0 0"));
  EXPECT_TRUE(has_line(s[1], "chicken 0 1 0"));
  // The cook who got a life: F = [I; P], G selects a half, M = [I I].
  EXPECT_TRUE(has_line(s[2], "u1 (same: apple pie) 1 0 0"));
  EXPECT_TRUE(has_line(s[2], "u4 (next: apple pie) 0 0 1"));
  EXPECT_TRUE(has_line(s[2], "u5 (next: burger) 1 0 0"));
  EXPECT_TRUE(has_line(s[2], "u2 (same: burger) 1 0"));
  EXPECT_TRUE(has_line(s[2], "u6 (next: chicken) 0 1"));
  EXPECT_TRUE(has_line(s[2], "u1 u2 u3 u4 u5 u6"));
  EXPECT_TRUE(has_line(s[2], "apple pie 1 0 0 1 0 0"));
  EXPECT_TRUE(has_line(s[2], "chicken 0 0 1 0 0 1"));
}

TEST(Menu, DiariesFollowEachCooksRuleUnderTheSameWeather) {
  const CliResult result = run_cli({"menu", "--days", "20", "--seed", "7"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::vector<Section> sections = cook_sections(result.out);
  ASSERT_EQ(sections.size(), 3u);
  std::vector<std::vector<DiaryRow>> diaries;
  for (const Section& section : sections) diaries.push_back(diary(section, "The diary: 20 days"));
  for (int cook = 0; cook < 3; ++cook) {
    SCOPED_TRACE(sections[cook].title);
    const std::vector<DiaryRow>& rows = diaries[cook];
    ASSERT_EQ(rows.size(), 21u);
    EXPECT_EQ(rows[0].dish, "apple pie");
    int sunny_days = 0;
    for (int day = 1; day <= 20; ++day) {
      const DiaryRow& row = rows[day];
      EXPECT_EQ(row.day, day);
      EXPECT_EQ(row.weather, diaries[0][day].weather);
      ASSERT_TRUE(row.weather == "sunny" || row.weather == "cloudy") << row.weather;
      const bool sunny = row.weather == "sunny";
      sunny_days += sunny;
      const int yesterday = food_index(rows[day - 1].dish), next = (yesterday + 1) % 3;
      const std::string expected = cook == 0   ? (sunny ? "apple pie" : "burger")
                                   : cook == 1 ? kFoodsEn[next]
                                               : kFoodsEn[sunny ? yesterday : next];
      EXPECT_EQ(row.dish, expected) << "day " << day;
    }
    // Both weathers occur, so every branch of every rule was exercised.
    EXPECT_GT(sunny_days, 0);
    EXPECT_LT(sunny_days, 20);
  }
}

TEST(Menu, SameSeedRepeatsExactlyAndAnotherSeedChangesTheWeather) {
  const CliResult first = run_cli({"menu", "--seed", "3"});
  const CliResult again = run_cli({"menu", "--seed", "3"});
  const CliResult other = run_cli({"menu", "--seed", "4"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, again.out);
  const auto weather = [](const CliResult& result) {
    std::string sequence;
    for (const DiaryRow& row : diary(cook_sections(result.out).at(0), "The diary:"))
      sequence += row.weather + " ";
    return sequence;
  };
  EXPECT_NE(weather(first), weather(other));
}

TEST(Menu, SpanishPrintsEveryWordInSpanish) {
  const CliResult result = run_cli({"menu", "--lang", "es"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::vector<Section> sections = cook_sections(result.out);
  ASSERT_EQ(sections.size(), 3u);
  EXPECT_EQ(sections[1].title, "El cocinero obsesivo");
  for (const char* word : {"tarta de manzana", "hamburguesa", "pollo", "soleado", "nublado",
                           "Matrices diseñadas a mano", "El diario:", "día", "plato"})
    EXPECT_NE(result.out.find(word), std::string::npos) << word;
  for (const Section& section : sections)
    EXPECT_TRUE(mentions(section, "acierto del plato siguiente en 500 días reservados: 100%"))
        << section.title;
  for (const char* english : {"apple pie", "burger", "chicken", "sunny", "cloudy", "Hand-designed",
                              "accuracy", "diary", "weather", "dish", "Learned", "same", "next"})
    EXPECT_EQ(result.out.find(english), std::string::npos) << english;
  // The Spanish obsessive cook's matrix, aligned by characters despite the accents elsewhere.
  EXPECT_TRUE(has_line(sections[1], "hamburguesa 1 0 0"));
}

TEST(Menu, RejectsBadOptionsNamingThem) {
  for (const auto& [args, option] :
       std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"menu", "--lang", "fr"}, "--lang"},
           {{"menu", "--days", "-1"}, "--days"},
           {{"menu", "--days", "0"}, "--days"}}) {
    const CliResult result = run_cli(args);
    EXPECT_EQ(result.exit_code, 2) << option;
    EXPECT_EQ(result.out, "") << option;
    const std::vector<std::string> lines = split_lines(result.err);
    ASSERT_EQ(lines.size(), 1u) << result.err;
    EXPECT_NE(lines[0].find(option), std::string::npos) << lines[0];
  }
}

}  // namespace
}  // namespace flujo::testing
