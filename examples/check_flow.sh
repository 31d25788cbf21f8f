#!/usr/bin/env bash
# Acceptance check of the flow issue on the default Lorenz run: the hidden states against the true
# state, the controls, and the free run's invariants, each against its bar; then the same pipeline
# on Rössler and on a user CSV (no true state).
# Usage: bash examples/check_flow.sh [OUT_DIR]   (reuses OUT_DIR/lorenz when it holds a trained run)
set -euo pipefail
cd "$(dirname "$0")/.."
flujo=${FLUJO:-./build/flujo}
out=${1:-runs/check-flow}
mkdir -p "$out"
[ -f "$out/lorenz/model.safetensors" ] || $flujo train --quiet --out "$out/lorenz"
$flujo analyze "$out/lorenz"

/usr/bin/python3 - "$out/lorenz/flow.json" <<'PY'
import json, sys
flow = json.load(open(sys.argv[1]))
h, f, t = flow["hidden"], flow["free_run"], flow["truth"]
checks = [
    ("hidden R2(y) >= 0.99", h["decode_r2"]["y"] >= 0.99),
    ("hidden R2(z) >= 0.95", h["decode_r2"]["z"] >= 0.95),
    ("hidden trustworthiness >= 0.95", h["trustworthiness"] >= 0.95),
    ("hidden continuity >= 0.95", h["continuity"] >= 0.95),
    ("input_window R2(z) < 0.1", flow["input_window"]["decode_r2"]["z"] < 0.1),
    ("delay R2(z) < 0.1", flow["delay"]["decode_r2"]["z"] < 0.1),
    ("free-run lambda_max within 10% of 0.906", abs(f["lyapunov_max"] / 0.906 - 1) <= 0.1),
    ("free-run correlation dimension 2.05 +- 0.10", abs(f["correlation_dimension"] - 2.05) <= 0.10),
    ("free-run D_stsp <= 2 x floor", f["d_stsp"] <= 2 * t["d_stsp_floor"]),
    ("free-run D_H <= 0.10", f["d_h"] <= 0.10),
    ("free-run dominant H1 bars == 2", f["h1_dominant_bars"] == 2),
]
for name, ok in checks:
    print(("PASS  " if ok else "FAIL  ") + name)
failed = sum(not ok for _, ok in checks)
print(f"{len(checks) - failed} passed, {failed} failed")
PY

$flujo train --quiet --system rossler --dt 0.05 --samples 20000 --epochs 10 --out "$out/rossler"
$flujo analyze "$out/rossler" --no-report
$flujo simulate lorenz --samples 12000 --dt 0.01 --out "$out/user.csv"
$flujo train --quiet --data "$out/user.csv" --columns x --samples 8000 --epochs 5 --out "$out/user"
$flujo analyze "$out/user" --no-report
