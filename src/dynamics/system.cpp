// The parts every system shares: its name, defaults and checked parameters.
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "flujo/core/error.hpp"
#include "flujo/dynamics.hpp"

namespace flujo::dynamics {

const char* kind_name(SystemKind kind) {
  switch (kind) {
    case SystemKind::flow: return "flow";
    case SystemKind::map: return "map";
    case SystemKind::delay: return "delay";
  }
  return "?";
}

System::System(std::string name, std::string summary, std::vector<Parameter> parameters,
               SystemDefaults defaults)
    : name_(std::move(name)), summary_(std::move(summary)), parameters_(std::move(parameters)),
      defaults_(defaults) {}

namespace {

std::string parameter_list(const std::vector<Parameter>& parameters) {
  std::string names;
  for (const Parameter& parameter : parameters)
    names += (names.empty() ? "" : ", ") + parameter.name;
  return names;
}

}  // namespace

double System::parameter(const std::string& name) const {
  for (const Parameter& parameter : parameters_)
    if (parameter.name == name) return parameter.value;
  throw Error(fmt::format("{} has no parameter '{}' (parameters: {})", name_, name,
                          parameter_list(parameters_)));
}

void System::set_parameter(const std::string& name, double value) {
  for (Parameter& parameter : parameters_) {
    if (parameter.name != name) continue;
    require(std::isfinite(value),
            fmt::format("{} parameter {} = {}: must be a finite number", name_, name, value));
    require(value >= parameter.minimum,
            fmt::format("{} parameter {} = {}: must be at least {}", name_, name, value,
                        parameter.minimum));
    require(!parameter.integer || value == std::floor(value),
            fmt::format("{} parameter {} = {}: must be a whole number", name_, name, value));
    parameter.value = value;
    return;
  }
  throw Error(fmt::format("{} has no parameter '{}' (parameters: {})", name_, name,
                          parameter_list(parameters_)));
}

}  // namespace flujo::dynamics
