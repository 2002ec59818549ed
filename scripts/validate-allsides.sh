#!/usr/bin/env bash
# Validate the built-in lexicons on the AllSides dev corpus (Baly et al. 2020):
#   1. build slant (release) and score ../shared/corpora/allsides-dev.jsonl.gz by outlet;
#   2. print Spearman's rho between each outlet's pooled slant and its AllSides label, with a
#      seeded bootstrap interval, over outlets with at least 40 articles;
#   3. print per-category precision, with Wilson intervals, from the hand-judged sample in
#      validation/precision-sample.csv;
#   4. read the two-coder sample in validation/two-coder/: per-lexicon precision from the
#      coders' majority (scripts/validate_allsides.py two-coder), then `slant agreement` on the
#      two sheets (precision per category, weighted by stratum size, kappa and alpha).
# Options after the script name go to scripts/validate_allsides.py (e.g. --outlets, --seed N).
# The reports go to a temporary folder that is removed afterwards; set SLANT_VALIDATE_OUT=DIR
# to keep them there instead.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="$root/../shared/corpora/allsides-dev.jsonl.gz"
if [[ ! -f "$corpus" ]]; then
    echo "validate-allsides: corpus not found: $corpus" >&2
    echo "validate-allsides: it is not part of the repository; put allsides-dev.jsonl.gz in ../shared/corpora/ beside the repository root" >&2
    exit 2
fi
command -v python3 >/dev/null || { echo "validate-allsides: python3 is required" >&2; exit 2; }

cd "$root"
cargo build --release --quiet
slant="${CARGO_TARGET_DIR:-$root/target}/release/slant"

if [[ -n "${SLANT_VALIDATE_OUT:-}" ]]; then
    out="$SLANT_VALIDATE_OUT"
else
    out="$(mktemp -d "${TMPDIR:-/tmp}/slant-validate.XXXXXX")"
    trap 'rm -rf "$out"' EXIT
fi

"$slant" score "$corpus" --group-by outlet --out "$out" --quiet
python3 "$root/scripts/validate_allsides.py" report \
    --corpus "$corpus" --reports "$out" --sample "$root/validation/precision-sample.csv" "$@"
python3 "$root/scripts/validate_allsides.py" two-coder --reports "$out" \
    --sheets validation/two-coder/coder1.csv validation/two-coder/coder2.csv
echo
"$slant" agreement validation/two-coder/coder1.csv validation/two-coder/coder2.csv \
    --out "$out/agreement.csv"
