#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) in ./build-asan (scripts/asan-build.sh) and runs each for
# FUZZ_SECONDS seconds (default 60) from its seed corpus fuzz/corpus/<reader>/ with the dictionary
# fuzz/<reader>.dict, as many at once as there are cores (each fuzzer is one process on one core).
# Any finding (crash, ASan/UBSan report, exception other than flujo::Error, an allocation over
# 512 MB or over 2 GB resident, an input taking over 10 s) stops that fuzzer and fails the script;
# the input is left in build-asan/findings/. Prints each fuzzer's executions.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
bash scripts/asan-build.sh
readers=(csv npy safetensors toml_config image video)

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p build-asan/findings
# One fuzzer's run; its exit status (0: no finding) goes to build-asan/<reader>.status.
fuzz_one() {
  local reader=$1 status=0
  # New inputs go to a scratch corpus, so the committed seeds stay as they are.
  local work="build-asan/corpus/$reader"
  mkdir -p "$work"
  build-asan/fuzz/"${reader}_fuzzer" "$work" "fuzz/corpus/$reader" -dict="fuzz/$reader.dict" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=10 \
    -max_len=4096 -print_final_stats=1 -artifact_prefix="build-asan/findings/${reader}_" \
    >"build-asan/$reader.log" 2>&1 || status=$?
  echo "$status" >"build-asan/$reader.status"
}
running=0
for reader in "${readers[@]}"; do
  if ((running >= $(nproc))); then wait -n; running=$((running - 1)); fi
  fuzz_one "$reader" &
  running=$((running + 1))
done
wait
failed=()
for reader in "${readers[@]}"; do
  log="build-asan/$reader.log"
  status=ok
  if [ "$(cat "build-asan/$reader.status")" != 0 ]; then status=FINDING; failed+=("$reader"); fi
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  echo "fuzz $reader: $status, ${executions:-?} executions in ${seconds} s (log: $log)"
done
if ((${#failed[@]})); then
  echo "fuzz findings in: ${failed[*]} (inputs in build-asan/findings/)" >&2
  for reader in "${failed[@]}"; do grep -m 20 -E 'ERROR|SUMMARY|#[0-9]+ 0x' \
    "build-asan/$reader.log" >&2 || true; done
  exit 1
fi
