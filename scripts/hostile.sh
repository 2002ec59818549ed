#!/usr/bin/env bash
# The hostile inputs too big for the default test run (README "Robustness"): a 200 MB
# one-line article (JSON Lines, txt and CSV), a million tiny articles, an article of 200,000
# short quotations, a lexicon of 100,000 entries. Each is generated at test time in a
# temporary folder, scored by the release binary under /usr/bin/time -v, and checked; the
# `measured:` lines give wall time and peak RSS for the README table. Needs about 1 GB of
# disk and 4 GB of memory.
#
#   scripts/hostile.sh            (CARGO_TARGET_DIR is honoured)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --locked --test integration hostile_big -- --ignored --nocapture \
    --test-threads 1 2>&1 | tee /dev/stderr | grep '^measured:' || {
    echo "hostile.sh: a test failed or measured nothing (see above)" >&2
    exit 1
}
