#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/scratch_dir.hpp"
#include "flujo/data.hpp"

namespace flujo::data {
namespace {
using testing::error_message;
using testing::mentions;

constexpr double kTolerance = 1e-12;

TEST(Normaliser, FitsOnTheTrainingRowsOnly) {
  // Training rows 0..3 hold x = 1, 2, 3, 4; the later rows are far off and must not count.
  Series series(6, {"x", "constant"}, {1, 5, 2, 5, 3, 5, 4, 5, 1000, 5, -1000, 5});
  const Normaliser normaliser = Normaliser::fit(series, {0, 4});
  EXPECT_NEAR(normaliser.mean()[0], 2.5, kTolerance);
  EXPECT_NEAR(normaliser.stddev()[0], std::sqrt(1.25), kTolerance);  // population std
  EXPECT_NEAR(normaliser.mean()[1], 5.0, kTolerance);
  EXPECT_EQ(normaliser.stddev()[1], 1.0);  // below the floor: centred, not scaled

  const Series normalised = normaliser.normalise(series);
  EXPECT_NEAR(normalised.at(0, 0), (1 - 2.5) / std::sqrt(1.25), kTolerance);
  EXPECT_NEAR(normalised.at(4, 0), (1000 - 2.5) / std::sqrt(1.25), kTolerance);
  EXPECT_EQ(normalised.at(5, 1), 0.0);
  EXPECT_EQ(normalised.channel_names(), series.channel_names());
}

TEST(Normaliser, DenormaliseInvertsNormalise) {
  Series series(3, {"a", "b"}, {1.5, -20, 2.5, 40, 7.0, 10});
  const Normaliser normaliser = Normaliser::fit(series, {0, 3});
  const Series back = normaliser.denormalise(normaliser.normalise(series));
  for (size_t i = 0; i < series.values().size(); ++i)
    EXPECT_NEAR(back.values()[i], series.values()[i], 1e-12 * std::abs(series.values()[i]));
}

TEST(Normaliser, DenormalisesPredictionsByChannel) {
  const Normaliser normaliser({10.0, -1.0, 0.0}, {2.0, 0.5, 1.0});
  Tensor predictions = Tensor::from({2, 4}, {0, 1, 0, 1, -1, 2, -1, 2});  // (b, k=2 · targets 2)
  const std::vector<int64_t> targets{1, 0};
  normaliser.denormalise(predictions.view(), targets);
  EXPECT_EQ(predictions.to_vector(), (std::vector<float>{-1, 12, -1, 12, -1.5f, 14, -1.5f, 14}));
}

TEST(Normaliser, RoundTripsThroughJson) {
  const Normaliser normaliser({0.1, -3e7}, {1.0 / 3.0, 2e-5});
  const nlohmann::json json = normaliser;
  const auto back = nlohmann::json::parse(json.dump()).get<Normaliser>();
  EXPECT_EQ(back.mean(), normaliser.mean());
  EXPECT_EQ(back.stddev(), normaliser.stddev());
  EXPECT_EQ(json.at("std").size(), 2u);
}

TEST(Normaliser, RejectsBadNumbersAndMismatches) {
  EXPECT_TRUE(mentions(error_message([] {
                         nlohmann::json::parse(R"({"mean": [0], "std": [0]})").get<Normaliser>();
                       }),
                       {"channel 0", "std 0"}));
  EXPECT_TRUE(mentions(error_message([] {
                         nlohmann::json::parse(R"({"mean": [0]})").get<Normaliser>();
                       }),
                       {"normaliser: malformed JSON"}));
  EXPECT_THROW(Normaliser({0.0, 1.0}, {1.0}), Error);
  const Normaliser two({0.0, 1.0}, {1.0, 1.0});
  EXPECT_THROW(two.normalise(Series(2, {"only"})), Error);
  EXPECT_THROW(Normaliser::fit(Series(4, {"x"}), {2, 2}), Error);
}

}  // namespace
}  // namespace flujo::data
