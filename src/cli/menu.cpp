// flujo menu: the lecture's menu of the day. Three cooks, each a network designed by hand and
// printed as matrices, runs a diary; then the same cook is learned back from a long diary.
#include <fmt/core.h>

#include <memory>
#include <string>

#include "commands.hpp"
#include "flujo/core.hpp"
#include "flujo/menu/cooks.hpp"
#include "flujo/menu/learning.hpp"
#include "flujo/menu/text.hpp"

namespace flujo::cli {
namespace {

using menu::Cook;
using menu::kFoods;
using menu::LabelledMatrix;
using menu::print_matrix;
using menu::Words;

struct MenuOptions {
  std::string lang = "en";
  uint64_t seed = 0;
  int days = 14;
};

constexpr int kFirstDish = 0;  // the diary starts the day after an apple pie

std::vector<std::string> food_labels(const Words& words) {
  return {words.foods.begin(), words.foods.end()};
}

std::vector<std::string> weather_labels(const Words& words) {
  return {words.weathers.begin(), words.weathers.end()};
}

// The six units of the cook who got a life: u1–u3 "same dish", u4–u6 "next dish".
std::vector<std::string> unit_labels(const Words& words, bool with_meaning) {
  std::vector<std::string> labels;
  for (int half = 0; half < 2; ++half)
    for (int dish = 0; dish < kFoods; ++dish) {
      const std::string unit = fmt::format("u{}", half * kFoods + dish + 1);
      const char* meaning = half ? words.next : words.same;
      labels.push_back(
          with_meaning ? fmt::format("{} ({}: {})", unit, meaning, words.foods[dish]) : unit);
    }
  return labels;
}

void print_designed(const menu::DesignedCook& cook, const Words& words) {
  fmt::print("{}\n", words.designed_heading);
  switch (cook.cook) {
    case Cook::weather:
      print_matrix({words.weather_matrix, food_labels(words), weather_labels(words),
                    cook.weather.values}, -1);
      break;
    case Cook::obsessive:
      print_matrix({words.recurrent_matrix, food_labels(words), food_labels(words),
                    cook.food.values}, -1);
      break;
    case Cook::got_a_life:
      print_matrix({words.food_units_matrix, unit_labels(words, true), food_labels(words),
                    cook.food.values}, -1);
      print_matrix({words.weather_units_matrix, unit_labels(words, true), weather_labels(words),
                    cook.weather.values}, -1);
      fmt::print("  {}\n", words.step_rule);
      print_matrix({words.merge_matrix, food_labels(words), unit_labels(words, false),
                    cook.merge.values}, -1);
      break;
  }
}

void print_diary(const menu::DesignedCook& cook, const Words& words, const MenuOptions& options) {
  Rng rng(options.seed);  // every cook sees the same weather
  const menu::Diary diary = menu::write_diary(cook, kFirstDish, options.days, rng);
  fmt::print("\n{}\n", fmt::format(fmt::runtime(words.diary_heading),
                                   fmt::arg("days", options.days), fmt::arg("seed", options.seed)));
  std::vector<std::vector<std::string>> rows{{"0", "–", words.foods[diary.first_dish]}};
  for (int day = 0; day < diary.days(); ++day)
    rows.push_back({std::to_string(day + 1), words.weathers[diary.weather[day]],
                    words.foods[diary.dishes[day]]});
  menu::print_table({words.day, words.weather, words.dish}, rows, {true, false, false});
}

void print_learned(const menu::DesignedCook& cook, const Words& words, const MenuOptions& options) {
  const menu::LearnedCook learned = menu::learn(cook, words, options.seed);
  fmt::print("\n{}\n", fmt::format(fmt::runtime(words.learned_heading),
                                   fmt::arg("train", learned.training_days),
                                   fmt::arg("model", learned.model),
                                   fmt::arg("window", learned.window),
                                   fmt::arg("batch", learned.batch),
                                   fmt::arg("steps", learned.steps)));
  const double percent = 100.0 * learned.correct / learned.held_out_days;
  fmt::print("  {}\n", fmt::format(fmt::runtime(words.accuracy_line),
                                   fmt::arg("held_out", learned.held_out_days),
                                   fmt::arg("percent", fmt::format("{:.4g}", percent)),
                                   fmt::arg("correct", learned.correct)));
  fmt::print("  {}\n", words.learned_note);
  for (const LabelledMatrix& matrix : learned.matrices) print_matrix(matrix, 1);
}

void run_menu(const MenuOptions& options) {
  const Words& words = menu::words_for(options.lang);
  require(options.days >= 1, "--days: must be at least 1, got " + std::to_string(options.days));
  for (const Cook cook_kind : menu::kAllCooks) {
    const menu::DesignedCook cook = menu::design(cook_kind);
    const int index = static_cast<int>(cook_kind);
    fmt::print("{}== {} ==\n{}\n\n", index == 0 ? "" : "\n", words.cook_names[index],
               words.cook_rules[index]);
    print_designed(cook, words);
    print_diary(cook, words, options);
    print_learned(cook, words, options);
  }
}

// CLI11 reads "-1" into an unsigned seed as 2^64 − 1; refuse it instead, naming the value.
const CLI::Validator kNotNegative(
    [](std::string& value) {
      return value.starts_with("-") ? "must not be negative, got " + value : std::string{};
    },
    "", "not negative");

}  // namespace

void register_menu(CLI::App& app) {
  auto* menu = app.add_subcommand(
      "menu", "The menu of the day: three cooks as hand-designed and learned networks");
  auto options = std::make_shared<MenuOptions>();
  menu->add_option("--lang", options->lang, "language of every printed word: en or es")
      ->capture_default_str();
  menu->add_option("--seed", options->seed, "seed of the weather, the diaries and the training")
      ->check(kNotNegative)
      ->capture_default_str();
  menu->add_option("--days", options->days, "length of each printed diary in days")
      ->capture_default_str();
  menu->callback([options] { run_menu(*options); });
}

}  // namespace flujo::cli
