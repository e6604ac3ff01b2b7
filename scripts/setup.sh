#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the main job on the
# shipped examples: check every description, print its structure figures, and write the
# design-review package over all of them to out/review/.
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
echo
# Analysis findings (e.g. the dual-rack NVL144 cross-rack links that fail at 224G) are part of
# the report, not a setup failure.
"$bin" report examples/*.rack --out out/review
echo
echo "Design review written to $(pwd)/out/review/report.html (also report.md, tables/*.csv, results.h5)"
