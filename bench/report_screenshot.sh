#!/usr/bin/env bash
# Browser oracle for report.html: writes the benchmark report (bench/report_bench.cpp) and takes
# a headless Chromium screenshot of it (Debian `chromium`; RACKLINK_BROWSER=1
# scripts/install-deps.sh installs it). Look at the PNG: tables, inline SVG figures, captions.
# Usage: bench/report_screenshot.sh [build dir] [out.png]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/release}"
png="${2:-/tmp/racklink-report.png}"
out="$(mktemp -d)"
profile="$(mktemp -d)"
trap 'rm -rf "$out" "$profile"' EXIT
"$build/bench/report_bench" "$out/report" >/dev/null
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
  --screenshot="$png" --window-size=1280,2000 "file://$out/report/report.html" 2>/dev/null
echo "screenshot: $png"
