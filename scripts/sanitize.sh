#!/usr/bin/env bash
# Builds the whole test suite with GCC's AddressSanitizer and UndefinedBehaviorSanitizer in
# ./build-asan and runs it. Any report aborts its test (-fno-sanitize-recover), so ctest fails.
# Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
# RelWithDebInfo: optimised like the shipped build, with line numbers in the reports. -march=native
# is off under FLUJO_SANITIZE; the benchmarks are not part of the suite.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLUJO_SANITIZE=ON \
  -DFLUJO_BUILD_BENCH=OFF "${launcher[@]}" "$@" >/dev/null
cmake --build build-asan --parallel "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)"
