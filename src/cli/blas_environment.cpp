// Debian's OpenBLAS 0.3.21 picks its kernels at load time from the CPU model. On AVX-512 CPUs it
// does not know (newer Xeons, and virtual CPUs that report a generic model) it falls back to the
// "Prescott" SSE3 kernels, about 7× slower for flujo's matrix products. The choice is read from
// OPENBLAS_CORETYPE when the library loads, before main runs, so the only remedy from inside is
// to set the variable and re-execute once. A value the user set is always respected. The same
// re-execution sets OPENBLAS_NUM_THREADS=1 unless set: flujo calls OpenBLAS single-threaded from
// its own workers (flujo/core/blas.hpp), and OpenBLAS's idle thread pool would only poll.
#include <unistd.h>

#include <cstdlib>

#include "commands.hpp"

namespace flujo::cli {

void ensure_fast_blas_kernels(char** argv) {
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr || std::getenv("FLUJO_NO_BLAS_REEXEC") != nullptr)
    return;
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx512f")) return;
  setenv("OPENBLAS_CORETYPE", "SkylakeX", 1);
  setenv("OPENBLAS_NUM_THREADS", "1", 0);
  execv("/proc/self/exe", argv);
  // execv only returns on failure: carry on with the kernels OpenBLAS chose.
}

}  // namespace flujo::cli
