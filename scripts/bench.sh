#!/usr/bin/env bash
# Whole-run benchmark: builds a JSON Lines corpus of about SIZE_MB megabytes from
# ../shared/corpora/allsides-dev.jsonl.gz (repeated with fresh ids), then times `wc -w` and
# `slant score` (default lexicons, every report) on it in the same run, and prints
# throughput, peak RSS and the ratio to `wc -w`.
#
#   scripts/bench.sh [SIZE_MB] [-j N]      e.g. scripts/bench.sh 100; scripts/bench.sh 1000 -j 1
#   RUNS=5 scripts/bench.sh 100            five runs of each tool, alternating, and the medians
#   SLANT=/path/to/slant scripts/bench.sh  time another build (an older one, to compare)
#   PGO=1 scripts/bench.sh 100             time the profile-guided build (scripts/build-pgo.sh,
#                                          rebuilt first) instead of `cargo build --release`
#   DISTINCT=1 scripts/bench.sh 5000       every repeat changes one word in seven, so that no
#                                          article is a wire copy of another (the memory case)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-100}
shift || true
corpus_src=../shared/corpora/allsides-dev.jsonl.gz
[ -f "$corpus_src" ] || { echo "bench: $corpus_src not found (run from the repository beside shared/)" >&2; exit 1; }
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
distinct=${DISTINCT:-}
corpus="$work/bench-${size_mb}MB${distinct:+-distinct}.jsonl"
if [ ! -f "$corpus" ]; then
  python3 - "$corpus_src" "$corpus" "$size_mb" "$distinct" <<'PY'
import gzip, json, sys
src, dst, size = sys.argv[1], sys.argv[2], int(sys.argv[3]) * 1_000_000
lines = gzip.open(src, "rt", encoding="utf-8").read().splitlines()
if sys.argv[4]:
    # Every repeat after the first replaces one word in seven (which ones moves with the
    # repeat) by another word of the corpus: about 40 % of each article's 3-word shingles
    # change, far below the wire-copy threshold, while the text keeps real words to match.
    records = [json.loads(line) for line in lines]
    words = sorted({w for r in records[:500] for w in (r.get("text") or "").split()})
    written, rep = 0, 0
    with open(dst, "wb") as out:
        while written < size:
            for r in records:
                record = dict(r, id=f"{r['id']}-{rep}")
                if rep > 0:
                    text = (record.get("text") or "").split(" ")
                    for i in range(rep % 7, len(text), 7):
                        text[i] = words[(i * 7919 + rep * 104729) % len(words)]
                    record["text"] = " ".join(text)
                line = (json.dumps(record, ensure_ascii=False) + "\n").encode()
                out.write(line)
                written += len(line)
                if written >= size:
                    break
            rep += 1
    sys.exit(0)
# Each record is serialised once, around a marker where its id goes; a repeat only writes
# the new id into it (the same bytes as serialising the record again, many times faster).
MARK = "\u0000slant-bench-id\u0000"
pieces = []
for line in lines:
    record = json.loads(line)
    original = record["id"]
    record["id"] = MARK
    before, after = json.dumps(record, ensure_ascii=False).split(json.dumps(MARK), 1)
    pieces.append((before.encode(), original, (after + "\n").encode()))
written, rep = 0, 0
with open(dst, "wb") as out:
    while written < size:
        for before, original, after in pieces:
            text = before + json.dumps(f"{original}-{rep}", ensure_ascii=False).encode() + after
            out.write(text)
            written += len(text)
            if written >= size:
                break
        rep += 1
PY
fi
if [ -n "${PGO:-}" ]; then
  scripts/build-pgo.sh
  SLANT=${SLANT:-./target/pgo/slant}
else
  cargo build --release --quiet
fi
bytes=$(stat -c %s "$corpus")
articles=$(wc -l < "$corpus")
measure() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }
# RUNS=N times each, alternating, so that a busy spell of the machine hits both tools; the
# medians are printed last.
runs=${RUNS:-1}
results=()
for run in $(seq "$runs"); do
  read -r wc_s wc_kb < <(measure wc -w "$corpus")
  # Every run writes to an empty folder, so that no run also pays for deleting the reports of
  # the one before (replacing 574 MB of reports costs about 0.1 s here, 24 GB about 5 s).
  rm -rf "$work/out"
  read -r s_s s_kb < <(measure "${SLANT:-./target/release/slant}" score "$corpus" --out "$work/out" -q "$@")
  results+=("$wc_s $wc_kb $s_s $s_kb")
done
# Sizes in decimal MB (10^6 bytes), like MB/s; peak RSS is in MiB (2^20 bytes), from the
# KiB that /usr/bin/time reports.
python3 - "$bytes" "$articles" "$(du -sb "$work/out" | cut -f1)" "$work/out" "${results[@]}" <<'PY'
import statistics, sys
b, n = float(sys.argv[1]), int(sys.argv[2])
reports, out = float(sys.argv[3]), sys.argv[4]
runs = [[float(x) for x in r.split()] for r in sys.argv[5:]]
mb = b / 1e6
print(f"corpus: {mb:.1f} MB, {n} articles")
print(f"{'run':5} {'tool':8} {'seconds':>8} {'MB/s':>8} {'articles/s':>11} {'peak RSS MiB':>12}")
def line(label, tool, s, kb):
    print(f"{label:5} {tool:8} {s:8.2f} {mb / s:8.1f} {n / s:11.0f} {kb / 1024:12.1f}")
for i, (wc_s, wc_kb, s_s, s_kb) in enumerate(runs, 1):
    line(str(i), "wc -w", wc_s, wc_kb)
    line(str(i), "slant", s_s, s_kb)
    if len(runs) > 1:
        print(f"{i:<5} ratio slant / wc -w: {s_s / wc_s:.1f}")
med = lambda k: statistics.median(r[k] for r in runs)
if len(runs) > 1:
    line("med", "wc -w", med(0), med(1))
    line("med", "slant", med(2), med(3))
ratios = [r[2] / r[0] for r in runs]
print(f"ratio slant / wc -w: {statistics.median(ratios):.1f}"
      + (f" (median of {len(runs)} runs, {min(ratios):.1f}-{max(ratios):.1f})" if len(runs) > 1 else ""))
print(f"reports: {out} ({reports / 1e6:.1f} MB, {reports / b:.2f} bytes per byte of corpus)")
PY
