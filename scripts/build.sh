#!/usr/bin/env bash
# Configures and builds flujo in ./build (Release, warnings as errors). Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLUJO_WERROR=ON "$@" >/dev/null
cmake --build build --parallel "$(nproc)"
