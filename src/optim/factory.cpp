#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/optim.hpp"

namespace flujo::optim {

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, ParameterStore& store,
                                          double lr) {
  if (name == "sgd") return std::make_unique<Sgd>(store, SgdOptions{.lr = lr});
  if (name == "adam") return std::make_unique<Adam>(store, AdamOptions{.lr = lr});
  // PyTorch's AdamW default; with no decay AdamW would be Adam under another name.
  if (name == "adamw")
    return std::make_unique<AdamW>(store, AdamOptions{.lr = lr, .weight_decay = 0.01});
  throw Error(fmt::format("unknown optimizer '{}' (expected sgd, adam or adamw)", name));
}

}  // namespace flujo::optim
