#!/usr/bin/env bash
# Installs exactly the Debian packages flujo builds, tests and benchmarks with. Idempotent: packages
# already present are skipped, so a second run does no network work.
set -euo pipefail
packages=(
  cmake ninja-build g++ clang pkg-config
  libopenblas-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libgudhi-dev libboost-dev libpng-dev
  python3 python3-numpy python3-torch
  chromium
)
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
