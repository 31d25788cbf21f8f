#!/usr/bin/env bash
# Installs exactly the Debian packages flujo builds, tests and benchmarks with. Idempotent: packages
# already present are skipped, so a second run does no network work.
set -euo pipefail
packages=(
  cmake ninja-build g++ clang libclang-rt-14-dev pkg-config
  libopenblas-dev libhwy-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libgudhi-dev libcgal-dev libboost-dev libpng-dev
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev
  python3 python3-numpy python3-torch
  chromium
)
# Node.js and npm bring report.html's front-end assets; a machine may already have them from
# another source (NodeSource's nodejs bundles npm and conflicts with Debian's npm package).
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# report.html inlines plotly.js, pinned by package.json and package-lock.json at the repo root.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ ! -f "$repo_root/node_modules/plotly.js-dist-min/plotly.min.js" ]]; then
  echo "install-deps: installing the report's npm packages"
  if [[ -f "$repo_root/package-lock.json" ]]; then
    (cd "$repo_root" && npm ci --omit=dev --no-audit --no-fund)
  else
    (cd "$repo_root" && npm install --omit=dev --no-audit --no-fund)
  fi
fi
