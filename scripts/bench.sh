#!/usr/bin/env bash
# Whole-run benchmark: builds a JSON Lines corpus of about SIZE_MB megabytes from
# ../shared/corpora/allsides-dev.jsonl.gz (repeated with fresh ids), then times `wc -w` and
# `slant score` (default lexicons, every report) on it in the same run, and prints
# throughput, peak RSS and the ratio to `wc -w`.
#
#   scripts/bench.sh [SIZE_MB] [-j N]      e.g. scripts/bench.sh 100; scripts/bench.sh 1000 -j 1
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-100}
shift || true
corpus_src=../shared/corpora/allsides-dev.jsonl.gz
[ -f "$corpus_src" ] || { echo "bench: $corpus_src not found (run from the repository beside shared/)" >&2; exit 1; }
work=${BENCH_DIR:-$(mktemp -d)}
corpus="$work/bench-${size_mb}MB.jsonl"
if [ ! -f "$corpus" ]; then
  python3 - "$corpus_src" "$corpus" "$size_mb" <<'PY'
import gzip, json, sys
src, dst, size = sys.argv[1], sys.argv[2], int(sys.argv[3]) * 1_000_000
lines = gzip.open(src, "rt", encoding="utf-8").read().splitlines()
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
cargo build --release --quiet
bytes=$(stat -c %s "$corpus")
articles=$(wc -l < "$corpus")
measure() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }
read -r wc_s wc_kb < <(measure wc -w "$corpus")
# Every run writes to an empty folder, so that no run also pays for deleting the reports of
# the one before (replacing 550 MB of reports costs about 0.1 s here, 23 GB about 5 s).
rm -rf "$work/out"
read -r s_s s_kb < <(measure ./target/release/slant score "$corpus" --out "$work/out" -q "$@")
python3 - "$bytes" "$articles" "$wc_s" "$wc_kb" "$s_s" "$s_kb" <<'PY'
import sys
b, n, wc_s, wc_kb, s_s, s_kb = (float(x) for x in sys.argv[1:])
mb = b / 1e6
print(f"corpus: {mb:.1f} MB, {int(n)} articles")
print(f"{'tool':8} {'seconds':>8} {'MB/s':>8} {'articles/s':>11} {'peak RSS MB':>12}")
print(f"{'wc -w':8} {wc_s:8.2f} {mb / wc_s:8.1f} {n / wc_s:11.0f} {wc_kb / 1024:12.1f}")
print(f"{'slant':8} {s_s:8.2f} {mb / s_s:8.1f} {n / s_s:11.0f} {s_kb / 1024:12.1f}")
print(f"ratio slant / wc -w: {s_s / wc_s:.1f}")
PY
echo "reports: $work/out ($(du -sh "$work/out" | cut -f1))"
