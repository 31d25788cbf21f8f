#!/usr/bin/env bash
# Takes a PNG picture of a report page in headless Chromium, e.g. for the README:
#   scripts/screenshot-report.sh runs/lorenz/report.html docs/report.png [WIDTHxHEIGHT]
set -euo pipefail
if (($# < 2 || $# > 3)); then
  echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT, default 1400x2400]" >&2
  exit 2
fi
report="$(realpath "$1")"
out="$(realpath -m "$2")"
size="${3:-1400x2400}"
[[ -f "$report" ]] || { echo "$0: $1: no such file" >&2; exit 2; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# As root Chromium needs --no-sandbox; the networking flags keep it from calling out of a closed
# machine; SwiftShader draws the WebGL of the 3-D figures without a GPU.
chromium --headless=new --no-sandbox --disable-gpu --enable-unsafe-swiftshader --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size="${size/x/,}" \
  --virtual-time-budget=15000 --screenshot="$out" "file://$report" 2>/dev/null
[[ -s "$out" ]] || { echo "$0: chromium wrote no picture" >&2; exit 1; }
echo "$out"
