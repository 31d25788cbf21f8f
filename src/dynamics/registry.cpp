// The built-in systems by name.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "flujo/core/error.hpp"
#include "systems.hpp"

namespace flujo::dynamics {
namespace {

struct Entry {
  const char* name;
  std::unique_ptr<System> (*make)();
};

constexpr Entry kSystems[] = {
    {"lorenz", make_lorenz},           {"rossler", make_rossler},
    {"lorenz96", make_lorenz96},       {"mackey-glass", make_mackey_glass},
    {"van-der-pol", make_van_der_pol}, {"pendulum", make_pendulum},
    {"henon", make_henon},             {"logistic", make_logistic},
};

}  // namespace

std::vector<std::string> system_names() {
  std::vector<std::string> names;
  for (const Entry& entry : kSystems) names.emplace_back(entry.name);
  return names;
}

std::unique_ptr<System> make_system(const std::string& name) {
  for (const Entry& entry : kSystems)
    if (name == entry.name) return entry.make();
  throw Error(fmt::format("unknown system '{}' (known: {})", name,
                          fmt::join(system_names(), ", ")));
}

}  // namespace flujo::dynamics
