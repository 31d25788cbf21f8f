#!/usr/bin/env bash
# Acceptance numbers of the words issue that this commit can measure: the character-level
# transformer at nanoGPT's documented CPU configuration on tinyshakespeare (validation loss,
# wall time), and on Don Quijote, word level, the Kneser-Ney baseline and the all-to-all network. The corpora are in
# ../shared/data (see its README); each check says so and is skipped when its file is absent.
# Usage: bash examples/check_words.sh [OUT_DIR]   (about 11 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
flujo=${FLUJO:-./build/flujo}
out=${1:-runs/check-words}
data=${FLUJO_DATA:-../shared/data}
mkdir -p "$out"
source examples/checks.sh
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
  # The all-to-all network against Kneser-Ney order 3 and 4, on the same 1300 validation windows
  # of 32 words (about 7 minutes).
  perplexity() { /usr/bin/python3 -c "import json,math; print(round(math.exp(json.load(open('$1/metrics.json'))['validation_loss']), 2))"; }
  common=(--corpus "$data/quijote.txt" --min-count 2 --context 32 --eval-windows 1300)
  for order in 3 4; do
    run=$(fresh "quijote-ngram-$order-c32")
    $flujo words train --quiet --out "$run" --model ngram --order $order "${common[@]}" >/dev/null
    eval "kn_$order=$(perplexity "$run")"
  done
  run=$(fresh quijote-mlp)
  $flujo words train --quiet --out "$run" --model mlp --order 4 --width 64 --hidden 128 \
    "${common[@]}" --batch 64 --iterations 1000 --warmup 50 --lr 3e-3 --min-lr 3e-4 \
    --weight-decay 0.01 --eval-interval 200 >/dev/null
  echo "      Kneser-Ney perplexity: order 3 $kn_3, order 4 $kn_4 (context 32, 1300 windows)"
  check "Quijote all-to-all network perplexity" "$(perplexity "$run")" "<=" "0.9*$kn_4"
else
  echo "SKIP  Don Quijote: $data/quijote.txt is absent"
fi

echo "$failures failed"
exit $((failures > 0))
