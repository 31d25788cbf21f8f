#!/usr/bin/env bash
# The -march=native build (-DFLUJO_NATIVE=ON, in ./build-native) must compile warning-free and
# give the dispatched build's bits at each level it keeps (the levels from the build machine's
# up): the pinned weights checksums of tests/run/weights_checksum_test.cpp, at each such level.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-native -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLUJO_WERROR=ON -DFLUJO_NATIVE=ON \
  -DFLUJO_BUILD_BENCH=OFF >/dev/null
cmake --build build-native --parallel "$(nproc)" --target flujo flujo_test_run_weights_checksum
for level in $(./build-native/flujo env --levels); do
  echo "check-native: weights checksums of the -march=native build at kernel level $level"
  FLUJO_CPU=$level ./build-native/flujo_test_run_weights_checksum --gtest_brief=1
done
