#!/usr/bin/env bash
# Open REPORTS_DIR/summary.html in headless Chromium and save a screenshot: a real-browser
# check of `slant report`. Installs Debian's chromium package with apt-get when it is missing
# (needs root); CI only runs this when chromium is already installed.
#
#   scripts/screenshot.sh REPORTS_DIR OUT.png [WIDTH,HEIGHT]
#
# The page is opened from disk (file://) with networking, sync and updates turned off; the
# page itself forbids scripts and network loads (Content-Security-Policy). The script fails
# when the browser fails or the PNG is missing or empty.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 REPORTS_DIR OUT.png [WIDTH,HEIGHT]" >&2
    exit 2
fi
reports=$1
out=$2
size=${3:-1280,2400}
page="$reports/summary.html"
if [ ! -f "$page" ]; then
    echo "$0: $page not found; run \`slant report $reports\` first" >&2
    exit 1
fi

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "$0: chromium not found; installing Debian's chromium package" >&2
    if [ "$(id -u)" -ne 0 ]; then
        echo "$0: need root to install chromium (or install it yourself: apt-get install chromium)" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    browser=$(command -v chromium)
fi

abs_page=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
mkdir -p "$(dirname "$out")"
abs_out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$abs_out"

# --virtual-time-budget lets the page settle before the capture: without it, the bottom of a
# long page was sometimes captured before it was painted.

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --virtual-time-budget=5000 --user-data-dir="$profile" \
    --screenshot="$abs_out" --window-size="$size" "file://$abs_page" \
    >"$profile/chromium.log" 2>&1 || {
        echo "$0: chromium failed:" >&2
        tail -n 20 "$profile/chromium.log" >&2
        exit 1
    }

if [ ! -s "$abs_out" ]; then
    echo "$0: chromium wrote no screenshot" >&2
    tail -n 20 "$profile/chromium.log" >&2
    exit 1
fi
echo "$0: wrote $out ($(wc -c <"$abs_out") bytes)"
