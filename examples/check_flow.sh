#!/usr/bin/env bash
# Acceptance check of the flow issue on the default Lorenz run: the hidden states against the true
# state, the controls, and the free run's invariants, each against its bar; then the same pipeline
# on Rössler and on a user CSV (no true state), with a summary of each.
# Usage: bash examples/check_flow.sh [OUT_DIR]   (reuses the runs under OUT_DIR that are trained)
# Exit status: 1 when a Lorenz bar is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
flujo=${FLUJO:-./build/flujo}
out=${1:-runs/check-flow}
mkdir -p "$out"
trained() { [ -f "$1/model.safetensors" ]; }

trained "$out/lorenz" || $flujo train --quiet --out "$out/lorenz"
$flujo analyze "$out/lorenz"
# Rössler at dt 0.1: at dt 0.05 the look-back of 40 steps spans a third of an orbit and the free
# run settled on a periodic orbit (λmax ≈ 0 after 10 and after 30 epochs); at dt 0.1 it stays
# chaotic.
trained "$out/rossler" ||
  $flujo train --quiet --system rossler --dt 0.1 --samples 20000 --epochs 30 --out "$out/rossler"
$flujo analyze "$out/rossler" --no-report
[ -f "$out/user.csv" ] || $flujo simulate lorenz --samples 12000 --dt 0.01 --out "$out/user.csv"
# Five epochs leave the user run's free run on a limit cycle (λmax ≈ 0); thirty learn the chaos.
trained "$out/user" ||
  $flujo train --quiet --data "$out/user.csv" --columns x --epochs 30 --out "$out/user"
$flujo analyze "$out/user" --no-report

/usr/bin/python3 - "$out" <<'PY'
import json, sys

def load(name):
    return json.load(open(f"{sys.argv[1]}/{name}/flow.json"))

def invariants(flow):
    f, t = flow["free_run"], flow["truth"]
    truth_lyapunov = f"{t['lyapunov_max']:.4f}" if "lyapunov_max" in t else "unknown"
    print(f"  free-run lambda_max {f['lyapunov_max']:.4f} (truth {truth_lyapunov})")
    print(f"  correlation dimension {f['correlation_dimension']:.3f}"
          f" (truth {t['correlation_dimension']:.3f}) in {f['correlation_dimension_space']}")
    print(f"    hidden space {f['correlation_dimension_hidden']:.3f}, delay embedding"
          f" {f['correlation_dimension_delay']:.3f}"
          f" (truth's {t['correlation_dimension_delay']:.3f})")
    print(f"  D_stsp {f['d_stsp']:.3f} (floor {t['d_stsp_floor']:.3f})  D_H {f['d_h']:.3f}"
          f" (floor {t['d_h_floor']:.3f})")
    print(f"  dominant H1 bars {f['h1_dominant_bars']} (truth {t['h1_dominant_bars']})"
          f"  bottleneck H1 {f['bottleneck_h1']:.3f} (floor {t['bottleneck_h1_floor']:.3f})")
    for note in flow["notes"]:
        print(f"  note: {note}")

flow = load("lorenz")
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
invariants(flow)

rossler = load("rossler")
r = rossler["hidden"]
print("rossler (LSTM on x, dt 0.1):")
print("  hidden R2 " + " ".join(f"{c} {v:.3f}" for c, v in r["decode_r2"].items()) +
      f"  trustworthiness {r['trustworthiness']:.3f}  continuity {r['continuity']:.3f}")
window_z, delay_z = (rossler[r]["decode_r2"]["z"] for r in ("input_window", "delay"))
print(f"  controls R2(z): input window {window_z:.3f}, delay {delay_z:.3f}")
invariants(rossler)

print("user CSV (Lorenz x, no true state):")
user = load("user")
embedding = user["delay_embedding"]
print(f"  delay embedding tau {embedding['delay']}, m {embedding['dimension']};"
      f" hidden PCA components for 99%: {user['hidden_pca_components_99']}")
invariants(user)
sys.exit(1 if failed else 0)
PY
