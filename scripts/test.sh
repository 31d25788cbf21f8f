#!/usr/bin/env bash
# README command (b): install what is missing, build, run every test: the Release suite at every
# kernel level this CPU supports (flujo env --levels; FLUJO_CPU forces each), the -march=native
# build's weights against the same checksums, the same suite built with AddressSanitizer +
# UndefinedBehaviorSanitizer, then each reader's fuzzer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
for level in $(./build/flujo env --levels); do
  echo "test: the Release suite at kernel level $level"
  FLUJO_CPU=$level ctest --test-dir build --output-on-failure --parallel "$(nproc)"
done
bash scripts/check-native.sh
bash scripts/sanitize.sh
# Each reader's libFuzzer target for 60 s; any finding fails the run.
FUZZ_SECONDS=60 bash scripts/fuzz.sh
