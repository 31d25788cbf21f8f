#!/usr/bin/env bash
# README command (b): install what is missing, build, run every test: the Release suite, the same
# suite built with AddressSanitizer + UndefinedBehaviorSanitizer, then each reader's fuzzer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
bash scripts/sanitize.sh
# Each reader's libFuzzer target for 60 s; any finding fails the run.
FUZZ_SECONDS=60 bash scripts/fuzz.sh
