#include <algorithm>

#include <gtest/gtest.h>

#include "data/scratch_dir.hpp"
#include "flujo/core/tensor.hpp"
#include "flujo/data.hpp"

namespace flujo::data {
namespace {
using testing::error_message;
using testing::mentions;

// Row t holds (t, 100 + t, 200 + t): every value says which row and channel it came from.
Series ramp(int64_t time_steps) {
  Series s(time_steps, {"a", "b", "c"});
  for (int64_t t = 0; t < time_steps; ++t)
    for (int64_t c = 0; c < 3; ++c) s.at(t, c) = 100.0 * c + t;
  return s;
}

TEST(Windows, NumSamplesFollowsKeras) {
  EXPECT_EQ(num_samples(10, 3, 1), 7);
  EXPECT_EQ(num_samples(10, 3, 2), 6);
  EXPECT_EQ(num_samples(4, 3, 1), 1);
  EXPECT_EQ(num_samples(3, 3, 1), 0);
  EXPECT_EQ(num_samples(2, 3, 1), 0);
}

TEST(Windows, TargetFollowsTheWindowImmediately) {
  const Series series = ramp(10);
  const WindowDataset windows(series, {.look_back = 4});
  ASSERT_EQ(windows.size(), 10 - 4 - 1 + 1);
  for (int64_t i = 0; i < windows.size(); ++i) {
    const SeriesView input = windows.input(i), target = windows.target(i);
    ASSERT_EQ(input.time_steps, 4);
    ASSERT_EQ(target.time_steps, 1);
    for (int64_t t = 0; t < 4; ++t) EXPECT_EQ(input.at(t, 0), i + t);  // rows i … i+L−1
    EXPECT_EQ(target.at(0, 0), i + 4);                                 // row i+L
    EXPECT_EQ(input.data, series.data() + i * 3);                      // a view, not a copy
  }
  EXPECT_EQ(windows.target(windows.size() - 1).at(0, 0), 9);  // the last row is used
}

TEST(Windows, HorizonTargetsTheNextKRows) {
  const Series series = ramp(12);
  const WindowDataset windows(series, {.look_back = 3, .horizon = 4});
  ASSERT_EQ(windows.size(), 12 - 3 - 4 + 1);
  const SeriesView target = windows.target(2);
  ASSERT_EQ(target.time_steps, 4);
  for (int64_t j = 0; j < 4; ++j) EXPECT_EQ(target.at(j, 1), 100 + 2 + 3 + j);
  EXPECT_EQ(windows.target(windows.size() - 1).at(3, 0), 11);
}

TEST(Windows, GatherCopiesSelectedChannelsIntoTheBuffer) {
  const Series series = ramp(20);
  const WindowDataset windows(series, {.look_back = 3, .horizon = 2, .input_channels = {2, 0},
                                       .target_channels = {1}});
  Tensor inputs({4, 3, 2}, -1.0f), targets({4, 2}, -1.0f);
  const std::vector<int64_t> batch{5, 0, 9};
  const auto [x, y] = windows.gather(batch, inputs.view(), targets.view());
  EXPECT_EQ(x.shape, (Shape{3, 3, 2}));
  EXPECT_EQ(y.shape, (Shape{3, 2}));
  EXPECT_EQ(x.data, inputs.data());
  for (int64_t b = 0; b < 3; ++b) {
    const int64_t s = windows.start(batch[b]);
    for (int64_t t = 0; t < 3; ++t) {
      EXPECT_EQ(x[(b * 3 + t) * 2 + 0], series.at(s + t, 2));
      EXPECT_EQ(x[(b * 3 + t) * 2 + 1], series.at(s + t, 0));
    }
    for (int64_t j = 0; j < 2; ++j) EXPECT_EQ(y[b * 2 + j], series.at(s + 3 + j, 1));
  }
  EXPECT_EQ(inputs[3 * 3 * 2], -1.0f);  // the unused fourth sample is untouched
}

TEST(Windows, GatherRejectsWrongBuffersAndSamples) {
  const Series series = ramp(20);
  const WindowDataset windows(series, {.look_back = 3});
  Tensor inputs({2, 3, 3}), targets({2, 3}), narrow({2, 4, 3});
  const std::vector<int64_t> three{0, 1, 2}, outside{0, 17};
  EXPECT_TRUE(mentions(error_message([&] {
                         windows.gather(three, inputs.view(), targets.view());
                       }),
                       {"input buffer (2, 3, 3) cannot hold (3, 3, 3)"}));
  EXPECT_THROW(windows.gather(std::vector<int64_t>{0}, narrow.view(), targets.view()), Error);
  EXPECT_TRUE(mentions(error_message([&] {
                         windows.gather(outside, inputs.view(), targets.view());
                       }),
                       {"sample 17 out of range [0, 17)"}));
}

TEST(Windows, RejectsImpossibleSpecs) {
  const Series series = ramp(10);
  EXPECT_THROW(WindowDataset(series, {.look_back = 0}), Error);
  EXPECT_THROW(WindowDataset(series, {.look_back = 2, .horizon = 0}), Error);
  EXPECT_THROW(WindowDataset(series, {.look_back = 2, .input_channels = {3}}), Error);
  EXPECT_THROW(WindowDataset(series, {.look_back = 2}, {5, 11}), Error);
  EXPECT_EQ(WindowDataset(series, {.look_back = 20}).size(), 0);
}

// The first and last rows any window (input or target) of a dataset touches.
std::pair<int64_t, int64_t> rows_used(const WindowDataset& windows) {
  const auto& starts = windows.starts();
  const auto [first, last] = std::minmax_element(starts.begin(), starts.end());
  return {*first, *last + windows.look_back() + windows.horizon() - 1};
}

TEST(Splits, NoWindowOrTargetIsSharedBetweenSplits) {
  const Series series = ramp(200);
  for (const WindowSpec& spec : {WindowSpec{.look_back = 10}, WindowSpec{.look_back = 7,
                                                                          .horizon = 5}}) {
    const Splits splits = split_chronological(200, {0.7, 0.15, 0.15}, spec);
    const WindowDataset train(series, spec, splits.train);
    const WindowDataset validation(series, spec, splits.validation);
    const WindowDataset test(series, spec, splits.test);
    const auto [train_first, train_last] = rows_used(train);
    const auto [validation_first, validation_last] = rows_used(validation);
    const auto [test_first, test_last] = rows_used(test);
    EXPECT_EQ(train_first, 0);
    EXPECT_LT(train_last, validation_first);
    EXPECT_LT(validation_last, test_first);
    EXPECT_EQ(test_last, 199);
    // Every split uses its whole block: the gap in start indices is exactly L + k − 1.
    const int64_t gap = spec.look_back + spec.horizon - 1;
    EXPECT_EQ(validation.starts().front() - train.starts().back() - 1, gap);
    EXPECT_EQ(test.starts().front() - validation.starts().back() - 1, gap);
    EXPECT_EQ(train.size() + validation.size() + test.size(),
              num_samples(200, spec.look_back, spec.horizon) - 2 * gap);
  }
}

TEST(Splits, BlocksFollowTheFractions) {
  const Splits splits = split_chronological(1000, {0.7, 0.15, 0.15}, {.look_back = 5});
  EXPECT_EQ(splits.train.begin, 0);
  EXPECT_EQ(splits.train.end, 700);
  EXPECT_EQ(splits.validation.end, 850);
  EXPECT_EQ(splits.test.end, 1000);
  const Splits no_test = split_chronological(100, {0.8, 0.2, 0.0}, {.look_back = 5});
  EXPECT_EQ(no_test.test.size(), 0);
  EXPECT_EQ(no_test.validation.end, 100);
}

TEST(Splits, RejectsBadFractionsAndTooShortSplits) {
  EXPECT_TRUE(mentions(error_message([] {
                         split_chronological(100, {0.7, 0.15, 0.15}, {.look_back = 15});
                       }),
                       {"validation split has 15 time steps", "look_back 15", "= 16"}));
  EXPECT_THROW(split_chronological(100, {0.7, 0.3, 0.1}, {.look_back = 2}), Error);
  EXPECT_THROW(split_chronological(100, {0.0, 0.5, 0.5}, {.look_back = 2}), Error);
  EXPECT_THROW(split_chronological(100, {0.7, -0.1, 0.1}, {.look_back = 2}), Error);
}

}  // namespace
}  // namespace flujo::data
