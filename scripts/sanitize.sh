#!/usr/bin/env bash
# Runs the whole test suite built with AddressSanitizer + UndefinedBehaviorSanitizer
# (scripts/asan-build.sh, in ./build-asan). Any report aborts its test, so ctest fails; leaks
# count as reports.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/asan-build.sh "$@"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)"
