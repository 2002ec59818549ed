#!/usr/bin/env bash
# Throughput against corpus size, measured under the same load on the host: each run on the
# large corpus is bracketed by a set of runs on the small one, before and after, all through
# scripts/bench.sh (same corpora, same options). Prints each size's MB/s and how far the small
# corpus's throughput is from the large one's (the mean of the two sets around each large run
# against that run), since on a shared machine two series taken minutes apart can differ by more
# than what is being measured.
#
#   scripts/bench-scaling.sh [SMALL_MB] [LARGE_MB] [-j N]    defaults: 100 5000
#   ROUNDS=2 RUNS_SMALL=3 BENCH_DIR=/tmp/bench scripts/bench-scaling.sh 100 5000
set -euo pipefail
cd "$(dirname "$0")/.."
small=${1:-100}
large=${2:-5000}
shift $(( $# < 2 ? $# : 2 ))
rounds=${ROUNDS:-2}
runs_small=${RUNS_SMALL:-3}
export BENCH_DIR=${BENCH_DIR:-$(mktemp -d)}
# slant's MB/s from bench.sh's output: the median line when there are several runs, else the
# run's own line (the last `slant` line either way).
slant_mbps() { awk '$1 ~ /^([0-9]+|med)$/ && $2 == "slant" { v = $4 } END { if (v == "") exit 1; print v }'; }
set_of() { RUNS=$2 scripts/bench.sh "$1" "${@:3}" | tee -a "$BENCH_DIR/scaling.log" | slant_mbps; }
: > "$BENCH_DIR/scaling.log"
before=$(set_of "$small" "$runs_small" "$@")
echo "${small} MB: ${before} MB/s (median of ${runs_small})"
gaps=()
for round in $(seq "$rounds"); do
  big=$(set_of "$large" 1 "$@")
  echo "${large} MB: ${big} MB/s"
  after=$(set_of "$small" "$runs_small" "$@")
  echo "${small} MB: ${after} MB/s (median of ${runs_small})"
  gap=$(python3 -c "import sys; b, l, a = map(float, sys.argv[1:]); print(f'{((b + a) / 2 / l - 1) * 100:+.1f}')" "$before" "$big" "$after")
  echo "round ${round}: ${small} MB runs ${gap} % against ${large} MB"
  gaps+=("$gap")
  before=$after
done
echo "throughput at ${small} MB against ${large} MB, by round: ${gaps[*]} % (target: within 10 %);" \
  "bench.sh's full output is in $BENCH_DIR/scaling.log"
