#pragma once
// The three cooks of the lecture on recurrent networks, as networks designed by hand. Dishes and
// weather are one-hot vectors; a cook is at most three small matrices, and serving today's dish
// is running them on yesterday's dish and today's weather:
//   units = food · yesterday + weather_matrix · weather   (either term may be absent)
//   dish  = argmax(merge · step(units))  when there is a merge matrix, else argmax(units)
// The diaries the learned cooks are trained on come from these same matrices.
#include <cstdint>
#include <vector>

#include "flujo/core/random.hpp"

namespace flujo::menu {

enum class Cook { weather, obsessive, got_a_life };
inline constexpr Cook kAllCooks[] = {Cook::weather, Cook::obsessive, Cook::got_a_life};

struct Matrix {
  int rows = 0, cols = 0;
  std::vector<float> values;  // row-major

  explicit operator bool() const { return rows > 0; }
};

struct DesignedCook {
  Cook cook = Cook::weather;
  Matrix food;            // obsessive: dish ← yesterday (3×3); got a life: units ← yesterday (6×3)
  Matrix weather;         // weather cook: dish ← weather (3×2); got a life: units ← weather (6×2)
  Matrix merge;           // got a life: dish ← units (3×6)
  float threshold = 0;    // got a life: a unit fires when its sum exceeds this
};

DesignedCook design(Cook cook);

// Index of today's dish.
int serve(const DesignedCook& cook, int yesterday, int weather);

// The dish served the day before day 1, then per day d (index d-1) the weather and the dish.
struct Diary {
  int first_dish = 0;
  std::vector<int> weather, dishes;

  int days() const { return static_cast<int>(dishes.size()); }
  int dish_before(int day_index) const {
    return day_index == 0 ? first_dish : dishes[day_index - 1];
  }
};

// Weather drawn uniformly from rng, dishes by the cook.
Diary write_diary(const DesignedCook& cook, int first_dish, int days, Rng& rng);

}  // namespace flujo::menu
