#!/usr/bin/env bash
# Build slant with profile-guided optimisation (PGO): an instrumented build scores a training
# corpus, LLVM's llvm-profdata merges the counts it wrote, and a second release build lays out
# and inlines the code by them. The result is `target/pgo/slant`; it writes the same bytes as
# `cargo build --release` (same source, no floating-point licence; `--check` compares).
#
#   scripts/build-pgo.sh [--check] [TRAINING_INPUT...]
#
# TRAINING_INPUT defaults to ../shared/corpora/allsides-dev.jsonl.gz when it is there, else to
# the bundled examples/corpus.jsonl (too small to train well, but enough to build). The
# training run is `slant score` with the built-in lexicons and every report, as the benchmark
# runs it. `--check` also builds the ordinary release binary and compares every CSV report of
# the two on the training inputs. llvm-profdata comes from rustup's `llvm-tools` component,
# which this script adds when it is missing; when it cannot (no rustup, no way to its
# components), the script exits with status 3. Needs about 4 minutes on 2 cores (two fat-LTO
# builds).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

check=
if [ "${1:-}" = "--check" ]; then
    check=1
    shift
fi
if [ "$#" -gt 0 ]; then
    training=("$@")
elif [ -f ../shared/corpora/allsides-dev.jsonl.gz ]; then
    training=(../shared/corpora/allsides-dev.jsonl.gz)
else
    training=(examples/corpus.jsonl)
fi
for input in "${training[@]}"; do
    [ -e "$input" ] || { echo "build-pgo: training input $input not found" >&2; exit 1; }
done

host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
    echo "build-pgo: adding rustup's llvm-tools component (for llvm-profdata)" >&2
    rustup component add llvm-tools >&2 \
        || { echo "build-pgo: could not add rustup's llvm-tools component" >&2; exit 3; }
fi
[ -x "$profdata" ] || { echo "build-pgo: $profdata not found after adding llvm-tools" >&2; exit 3; }

work=$root/target/pgo
raw=$work/profiles
mkdir -p "$work"
flags=${RUSTFLAGS:-}

echo "build-pgo: 1/3 instrumented build" >&2
RUSTFLAGS="$flags -Cprofile-generate=$raw" \
    cargo build --release --locked --quiet --target-dir "$work/gen"
# Build scripts and procedural macros were instrumented too and wrote counts while the build
# ran; only the training run's counts are wanted.
rm -rf "$raw" "$work/train"
mkdir -p "$raw"

echo "build-pgo: 2/3 training on ${training[*]}" >&2
"$work/gen/release/slant" score "${training[@]}" --out "$work/train" -q
"$profdata" merge -o "$work/slant.profdata" "$raw"

echo "build-pgo: 3/3 optimised build" >&2
RUSTFLAGS="$flags -Cprofile-use=$work/slant.profdata" \
    cargo build --release --locked --quiet --target-dir "$work/use"
cp "$work/use/release/slant" "$work/slant"
echo "build-pgo: built target/pgo/slant" >&2

if [ -n "$check" ]; then
    cargo build --release --locked --quiet
    # The training inputs, and the example corpus unless it is one of them already.
    checked=("${training[@]}")
    [[ " ${training[*]} " == *" examples/corpus.jsonl "* ]] || checked+=(examples/corpus.jsonl)
    for input in "${checked[@]}"; do
        rm -rf "$work/check-pgo" "$work/check-release"
        "$work/slant" score "$input" --out "$work/check-pgo" -q
        ./target/release/slant score "$input" --out "$work/check-release" -q
        for report in "$work"/check-release/*.csv; do
            name=$(basename "$report")
            cmp -s "$report" "$work/check-pgo/$name" \
                || { echo "build-pgo: $name differs between the PGO and the release build on $input" >&2; exit 1; }
        done
        echo "build-pgo: $input: every CSV report identical to the release build's" >&2
    done
fi
