#include "flujo/menu/cooks.hpp"

#include <algorithm>

#include "flujo/menu/text.hpp"

namespace flujo::menu {
namespace {

// The cycle apple pie → burger → chicken → apple pie: column d has its 1 in row next(d).
int next_dish(int dish) { return (dish + 1) % kFoods; }

Matrix zeros(int rows, int cols) {
  return {rows, cols, std::vector<float>(static_cast<size_t>(rows * cols), 0.0f)};
}

void set(Matrix& m, int row, int col, float value) { m.values[row * m.cols + col] = value; }

std::vector<float> one_hot(int index, int size) {
  std::vector<float> v(static_cast<size_t>(size), 0.0f);
  v[index] = 1.0f;
  return v;
}

// y += m · x
void add_product(std::vector<float>& y, const Matrix& m, const std::vector<float>& x) {
  for (int r = 0; r < m.rows; ++r)
    for (int c = 0; c < m.cols; ++c) y[r] += m.values[r * m.cols + c] * x[c];
}

}  // namespace

DesignedCook design(Cook cook) {
  DesignedCook d;
  d.cook = cook;
  switch (cook) {
    case Cook::weather:
      d.weather = zeros(kFoods, kWeathers);
      set(d.weather, 0, 0, 1);  // sunny → apple pie
      set(d.weather, 1, 1, 1);  // cloudy → burger
      break;
    case Cook::obsessive:
      d.food = zeros(kFoods, kFoods);
      for (int dish = 0; dish < kFoods; ++dish) set(d.food, next_dish(dish), dish, 1);
      break;
    case Cook::got_a_life:
      // Units 0..2 say "yesterday's dish again", units 3..5 "the next dish". The weather adds 1 to
      // the half it selects, so exactly one unit reaches 2: the one where dish and weather agree.
      d.food = zeros(2 * kFoods, kFoods);
      d.weather = zeros(2 * kFoods, kWeathers);
      d.merge = zeros(kFoods, 2 * kFoods);
      for (int dish = 0; dish < kFoods; ++dish) {
        set(d.food, dish, dish, 1);
        set(d.food, kFoods + next_dish(dish), dish, 1);
        set(d.weather, dish, 0, 1);
        set(d.weather, kFoods + dish, 1, 1);
        set(d.merge, dish, dish, 1);
        set(d.merge, dish, kFoods + dish, 1);
      }
      d.threshold = 1.5f;
      break;
  }
  return d;
}

int serve(const DesignedCook& cook, int yesterday, int weather) {
  const int units = cook.food ? cook.food.rows : cook.weather.rows;
  std::vector<float> sum(static_cast<size_t>(units), 0.0f);
  if (cook.food) add_product(sum, cook.food, one_hot(yesterday, kFoods));
  if (cook.weather) add_product(sum, cook.weather, one_hot(weather, kWeathers));
  std::vector<float> dish = sum;
  if (cook.merge) {
    std::vector<float> fired(sum.size());
    std::transform(sum.begin(), sum.end(), fired.begin(),
                   [&](float s) { return s > cook.threshold ? 1.0f : 0.0f; });
    dish.assign(static_cast<size_t>(cook.merge.rows), 0.0f);
    add_product(dish, cook.merge, fired);
  }
  return static_cast<int>(std::max_element(dish.begin(), dish.end()) - dish.begin());
}

Diary write_diary(const DesignedCook& cook, int first_dish, int days, Rng& rng) {
  Diary diary;
  diary.first_dish = first_dish;
  for (int day = 0; day < days; ++day) {
    const int weather = static_cast<int>(rng.below(kWeathers));
    diary.weather.push_back(weather);
    diary.dishes.push_back(serve(cook, diary.dish_before(day), weather));
  }
  return diary;
}

}  // namespace flujo::menu
