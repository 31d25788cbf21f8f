#!/usr/bin/env bash
# Configures and builds ./build-asan: clang with AddressSanitizer + UndefinedBehaviorSanitizer
# (-fno-sanitize-recover=all: any report aborts), the whole test suite, the CLI the tests drive,
# and the libFuzzer targets. One instrumented library serves both scripts/sanitize.sh and
# scripts/fuzz.sh, so CI compiles it once. -O1 with line tables: reports name file and line, and
# the build is quicker than with full debug info. Assertions stay on. Warnings are errors in the
# GCC build (scripts/build.sh) only: clang knows other warnings (and not GCC's pragmas). Extra
# arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B build-asan -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Sanitize \
  -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -gline-tables-only" -DFLUJO_SANITIZE=ON -DFLUJO_FUZZ=ON \
  -DFLUJO_NATIVE=OFF -DFLUJO_BUILD_BENCH=OFF "${launcher[@]}" "$@" >/dev/null
cmake --build build-asan --parallel "$(nproc)"
