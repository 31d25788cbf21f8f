#include <gtest/gtest.h>

#include <array>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "flujo/core/error.hpp"
#include "flujo/menu/text.hpp"
#include "flujo/words.hpp"
#include "support/scratch_dir.hpp"

namespace flujo::words {
namespace {

using flujo::testing::count_occurrences;
using flujo::testing::ScratchDir;

std::string corpus_error(const std::string& path) {
  try {
    read_corpus(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Corpus, ReadsTheWholeText) {
  ScratchDir dir;
  const std::string text = "¿Qué comió el niño?\n¡Pollo!\n";
  EXPECT_EQ(read_corpus(dir.write("corpus.txt", text)), text);
}

TEST(Corpus, MissingFileIsNamed) {
  ScratchDir dir;
  const std::string path = dir.file("absent.txt");
  EXPECT_EQ(corpus_error(path), path + ": cannot open (No such file or directory)");
}

TEST(Corpus, EmptyAndWhitespaceOnlyFilesAreRefused) {
  ScratchDir dir;
  const std::string empty = dir.write("empty.txt", "");
  EXPECT_EQ(corpus_error(empty), empty + ": empty file, no text");
  const std::string blank = dir.write("blank.txt", " \n\t\r\n\u00A0\u3000\n");
  EXPECT_EQ(corpus_error(blank), blank + ": only whitespace, no text");
}

TEST(Corpus, BinaryFilesAreRefused) {
  ScratchDir dir;
  const std::string nul = dir.write("nul.bin", std::string("text\nmore\0bytes", 15));
  EXPECT_EQ(corpus_error(nul), nul + ": line 2: NUL byte at byte 9 (a binary file, not text)");
  const std::string invalid = dir.write("latin1.txt", "uno\ndos\ntres ni\xF1o\n");
  EXPECT_EQ(corpus_error(invalid), invalid + ": line 3: invalid UTF-8 at byte 15");
  // The first problem is named: here invalid UTF-8 before a NUL byte.
  const std::string both = dir.write("both.bin", std::string("\xFE\n\0", 3));
  EXPECT_EQ(corpus_error(both), both + ": line 1: invalid UTF-8 at byte 0");
}

TEST(Corpus, TooFewTokensForTheContext) {
  try {
    require_tokens(12, 64, "corpus.txt");
    FAIL() << "12 tokens accepted for a context of 64";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "corpus.txt: 12 tokens, too few for a context of 64 (need at least 65)");
  }
  EXPECT_THROW(require_tokens(64, 64, "corpus.txt"), Error);
  EXPECT_NO_THROW(require_tokens(65, 64, "corpus.txt"));
}

// ---------------------------------------------------------------------------------------------
// The kitchen diary.

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

// The index in `names` of the one name that occurs in the line as whole words; fails the test
// unless exactly one occurrence of one name is found.
template <size_t N>
int the_one(const std::string& line, const std::array<const char*, N>& names) {
  int found = -1, occurrences = 0;
  for (int i = 0; i < static_cast<int>(N); ++i) {
    const size_t n = count_occurrences(" " + line + " ", std::string(" ") + names[i] + " ");
    if (n > 0) found = i;
    occurrences += static_cast<int>(n);
  }
  EXPECT_EQ(occurrences, 1) << line;
  return found;
}

TEST(KitchenDiary, SameSeedSameTextOtherSeedOtherText) {
  EXPECT_EQ(kitchen_diary("es", 50, 7), kitchen_diary("es", 50, 7));
  EXPECT_NE(kitchen_diary("es", 50, 7), kitchen_diary("es", 50, 8));
  EXPECT_EQ(lines_of(kitchen_diary("en", 30, 3)).size(), 30u);
  // Fewer days are the start of more days.
  EXPECT_EQ(kitchen_diary("en", 100, 3).rfind(kitchen_diary("en", 30, 3), 0), 0u);
}

TEST(KitchenDiary, EveryLineNamesOneWeatherAndTheDishOfTheCookWhoGotALife) {
  for (const char* lang : {"en", "es"}) {
    const DiaryWords& words = kitchen_diary_words(lang);
    const std::string again = std::string(lang) == "en" ? " again " : " otra vez ";
    const std::vector<std::string> lines = lines_of(kitchen_diary(lang, 300, 11));
    ASSERT_EQ(lines.size(), 300u);
    std::set<size_t> weather_positions;
    int yesterday = -1;
    for (const std::string& line : lines) {
      const int weather = the_one(line, words.weathers);
      const int dish = the_one(line, words.dishes);
      ASSERT_GE(weather, 0);
      ASSERT_GE(dish, 0);
      // The cook who got a life: sunny, yesterday's dish again; cloudy, the next of the cycle.
      const bool sunny = weather == 0;
      if (yesterday >= 0) {
        EXPECT_EQ(dish, sunny ? yesterday : (yesterday + 1) % menu::kFoods) << line;
      }
      EXPECT_EQ(count_occurrences(" " + line + " ", again), sunny ? 1u : 0u) << line;
      weather_positions.insert(line.find(words.weathers[weather]));
      yesterday = dish;
    }
    // The templates move the weather word around.
    EXPECT_GE(weather_positions.size(), 3u) << lang;
  }
}

TEST(KitchenDiary, DaysCycleAndTheWordTokenizerSplitsAtSpaces) {
  const std::string text = kitchen_diary("es", 15, 5);
  const std::vector<std::string> lines = lines_of(text);
  const char* days[] = {"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"};
  for (size_t d = 0; d < lines.size(); ++d) {
    EXPECT_EQ(count_occurrences(" " + lines[d] + " ", std::string(" ") + days[d % 7] + " "), 1u)
        << lines[d];
    EXPECT_EQ(lines[d].substr(lines[d].size() - 2), " .");
  }
  size_t spaced_pieces = 0;
  for (const std::string& line : lines) spaced_pieces += count_occurrences(line, " ") + 1;
  EXPECT_EQ(tokenize(text, {.kind = TokenizerKind::word, .lower_case = true}).size(),
            spaced_pieces);
}

TEST(KitchenDiary, BothLanguagesDescribeTheSameDays) {
  const std::vector<std::string> english = lines_of(kitchen_diary("en", 40, 2));
  const std::vector<std::string> spanish = lines_of(kitchen_diary("es", 40, 2));
  const DiaryWords& en = kitchen_diary_words("en");
  const DiaryWords& es = kitchen_diary_words("es");
  ASSERT_EQ(english.size(), spanish.size());
  for (size_t d = 0; d < english.size(); ++d) {
    EXPECT_EQ(the_one(english[d], en.dishes), the_one(spanish[d], es.dishes));
    EXPECT_EQ(the_one(english[d], en.weathers), the_one(spanish[d], es.weathers));
  }
}

TEST(KitchenDiary, IsACorpus) {
  ScratchDir dir;
  const std::string path = dir.write("diario.txt", kitchen_diary("es", 200, 1));
  const auto tokens = tokenize(read_corpus(path), {.kind = TokenizerKind::word}, path);
  const Vocabulary vocabulary = Vocabulary::build(tokens, {.kind = TokenizerKind::word}, 1);
  EXPECT_EQ(vocabulary.count(Vocabulary::kUnknownId), 0);
  EXPECT_NE(vocabulary.id("miércoles"), Vocabulary::kUnknownId);
  EXPECT_NE(vocabulary.id("hamburguesa"), Vocabulary::kUnknownId);
  EXPECT_NE(vocabulary.id("torta"), Vocabulary::kUnknownId);
  EXPECT_LT(vocabulary.size(), 40);
}

TEST(KitchenDiary, RefusesUnknownLanguagesAndNoDays) {
  EXPECT_THROW(kitchen_diary("fr", 10, 0), Error);
  EXPECT_THROW(kitchen_diary("en", 0, 0), Error);
}

}  // namespace
}  // namespace flujo::words
