#pragma once
// Every word `flujo menu` prints, in English and Spanish, and the two layouts it prints them in:
// a labelled matrix and a diary table. Widths count UTF-8 characters, not bytes, so Spanish
// accents keep the columns aligned.
#include <array>
#include <string>
#include <vector>

namespace flujo::menu {

inline constexpr int kFoods = 3;     // apple pie, burger, chicken: also the obsessive cook's cycle
inline constexpr int kWeathers = 2;  // sunny, cloudy
inline constexpr int kCooks = 3;     // the weather cook, the obsessive one, the one who got a life

struct Words {
  std::array<const char*, kFoods> foods;
  std::array<const char*, kWeathers> weathers;
  std::array<const char*, kCooks> cook_names;
  std::array<const char*, kCooks> cook_rules;  // one sentence: what the cook does
  const char* designed_heading;
  const char* weather_matrix;         // weather → dish (the weather cook)
  const char* recurrent_matrix;       // yesterday's dish → today's dish (the obsessive cook)
  const char* food_units_matrix;      // yesterday's dish → [same; next] (the cook who got a life)
  const char* weather_units_matrix;   // weather → half selector
  const char* step_rule;              // the non-linearity, in words
  const char* merge_matrix;           // [same; next] → dish
  const char* same;                   // unit label prefix: serve yesterday's dish again
  const char* next;                   // unit label prefix: serve the next dish of the cycle
  const char* diary_heading;          // fmt names: days, seed
  const char* day;
  const char* weather;
  const char* dish;
  const char* learned_heading;        // fmt names: train, model, window, batch, steps
  const char* accuracy_line;          // fmt names: held_out, percent, correct
  const char* learned_note;           // learned matrices need not equal the designed ones
  const char* learned_readout;        // hidden state → dish scores
  const char* learned_direct;         // weather → dish scores (the cook without memory)
  const char* learned_input;          // input → hidden
  const char* learned_recurrent;      // hidden → hidden
  const char* bias;
  const char* day_zero_prefix;        // input column of the dish served the day before day 1
};

// "en" or "es"; throws flujo::Error naming --lang otherwise.
const Words& words_for(const std::string& lang);

// Characters, not bytes, of a UTF-8 string.
int display_width(const std::string& text);

struct LabelledMatrix {
  std::string title;
  std::vector<std::string> row_labels, col_labels;
  std::vector<float> values;  // row-major, row_labels.size() × col_labels.size()
};

// decimals < 0 prints the shortest exact form (hand-designed entries), else fixed decimals.
void print_matrix(const LabelledMatrix& matrix, int decimals);

// A table with a header row; every column as wide as its widest cell, numbers right-aligned
// when right_align[column] is set.
void print_table(const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows,
                 const std::vector<bool>& right_align);

}  // namespace flujo::menu
