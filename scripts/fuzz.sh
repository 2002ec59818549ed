#!/usr/bin/env bash
# Run slant's fuzz targets (cargo fuzz, libFuzzer) for a fixed time each.
#
#   scripts/fuzz.sh SECONDS [TARGET...]     every target (or those named), SECONDS each
#   FUZZ_PARALLEL=2 scripts/fuzz.sh 600     two targets at a time (one core each)
#
# Needs `cargo install cargo-fuzz`. cargo fuzz passes nightly-only flags to rustc; the stable
# toolchain accepts them with RUSTC_BOOTSTRAP=1, which this script sets. Targets are built
# with overflow checks and debug assertions, without a sanitizer (slant forbids `unsafe`,
# so AddressSanitizer would mostly slow the search down; FUZZ_SANITIZER=address turns it on).
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

dict_of() {
    case $1 in
    read_csv) echo dicts/csv.dict ;;
    read_json | read_jsonl | read_gz) echo dicts/json.dict ;;
    text | score) echo dicts/text.dict ;;
    lexicon_csv | lexicon_dic) echo dicts/lexicon.dict ;;
    esac
}

echo "fuzz.sh: building ${#targets[@]} targets (sanitizer: $sanitizer)" >&2
for t in "${targets[@]}"; do
    cargo fuzz build -s "$sanitizer" -a "$t"
done

run_one() {
    local t=$1
    mkdir -p "corpus/$t" "artifacts/$t" logs
    cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true
    local started=$SECONDS
    # -timeout: an input that takes 10 s is a finding (a quadratic path), not a slow day.
    # -rss_limit_mb: memory beyond 2 GB on an input of a few kilobytes is a finding too.
    cargo fuzz run -s "$sanitizer" -a "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
        -dict="$(dict_of "$t")" -artifact_prefix="artifacts/$t/" -print_final_stats=1 \
        >"logs/$t.log" 2>&1 || true
    local execs crashes
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || echo '?')
    crashes=$(find "artifacts/$t" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    printf '%-12s %6ss %12s execs %5s corpus %3s findings\n' "$t" "$((SECONDS - started))" \
        "$execs" "$(find "corpus/$t" -type f | wc -l)" "$crashes"
}
export -f run_one dict_of
export seconds sanitizer

printf '%s\n' "${targets[@]}" | xargs -P "$parallel" -I{} bash -c 'run_one {}'

found=$(find artifacts -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) 2>/dev/null | wc -l)
if [ "$found" -gt 0 ]; then
    echo "fuzz.sh: $found findings in fuzz/artifacts/ (see fuzz/logs/); make each a regression test" >&2
    exit 1
fi
