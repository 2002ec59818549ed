#!/usr/bin/env bash
# Run slant's fuzz targets (cargo fuzz, libFuzzer) for a fixed time each.
#
#   scripts/fuzz.sh SECONDS [TARGET...]     every target (or those named), SECONDS each
#   FUZZ_PARALLEL=2 scripts/fuzz.sh 600     two targets at a time (one core each)
#
# Needs `cargo install cargo-fuzz`. cargo fuzz passes nightly-only flags to rustc; the stable
# toolchain accepts them with RUSTC_BOOTSTRAP=1, which this script sets. Targets are built
# once, with overflow checks and debug assertions and without a sanitizer (slant forbids
# `unsafe`, so AddressSanitizer would mostly slow the search down; FUZZ_SANITIZER=address
# turns it on), then each binary runs for SECONDS under /usr/bin/time.
#
# Each target's corpus grows in fuzz/corpus/TARGET (seeded from fuzz/seeds/TARGET), crashes
# land in fuzz/artifacts/TARGET, logs in fuzz/logs/TARGET.log. Every crash must become a
# regression test: copy the input to tests/fixtures/fuzz/TARGET/ and `cargo test fuzzed`
# replays it. The script exits 1 when a target found a crash, after running all of them.
set -euo pipefail

seconds=${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}
shift
all=(read_csv read_json read_jsonl read_gz text score lexicon_csv lexicon_dic)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
parallel=${FUZZ_PARALLEL:-1}
sanitizer=${FUZZ_SANITIZER:-none}

cd "$(dirname "$0")/../fuzz"
command -v cargo-fuzz >/dev/null || {
    echo "fuzz.sh: cargo-fuzz is missing: cargo install cargo-fuzz" >&2
    exit 2
}
export RUSTC_BOOTSTRAP=1

echo "fuzz.sh: building ${#targets[@]} targets (sanitizer: $sanitizer)" >&2
for t in "${targets[@]}"; do
    cargo fuzz build -s "$sanitizer" -a "$t"
done
target_dir=$(cargo metadata --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin_dir="$target_dir/$(rustc -vV | sed -n 's/^host: //p')/release"

dict_of() {
    case $1 in
    read_csv) echo dicts/csv.dict ;;
    read_json | read_jsonl | read_gz) echo dicts/json.dict ;;
    text | score) echo dicts/text.dict ;;
    lexicon_csv | lexicon_dic) echo dicts/lexicon.dict ;;
    esac
}

run_one() {
    local t=$1
    mkdir -p "corpus/$t" "artifacts/$t" logs
    cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true
    # -timeout: an input that takes 10 s is a finding (a quadratic path), not a slow day.
    # -rss_limit_mb: memory beyond 2 GB on an input of at most 16 KB is a finding too.
    /usr/bin/time -o "logs/$t.time" -f '%e %U %S' "$bin_dir/$t" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
        -dict="$(dict_of "$t")" -artifact_prefix="artifacts/$t/" -print_final_stats=1 \
        "corpus/$t" >"logs/$t.log" 2>&1 || true
    local execs findings wall cpu
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || echo '?')
    findings=$(find "artifacts/$t" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    read -r wall user sys <"logs/$t.time" || true
    cpu=$(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN { printf "%.0f", u + s }')
    printf '%-12s wall %5.0fs  cpu %5ss  %10s execs  %5s corpus  %s findings\n' "$t" \
        "${wall:-0}" "$cpu" "$execs" "$(find "corpus/$t" -type f | wc -l)" "$findings"
}
export -f run_one dict_of
export seconds bin_dir

printf '%s\n' "${targets[@]}" | xargs -P "$parallel" -I{} bash -c 'run_one {}'

found=$(find artifacts -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) 2>/dev/null | wc -l)
if [ "$found" -gt 0 ]; then
    echo "fuzz.sh: $found findings in fuzz/artifacts/ (see fuzz/logs/); make each a regression test" >&2
    exit 1
fi
