#!/usr/bin/env bash
# Acceptance numbers of the words issue that this commit can measure: the character-level
# transformer at nanoGPT's documented CPU configuration on tinyshakespeare (validation loss,
# wall time), and the Kneser-Ney baseline on Don Quijote, word level. The corpora are in
# ../shared/data (see its README); each check says so and is skipped when its file is absent.
# Usage: bash examples/check_words.sh [OUT_DIR]   (about 4 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
flujo=${FLUJO:-./build/flujo}
out=${1:-runs/check-words}
data=${FLUJO_DATA:-../shared/data}
mkdir -p "$out"
failures=0

check() {  # check NAME VALUE OP BAR
  if /usr/bin/python3 -c "import sys; v=float('$2'); sys.exit(0 if v $3 $4 else 1)"; then
    echo "PASS  $1 = $2 ($3 $4)"
  else
    echo "FAIL  $1 = $2 (needs $3 $4)"; failures=$((failures + 1))
  fi
}
json() { /usr/bin/python3 -c "import json,sys; print(json.load(open('$1'))['$2'])"; }
fresh() { rm -rf "$out/$1"; echo "$out/$1"; }

if [[ -f $data/tinyshakespeare.txt ]]; then
  # nanoGPT's config/train_shakespeare_char.py as its README runs it on a CPU: 4 layers, 4 heads,
  # E 128, context 64, batch 12, 2000 iterations, lr 1e-3 (100 warm-up, cosine to 1e-4), weight
  # decay 0.1, β2 0.99, clip 1, dropout 0 (flujo's defaults), the last 10% for validation.
  run=$(fresh shakespeare-char)
  $flujo words train --quiet --out "$run" --corpus "$data/tinyshakespeare.txt" --tokens char \
    --keep-case --eval-interval 250 --eval-windows 200
  check "tinyshakespeare char transformer validation loss" "$(json "$run/metrics.json" validation_loss)" "<=" 1.88
  echo "      wall time $(json "$run/metrics.json" train_seconds) s"
else
  echo "SKIP  tinyshakespeare: $data/tinyshakespeare.txt is absent"
fi

if [[ -f $data/quijote.txt ]]; then
  run=$(fresh quijote-ngram)
  $flujo words train --quiet --out "$run" --corpus "$data/quijote.txt" --model ngram --order 3 \
    --min-count 2 --eval-windows 1000
  echo "      Quijote word level, Kneser-Ney order 3: validation perplexity" \
    "$(/usr/bin/python3 -c "import json,math; print(round(math.exp(json.load(open('$run/metrics.json'))['validation_loss']), 2))")"
else
  echo "SKIP  Don Quijote: $data/quijote.txt is absent"
fi

echo "$failures failed"
exit $((failures > 0))
