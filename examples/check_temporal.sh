#!/usr/bin/env bash
# Acceptance check of the temporal-signals issue: Lyapunov spectra from the equations, the
# lecture's default LSTM, a GRU and the echo state networks, each against its bar.
# Usage: bash examples/check_temporal.sh [OUT_DIR]   (about 15 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
flujo=${FLUJO:-./build/flujo}
out=${1:-runs/check-temporal}
mkdir -p "$out"
source examples/checks.sh

lorenz=$($flujo simulate lorenz --lyapunov)
l1=$(awk '/lambda1/ {print $3}' <<<"$lorenz"); sum=$(awk '/^ *sum/ {print $3}' <<<"$lorenz")
check "Lorenz λ1" "$l1" ">=" "0.906*0.98"; check "Lorenz λ1" "$l1" "<=" "0.906*1.02"
check "Lorenz Σλ" "$sum" "<=" "-13.667*0.99"; check "Lorenz Σλ" "$sum" ">=" "-13.667*1.01"
rossler=$($flujo simulate rossler --lyapunov | awk '/lambda1/ {print $3}')
check "Rössler λ1" "$rossler" ">=" "0.0714*0.9"; check "Rössler λ1" "$rossler" "<=" "0.0714*1.1"

run() {  # run NAME BAR TRAIN_OPTIONS...
  local name=$1 bar=$2; shift 2
  $flujo train --quiet --out "$out/$name" "$@"
  $flujo forecast "$out/$name" >/dev/null
  check "$name median VPT (Lyapunov times)" "$(json "$out/$name/forecast.json" vpt_lyapunov_median)" ">=" "$bar"
  echo "      persistence: $(json "$out/$name/forecast.json" persistence_vpt_lyapunov_median)"
}
run lstm-default 2
run gru 2 --model gru
run esn-x 4 --model esn --hidden 1000 --samples 20000
run esn-full 6 --model esn --hidden 500 --observe x,y,z --dt 0.02 --samples 14300

echo "$failures failed"
exit $((failures > 0))
