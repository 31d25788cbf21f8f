#include <algorithm>
#include <numeric>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "flujo/core/error.hpp"
#include "flujo/data.hpp"

namespace flujo::data {
namespace {

// The sample indices of one epoch, batch by batch, up to the empty span that ends it.
std::vector<std::vector<int64_t>> epoch(BatchOrder& order) {
  std::vector<std::vector<int64_t>> batches;
  for (auto batch = order.next(); !batch.empty(); batch = order.next())
    batches.emplace_back(batch.begin(), batch.end());
  return batches;
}

std::vector<int64_t> flatten(const std::vector<std::vector<int64_t>>& batches) {
  std::vector<int64_t> all;
  for (const auto& batch : batches) all.insert(all.end(), batch.begin(), batch.end());
  return all;
}

TEST(BatchOrder, EachEpochVisitsEverySampleOnce) {
  BatchOrder order(10, 4, 7);
  EXPECT_EQ(order.batches_per_epoch(), 3);
  const auto batches = epoch(order);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[2].size(), 2u);
  std::vector<int64_t> all = flatten(batches);
  std::vector<int64_t> sorted = all;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> expected(10);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(sorted, expected);
  EXPECT_NE(all, expected);                  // shuffled
  EXPECT_NE(flatten(epoch(order)), all);     // a fresh permutation each epoch
}

TEST(BatchOrder, SameSeedSameOrder) {
  BatchOrder a(50, 8, 123), b(50, 8, 123), c(50, 8, 124);
  const auto first_a = flatten(epoch(a));
  EXPECT_EQ(first_a, flatten(epoch(b)));
  EXPECT_NE(first_a, flatten(epoch(c)));
  EXPECT_EQ(flatten(epoch(a)), flatten(epoch(b)));
}

TEST(BatchOrder, UnshuffledIsSequential) {
  BatchOrder order(5, 2, 1, /*shuffle=*/false);
  EXPECT_EQ(epoch(order), (std::vector<std::vector<int64_t>>{{0, 1}, {2, 3}, {4}}));
}

TEST(BatchOrder, ResumesMidEpochFromSavedState) {
  BatchOrder original(30, 4, 99);
  epoch(original);
  original.next();
  original.next();
  const nlohmann::json saved = original.state();
  EXPECT_EQ(saved.at("epoch"), 2);
  EXPECT_EQ(saved.at("position"), 8);

  BatchOrder resumed(30, 4, 0);
  resumed.set_state(nlohmann::json::parse(saved.dump()).get<BatchOrder::State>());
  EXPECT_EQ(epoch(resumed), epoch(original));  // the rest of epoch 2
  EXPECT_EQ(epoch(resumed), epoch(original));  // and epoch 3, from the restored generator
}

TEST(BatchOrder, RejectsStatesThatDoNotFit) {
  BatchOrder order(6, 2, 1);
  BatchOrder::State state = order.state();
  state.permutation[0] = state.permutation[1];
  EXPECT_THROW(order.set_state(state), Error);
  EXPECT_THROW(order.set_state(BatchOrder(7, 2, 1).state()), Error);
  state = order.state();
  state.position = 7;
  EXPECT_THROW(order.set_state(state), Error);
  EXPECT_THROW(nlohmann::json::parse(R"({"epoch": 1})").get<BatchOrder::State>(), Error);
  EXPECT_THROW(BatchOrder(0, 2, 1), Error);
  EXPECT_THROW(BatchOrder(5, 0, 1), Error);
}

}  // namespace
}  // namespace flujo::data
