#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the main job on the
# shipped examples (check every example, then print its structure figures).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
bin=build/release/reports/racklink
"$bin" check examples/*.rack
for f in examples/*.rack; do
  echo
  echo "== $f"
  "$bin" stats "$f"
done
