// flujo simulate SYSTEM: samples a built-in dynamical system into a CSV file, or prints its
// Lyapunov spectrum; flujo simulate --list shows the systems.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.hpp"
#include "flujo/core/error.hpp"
#include "flujo/dynamics.hpp"

namespace flujo::cli {
namespace {

struct SimulateArguments {
  std::string system;
  bool list = false, lyapunov = false;
  int64_t samples = 10000;
  double dt = 0.0, transient = -1.0, time = 0.0;
  uint64_t seed = 0;
  std::string out;
  std::vector<std::string> parameters;
};

void print_systems() {
  for (const std::string& name : dynamics::system_names()) {
    const auto system = dynamics::make_system(name);
    std::string parameters;
    for (const dynamics::Parameter& parameter : system->parameters())
      parameters += fmt::format(" {}={:g}", parameter.name, parameter.value);
    std::printf("%-13s %-5s dim %-2d dt %-5g%s\n              %s\n", name.c_str(),
                dynamics::kind_name(system->kind()), system->dimension(), system->defaults().dt,
                parameters.c_str(), system->summary().c_str());
  }
}

// "name=value" → system parameter; the message names the option and the text.
void apply_parameter(dynamics::System& system, const std::string& assignment) {
  const size_t equals = assignment.find('=');
  require(equals != std::string::npos && equals > 0,
          fmt::format("--param {}: expected name=value", assignment));
  const std::string value_text = assignment.substr(equals + 1);
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(value_text.c_str(), &end);
  require(!value_text.empty() && *end == '\0' && errno == 0,
          fmt::format("--param {}: '{}' is not a number", assignment, value_text));
  system.set_parameter(assignment.substr(0, equals), value);
}

// Writes next to the target and renames at the end, so a failure never leaves a half file.
void write_csv(const dynamics::Trajectory& path, const std::string& out) {
  const std::string partial = out + ".partial";
  std::FILE* file = std::fopen(partial.c_str(), "w");
  require(file != nullptr, fmt::format("--out {}: cannot write: {}", out, std::strerror(errno)));
  fmt::memory_buffer text;
  fmt::format_to(std::back_inserter(text), "t");
  for (const std::string& name : path.coordinates)
    fmt::format_to(std::back_inserter(text), ",{}", name);
  text.push_back('\n');
  bool ok = true;
  for (int64_t i = 0; i < path.samples() && ok; ++i) {
    fmt::format_to(std::back_inserter(text), "{}", path.times[i]);
    for (int c = 0; c < path.dimension(); ++c)
      fmt::format_to(std::back_inserter(text), ",{}", path.at(i, c));
    text.push_back('\n');
    if (text.size() > (1u << 20) || i + 1 == path.samples()) {
      ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
      text.clear();
    }
  }
  ok = std::fclose(file) == 0 && ok;
  std::error_code error;
  if (ok) std::filesystem::rename(partial, out, error);
  if (!ok || error) {
    std::filesystem::remove(partial, error);
    throw Error(fmt::format("--out {}: writing failed", out));
  }
}

void print_spectrum(const dynamics::System& system, const dynamics::LyapunovSpectrum& spectrum) {
  const bool map = system.kind() == dynamics::SystemKind::map;
  std::printf("%s: Lyapunov exponents over %g %s (per %s)\n", system.name().c_str(),
              spectrum.time, map ? "iterations" : "time units", map ? "iteration" : "time unit");
  for (size_t i = 0; i < spectrum.exponents.size(); ++i)
    std::printf("  lambda%zu = %.6g\n", i + 1, spectrum.exponents[i]);
  if (!spectrum.complete)
    std::printf("  (the leading %zu of the spectrum)\n", spectrum.exponents.size());
  std::printf("  sum = %.6g\n", spectrum.sum);
  if (std::isnan(spectrum.kaplan_yorke))
    std::printf("  Kaplan-Yorke dimension: needs more exponents than computed\n");
  else
    std::printf("  Kaplan-Yorke dimension = %.4g\n", spectrum.kaplan_yorke);
}

}  // namespace

void register_simulate(CLI::App& app) {
  auto* command = app.add_subcommand(
      "simulate", "Sample a built-in dynamical system to CSV, or print its Lyapunov spectrum");
  auto args = std::make_shared<SimulateArguments>();
  command->add_option("system", args->system, "system name (see --list)");
  command->add_flag("--list", args->list, "list the built-in systems and their parameters");
  command->add_option("--samples", args->samples, "samples to write; default 10000");
  command->add_option("--dt", args->dt, "time between samples (Lyapunov: between QR steps); "
                                        "default per system");
  command->add_option("--out", args->out, "CSV file to write: header t,<coordinates>");
  command->add_option("--transient", args->transient, "time discarded first; default per system");
  auto* seed = command->add_option("--seed", args->seed,
                                   "perturbs the default initial state (reproducibly)");
  command->add_option("--param", args->parameters, "system parameter as name=value; repeatable");
  command->add_flag("--lyapunov", args->lyapunov, "print the Lyapunov spectrum instead");
  auto* time = command->add_option("--time", args->time,
                                   "Lyapunov averaging horizon; default per system");
  auto* samples = command->get_option("--samples");
  command->callback([args, seed, time, samples] {
    if (args->list) {
      print_systems();
      return;
    }
    require(!args->system.empty(), "simulate: name a system (flujo simulate --list shows them)");
    const auto system = dynamics::make_system(args->system);
    for (const std::string& assignment : args->parameters) apply_parameter(*system, assignment);
    std::optional<uint64_t> chosen_seed;
    if (seed->count() > 0) chosen_seed = args->seed;
    if (args->lyapunov) {
      require(args->out.empty(), "--out: --lyapunov prints the spectrum and writes no file");
      require(samples->count() == 0, "--samples: not used with --lyapunov (see --time)");
      print_spectrum(*system, dynamics::lyapunov_spectrum(
                                  *system, {.time = args->time, .transient = args->transient,
                                            .interval = args->dt, .seed = chosen_seed}));
      return;
    }
    require(time->count() == 0, "--time: only with --lyapunov (see --samples)");
    require(!args->out.empty(), "--out: name the CSV file to write");
    const dynamics::Trajectory path = dynamics::simulate(
        *system, {.samples = args->samples, .dt = args->dt, .transient = args->transient,
                  .seed = chosen_seed});
    write_csv(path, args->out);
    std::printf("wrote %lld samples of %s to %s\n", static_cast<long long>(path.samples()),
                system->name().c_str(), args->out.c_str());
  });
}

}  // namespace flujo::cli
