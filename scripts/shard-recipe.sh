#!/usr/bin/env bash
# Tests the README's cluster recipes on this machine: scores a corpus in N shards under GNU
# parallel, and again through the Slurm job-array scripts (run here with the variables Slurm
# would set), merges each set, and checks that every report is byte-identical to one plain
# run (run.json: identical but for time, command line and the shard list) and that the merge
# wrote no file the plain run did not.
#
#   scripts/shard-recipe.sh [CORPUS] [N] [slant score options...]
#   e.g. scripts/shard-recipe.sh; scripts/shard-recipe.sh ../shared/corpora/allsides-dev.jsonl.gz 4
#
# SLANT names the binary (default: target/release/slant, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-examples/corpus.jsonl}
n=${2:-3}
shift 2 || shift $#
command -v parallel >/dev/null || { echo "shard-recipe: GNU parallel is not installed (Debian: apt-get install parallel)" >&2; exit 1; }
slant=${SLANT:-target/release/slant}
[ -x "$slant" ] || cargo build --release --quiet
slant=$(realpath "$slant")
export SLANT=$slant
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$slant" score "$corpus" --out "$work/single" -q "$@"

# The GNU parallel recipe, as in the README (one job per shard; --halt stops at a failure).
mkdir -p "$work/parts"
parallel --will-cite --halt now,fail=1 \
    "$slant" score "$corpus" --shard {}/"$n" --out "$work/parts/shard-{}" -j 1 -q "$@" \
    ::: $(seq 1 "$n")
"$slant" merge "$work"/parts/shard-* --out "$work/parallel" -q

# The Slurm recipe: each array task as Slurm would start it, then the merge job. The last
# shard is then run again as a resubmission of that one task would run it (`sbatch
# --array=N`, where Slurm counts one task), which must write the same shard.
for k in $(seq 1 "$n"); do
    SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=$n SLURM_CPUS_PER_TASK=1 \
        scripts/cluster/score-shard.sbatch "$corpus" "$work/slurm-parts" "$n" "$@"
done
rm -rf "$work/slurm-parts/shard-$n"
SLURM_ARRAY_TASK_ID=$n SLURM_ARRAY_TASK_COUNT=1 SLURM_CPUS_PER_TASK=1 \
    scripts/cluster/score-shard.sbatch "$corpus" "$work/slurm-parts" "$n" "$@"
scripts/cluster/merge.sbatch "$work/slurm-parts" "$work/slurm"

status=0
strip() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); [r.pop(k, None) for k in ("seconds","command_line","shards")]; print(json.dumps(r, sort_keys=True))' "$1"; }
for merged in parallel slurm; do
    for report in "$work/single"/*.csv; do
        name=$(basename "$report")
        if cmp -s "$report" "$work/$merged/$name"; then
            echo "shard-recipe: $merged: $name identical ($(wc -c < "$report") bytes)"
        else
            echo "shard-recipe: $merged: $name DIFFERS" >&2
            status=1
        fi
    done
    # And nothing besides: a file the single run did not write (hidden ones too) is an error.
    for file in "$work/$merged"/* "$work/$merged"/.[!.]*; do
        [ -e "$file" ] || continue
        name=$(basename "$file")
        if [ ! -e "$work/single/$name" ]; then
            echo "shard-recipe: $merged: $name is not in the single run's output" >&2
            status=1
        fi
    done
    if [ "$(strip "$work/single/run.json")" = "$(strip "$work/$merged/run.json")" ]; then
        echo "shard-recipe: $merged: run.json identical but for time, command line and shards"
    else
        echo "shard-recipe: $merged: run.json DIFFERS" >&2
        status=1
    fi
done
[ $status -eq 0 ] && echo "shard-recipe: $n shards under GNU parallel and as a Slurm array give the single run's reports"
exit $status
