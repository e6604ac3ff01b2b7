#!/usr/bin/env bash
# The README's second command: build (CI preset: warnings are errors) and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${RACKLINK_TEST_PRESET:-ci}"
bash scripts/build.sh "$preset"
ctest --preset "$preset" -j"$(nproc)"
