// PyTorch interop, both directions, from fixtures tools/torch_interop.py wrote (no Python at test
// time). torch_<cell>: a torch model saved as safetensors under flujo's names; flujo must load it
// and predict what torch predicted. flujo_<cell>: a model flujo train wrote, rebuilt in torch;
// flujo must still predict what torch computed from it. Each <name>_io.safetensors holds the
// input windows (B, L, C) and torch's next values (B, C), computed in float64.
#include <string>

#include <gtest/gtest.h>

#include "flujo/core/safetensors.hpp"
#include "support/fixture.hpp"
#include "run/model_file.hpp"

namespace flujo::run {
namespace {

const std::string kInteropDir = std::string(FLUJO_FIXTURE_DIR) + "/interop/";

class TorchInterop : public ::testing::TestWithParam<const char*> {};

TEST_P(TorchInterop, PredictsWhatTorchPredicted) {
  const std::string name = GetParam();
  auto model = load_sequence_model(kInteropDir + name + ".safetensors");
  const SafetensorsFile io = read_safetensors(kInteropDir + name + "_io.safetensors");
  const Tensor next = predict_next(*model, io.tensors.at("windows").view());
  EXPECT_TRUE(testing::expect_close(next.view(), io.tensors.at("next").view(),
                                    testing::kPyTorchParity, name));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, TorchInterop,
                         ::testing::Values("torch_rnn", "torch_lstm", "torch_gru", "flujo_rnn",
                                           "flujo_lstm", "flujo_gru"));

TEST(TorchInterop, TorchFileUsesPyTorchNamesAndLayers) {
  const SafetensorsFile file = read_safetensors(kInteropDir + "torch_gru.safetensors");
  // nn.GRU(3, 4, num_layers=2): gates r, z, n stacked in rows, the second layer fed by the first.
  EXPECT_EQ(file.tensors.at("gru.weight_ih_l0").shape(), (Shape{12, 3}));
  EXPECT_EQ(file.tensors.at("gru.weight_ih_l1").shape(), (Shape{12, 4}));
  EXPECT_EQ(file.tensors.at("head.weight").shape(), (Shape{3, 4}));
  auto model = load_sequence_model(kInteropDir + "torch_gru.safetensors");
  EXPECT_EQ(model->channels(), 3);
  EXPECT_EQ(model->hidden(), 4);
  EXPECT_EQ(model->layers(), 2);
}

TEST(TorchInterop, WindowsOfTheWrongWidthAreRefused) {
  auto model = load_sequence_model(kInteropDir + "torch_gru.safetensors");
  const Tensor windows(Shape{1, 5, 2});
  try {
    predict_next(*model, windows.view());
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("(1, 5, 2)"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace flujo::run
