// The built-in corpus: the kitchen diary of the lecture's cooks, as sentences (contract and the
// structure tests rely on in include/flujo/words.hpp).
#include "flujo/words.hpp"

#include <array>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/core/random.hpp"
#include "flujo/menu/cooks.hpp"
#include "flujo/menu/text.hpp"

namespace flujo::words {
namespace {

constexpr int kTemplates = 3;

// A language's sentences. The templates put the weather and the dish at different positions so
// that a model has to recognise the words, not count to them; both languages have the same
// number of templates so that one seed draws the same days in each.
struct DiaryLanguage {
  DiaryWords words;
  std::array<const char*, 7> days;  // from monday
  const char* again;                // appended to the dish when it is yesterday's
  std::array<const char*, kTemplates> templates;
};

const DiaryLanguage kEnglish{
    .words = {.dishes = {"pie", "burger", "chicken"}, .weathers = {"sunny", "cloudy"}},
    .days = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"},
    .again = " again",
    .templates = {"on {day} it was {weather} and the cook served {dish}{again} .",
                  "{day} was {weather} , so the cook made {dish}{again} .",
                  "the cook served {dish}{again} on {day} , a {weather} day ."},
};

const DiaryLanguage kSpanish{
    .words = {.dishes = {"torta", "hamburguesa", "pollo"}, .weathers = {"soleado", "nublado"}},
    .days = {"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"},
    .again = " otra vez",
    .templates = {"el {day} estuvo {weather} y el cocinero sirvió {dish}{again} .",
                  "el {day} fue un día {weather} , así que el cocinero preparó {dish}{again} .",
                  "el cocinero sirvió {dish}{again} el {day} , un día {weather} ."},
};

const DiaryLanguage& diary_language(const std::string& lang) {
  menu::words_for(lang);  // the menu's check of the language, with its message
  return lang == "en" ? kEnglish : kSpanish;
}

}  // namespace

const DiaryWords& kitchen_diary_words(const std::string& lang) {
  return diary_language(lang).words;
}

std::string kitchen_diary(const std::string& lang, int days, uint64_t seed) {
  const DiaryLanguage& language = diary_language(lang);
  const DiaryWords& words = language.words;
  require(days >= 1, fmt::format("kitchen diary: days must be at least 1 (got {})", days));

  // The cook who got a life: his dish depends on today's weather and on yesterday's dish, so a
  // model of this text needs memory of the previous sentence.
  const menu::DesignedCook cook = menu::design(menu::Cook::got_a_life);
  Rng rng(seed);
  int yesterday = static_cast<int>(rng.below(menu::kFoods));
  std::string text;
  for (int day = 0; day < days; ++day) {
    const int weather = static_cast<int>(rng.below(menu::kWeathers));
    const int dish = menu::serve(cook, yesterday, weather);
    const char* sentence = language.templates[rng.below(kTemplates)];
    text += fmt::format(fmt::runtime(sentence), fmt::arg("day", language.days[day % 7]),
                        fmt::arg("weather", words.weathers[weather]),
                        fmt::arg("dish", words.dishes[dish]),
                        fmt::arg("again", dish == yesterday ? language.again : ""));
    text += '\n';
    yesterday = dish;
  }
  return text;
}

}  // namespace flujo::words
