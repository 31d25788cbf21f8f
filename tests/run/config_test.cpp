#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "flujo/core/error.hpp"
#include "flujo/run.hpp"
#include "support/scratch_dir.hpp"

namespace flujo::run {
namespace {

// This test binary's files, removed when it exits.
const testing::ScratchDir& scratch() {
  static const testing::ScratchDir directory;
  return directory;
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = scratch().file(name);
  std::ofstream(path) << text;
  return path;
}

TEST(TrainConfig, DefaultsAreTheLecturesSetup) {
  const TrainConfig c;
  EXPECT_EQ(c.system, "lorenz");
  EXPECT_EQ(c.observe, "x");
  EXPECT_EQ(c.samples, 40000);
  EXPECT_EQ(c.look_back, 40);
  EXPECT_EQ(c.model, "lstm");
  EXPECT_EQ(c.hidden, 40);
  EXPECT_DOUBLE_EQ(c.dt, 0.01);
  EXPECT_NO_THROW(validate(c));
}

TEST(TrainConfig, TomlKeysAcceptDashesAndUnderscores) {
  const auto path = write_temp("cfg_ok.toml", "look-back = 20\nhidden_size_unused = 1\n");
  EXPECT_THROW(load_config(path), Error);
  const auto good = write_temp("cfg_good.toml", "look-back = 20\nmodel = \"gru\"\nlr = 0.01\n");
  const TrainConfig c = load_config(good);
  EXPECT_EQ(c.look_back, 20);
  EXPECT_EQ(c.model, "gru");
  EXPECT_DOUBLE_EQ(c.lr, 0.01);
}

TEST(TrainConfig, ErrorsNameFileLineAndKey) {
  const auto path = write_temp("cfg_bad.toml", "model = \"lstm\"\nepochs = \"many\"\n");
  try {
    load_config(path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("cfg_bad.toml:2"), std::string::npos) << message;
    EXPECT_NE(message.find("epochs"), std::string::npos) << message;
  }
  const auto syntax = write_temp("cfg_syntax.toml", "model = = 3\n");
  EXPECT_THROW(load_config(syntax), Error);
}

TEST(TrainConfig, ValidateRejectsImpossibleValues) {
  TrainConfig c;
  c.hidden = -3;
  EXPECT_THROW(validate(c), Error);
  c = TrainConfig{};
  c.model = "transformer9";
  EXPECT_THROW(validate(c), Error);
  c = TrainConfig{};
  c.train_fraction = 0.9;
  c.validation_fraction = 0.2;
  EXPECT_THROW(validate(c), Error);
}

TEST(TrainConfig, AKeyTheModelDoesNotReadIsRefusedUnlessItKeepsItsDefault) {
  const auto message = [](const TrainConfig& c) -> std::string {
    try {
      validate(c);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  };
  TrainConfig c;
  c.ridge = 0.1;  // the ESN's readout regularisation, given to the default LSTM
  EXPECT_EQ(message(c), "'ridge' (--ridge) is not used by the lstm model; leave it out");
  c = TrainConfig{};
  c.model = "esn";
  c.epochs = 5;  // the ESN is fitted in closed form
  EXPECT_EQ(message(c), "'epochs' (--epochs) is not used by the esn model; leave it out");
  c.epochs = TrainConfig{}.epochs;
  c.ridge = 0.1;
  EXPECT_EQ(message(c), "");
}

TEST(TrainConfig, JsonAndTomlRoundTrip) {
  TrainConfig c;
  c.model = "gru";
  c.lr = 3.5e-4;
  c.seed = 42;
  c.columns = "a,\"b\"";
  const TrainConfig back = config_from_json(to_json(c));
  EXPECT_EQ(to_json(back), to_json(c));
  const auto path = write_temp("cfg_round.toml", to_toml(c));
  EXPECT_EQ(to_json(load_config(path)), to_json(c));
}

}  // namespace
}  // namespace flujo::run
