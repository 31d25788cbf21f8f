// flujo env: what this binary runs with on this machine — the kernel level in use and the ones
// it could use, the BLAS and the kernels it chose, the thread count. The first thing to paste
// into a bug report or next to a benchmark.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "commands.hpp"
#include "flujo/core/blas.hpp"
#include "flujo/core/kernel_level.hpp"

namespace flujo::cli {
namespace {

void print_environment() {
  std::string supported;
  for (KernelLevel level : supported_levels())
    supported += (supported.empty() ? "" : ", ") + std::string(level_name(level));
  const char* requested = std::getenv("FLUJO_CPU");
  std::printf("flujo %s\n", FLUJO_VERSION);
  std::printf("kernel level: %s (%s; this CPU and build support %s)\n",
              level_name(kernel_level()).data(),
              requested && *requested ? "set by FLUJO_CPU" : "the best supported; FLUJO_CPU=LEVEL picks another",
              supported.c_str());
  std::printf("BLAS: %s; core type %s; called single-threaded from flujo's workers\n",
              blas::library().c_str(), blas::core_type().c_str());
  std::printf("threads: %d (--threads; default: the cores)\n", blas::threads());
}

}  // namespace

void register_env(CLI::App& app) {
  CLI::App* env = app.add_subcommand(
      "env", "Print the kernel level, the BLAS and its kernels, and the thread count");
  auto levels_only = std::make_shared<bool>(false);
  env->add_flag("--levels", *levels_only,
                "Print only the kernel levels this CPU and build support, one a line (the "
                "values FLUJO_CPU takes here)");
  env->callback([levels_only] {
    if (!*levels_only) return print_environment();
    for (KernelLevel level : supported_levels()) std::printf("%s\n", level_name(level).data());
  });
}

}  // namespace flujo::cli
