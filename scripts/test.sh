#!/usr/bin/env bash
# README command (b): install what is missing, build, run every test: the Release suite at the
# best kernel level this CPU supports and its level-dependent tests (ctest label "kernel": ops,
# layers, optimizers, pinned weights) at every other level (flujo env --levels; FLUJO_CPU forces
# each), the -march=native build's weights against the same checksums, the same suite built with
# AddressSanitizer + UndefinedBehaviorSanitizer, then each reader's fuzzer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
best=$(./build/flujo env --levels | tail -n 1)
for level in $(./build/flujo env --levels); do
  if [ "$level" = "$best" ]; then
    echo "test: the Release suite at kernel level $level (this CPU's best)"
    FLUJO_CPU=$level ctest --test-dir build --output-on-failure --parallel "$(nproc)"
  else
    echo "test: the level-dependent tests at kernel level $level"
    FLUJO_CPU=$level ctest --test-dir build --output-on-failure --parallel "$(nproc)" -L kernel
  fi
done
bash scripts/check-native.sh
bash scripts/sanitize.sh
# Each reader's libFuzzer target for 60 s; any finding fails the run.
FUZZ_SECONDS=60 bash scripts/fuzz.sh
