#!/usr/bin/env bash
# Regenerates examples/data/*.s4p (the measured-channel stand-ins of examples/com_backplane.rack)
# and examples/data/bp_short_pulse.csv (the TDMODE example)
# with RackLink's channel model and Touchstone writer. Needs a release build of racklink_sigint.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build/release --target racklink_sigint -j2 >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
g++ -std=c++20 -O2 -Isigint/include -I/usr/include/eigen3 scripts/make_com_example_data.cpp \
  build/release/sigint/libracklink_sigint.a -o "$tmp/make_com_example_data"
mkdir -p examples/data
"$tmp/make_com_example_data" examples/data
