#!/usr/bin/env bash
# Runs the test suite built with AddressSanitizer + UndefinedBehaviorSanitizer
# (scripts/asan-build.sh, in ./build-asan) at the best kernel level, all but the tests labelled
# "long" (a minute of training in Release; shorter tests run the same code), then the kernel tests
# at every other one. Any report aborts its test, so the run fails; leaks count as reports.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/asan-build.sh "$@"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" -LE long
# The kernel tests once more at every other kernel level: a vector tail that reads or writes past
# a row shows up here, at the level whose vector width it belongs to.
kernel_tests=(core_small_gemm core_column_sums core_recurrent core_kernel_level nn_recurrent
              nn_recurrent_stepper nn_pytorch_parity)
best=$(build-asan/flujo env --levels | tail -n 1)
for level in $(build-asan/flujo env --levels); do
  [ "$level" = "$best" ] && continue
  echo "sanitize: kernel tests at kernel level $level"
  for test in "${kernel_tests[@]}"; do
    FLUJO_CPU=$level "build-asan/flujo_test_$test" --gtest_brief=1
  done
done
