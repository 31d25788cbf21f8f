#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang in ./build-fuzzers and runs each for
# FUZZ_SECONDS seconds (default 60) from its seed corpus fuzz/corpus/<reader>/ with the dictionary
# fuzz/<reader>.dict. Any finding (crash, ASan/UBSan report, exception other than flujo::Error, an
# allocation over 512 MB or over 2 GB resident, an input taking over 10 s) stops that fuzzer and
# fails the script; the input is left in build-fuzzers/findings/. Prints each fuzzer's executions.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B build-fuzzers -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DFLUJO_FUZZ=ON -DFLUJO_NATIVE=OFF -DFLUJO_BUILD_TESTS=OFF \
  -DFLUJO_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
readers=(csv npy safetensors toml_config)
cmake --build build-fuzzers --parallel "$(nproc)" --target "${readers[@]/%/_fuzzer}"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p build-fuzzers/findings
failed=()
for reader in "${readers[@]}"; do
  # New inputs go to a scratch corpus, so the committed seeds stay as they are.
  work="build-fuzzers/corpus/$reader"
  mkdir -p "$work"
  log="build-fuzzers/$reader.log"
  if build-fuzzers/fuzz/"${reader}_fuzzer" "$work" "fuzz/corpus/$reader" -dict="fuzz/$reader.dict" \
      -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=10 \
      -max_len=4096 -print_final_stats=1 -artifact_prefix="build-fuzzers/findings/${reader}_" \
      >"$log" 2>&1; then
    status=ok
  else
    status=FINDING
    failed+=("$reader")
  fi
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  echo "fuzz $reader: $status, ${executions:-?} executions in ${seconds} s (log: $log)"
done
if ((${#failed[@]})); then
  echo "fuzz findings in: ${failed[*]} (inputs in build-fuzzers/findings/)" >&2
  for reader in "${failed[@]}"; do grep -m 20 -E 'ERROR|SUMMARY|#[0-9]+ 0x' \
    "build-fuzzers/$reader.log" >&2 || true; done
  exit 1
fi
