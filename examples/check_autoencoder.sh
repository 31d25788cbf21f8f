#!/usr/bin/env bash
# Acceptance numbers of the autoencoder issue that this commit can measure: the dense autoencoder
# on the lecture's windows of Lorenz x (40000 windows × 40 steps × 1 feature, 40 → 64 → 3 → 64 →
# 40, 30 epochs), its 3-D latent against the true state (x, y, z) through the k-nearest-neighbour
# readout (fitted on the first half of the held-out states, scored on the second), with the
# ridge readout and the same-size control (the windows' first 3 principal components) beside it.
# Then the convolutional autoencoder on the pendulum movie (one energy, 4000 frames of 64 × 64):
# its latent against (cos θ, sin θ, ω), the pixels' first 3 principal components beside it, and
# the latent's dominant loops; and on the Lorenz-driven movie, its latent against (x, y, z), its
# trustworthiness and its correlation dimension against the true state's; and on the pendulum at
# 40 energies (4000 frames), the intrinsic dimension (Levina–Bickel) of an 8-D latent against the
# state's 2.
# Usage: bash examples/check_autoencoder.sh [OUT_DIR]   (about 10 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
flujo=${FLUJO:-./build/flujo}
out=${1:-runs/check-autoencoder}
mkdir -p "$out"
source examples/checks.sh

run="$out/lorenz-windows"
rm -rf "$run"
$flujo train --quiet --model autoencoder --hidden 64 --latent 3 --out "$run"
$flujo analyze "$run" --no-report
knn() { /usr/bin/python3 -c "import json; print(round(json.load(open('$run/flow.json'))['$1']['decode_knn_r2']['$2'], 3))"; }
for coordinate in x y z; do
  check "dense autoencoder latent, kNN decode R²($coordinate)" "$(knn hidden $coordinate)" ">=" 0.9
  echo "      control, the windows' first 3 principal components: $(knn input_window_pca $coordinate)"
done
run="$out/pendulum-movie"
rm -rf "$run"
$flujo autoencode --quiet --movie pendulum --frames 4000 --size 64 --out "$run"
decoded() { /usr/bin/python3 -c "import json; print(round(json.load(open('$run/metrics.json'))['decode']['$1']['$2']['knn_r2'], 3))"; }
for coordinate in cos_theta sin_theta omega; do
  check "pendulum movie latent, kNN decode R²($coordinate)" "$(decoded latent $coordinate)" ">=" 0.95
  echo "      control, the pixels' first 3 principal components: $(decoded pixel_pca $coordinate)"
done
bars=$(/usr/bin/python3 -c "import json; print(json.load(open('$run/metrics.json'))['decode']['h1_dominant_bars']['latent'])")
check "pendulum movie latent, dominant H1 bars" "$bars" "==" 1
run="$out/lorenz-movie"
rm -rf "$run"
$flujo autoencode --quiet --movie lorenz --frames 4000 --size 64 --out "$run"
for coordinate in x y z; do
  check "Lorenz movie latent, kNN decode R²($coordinate)" "$(decoded latent $coordinate)" ">=" 0.9
  echo "      control, the pixels' first 3 principal components: $(decoded pixel_pca $coordinate)"
done
measure() { /usr/bin/python3 -c "import json; print(round(json.load(open('$run/metrics.json'))['decode']['$1']['$2'], 3))"; }
check "Lorenz movie latent, trustworthiness" "$(measure trustworthiness latent)" ">=" 0.9
d2_latent=$(measure correlation_dimension latent) d2_truth=$(measure correlation_dimension state)
check "Lorenz movie latent, |correlation dimension − the truth's| ($d2_latent, $d2_truth)" \
  "$(/usr/bin/python3 -c "print(round(abs($d2_latent - $d2_truth), 3))")" "<=" 0.15
run="$out/pendulum-energies"
rm -rf "$run"
$flujo autoencode --quiet --movie pendulum --energies 40 --frames 4000 --size 64 --latent 8 --out "$run"
dimension=$(measure intrinsic_dimension latent)
check "40-energy pendulum movie, 8-D latent, |intrinsic dimension − 2| ($dimension)" \
  "$(/usr/bin/python3 -c "print(round(abs($dimension - 2), 3))")" "<=" 0.2
echo "      control, the pixels' first 8 principal components: $(measure intrinsic_dimension pixel_pca);" \
  "the true state: $(measure intrinsic_dimension state)"
echo "$failures failed"
exit $((failures > 0))
