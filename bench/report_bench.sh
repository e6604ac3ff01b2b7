#!/usr/bin/env bash
# Review benchmark: `racklink report` over every example (the 64-rack hall included) and
# `racklink compare` of the GB200 NVL72 copper spine vs co-packaged optics, timed with hyperfine
# when installed (else a timing loop). Target (issue "Speed"): report over examples/*.rack
# in under 10 s. Usage: bench/report_bench.sh [build dir] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/release}"
runs="${2:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
bin="$build/reports/racklink"
# Exit code 1 is expected when an example's data is incomplete only with --strict; without it a
# clean run exits 0, so hyperfine's default failure check stays on.
files="$(echo examples/*.rack)"
report="$bin report $files --out $out/report"
compare="$bin compare examples/gb200_nvl72.rack --options copper,cpo"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs "$runs" -N "$report" "$compare"
else
  for cmd in "$report" "$compare"; do
    for i in $(seq "$runs"); do
      /usr/bin/time -f "%e s wall, %M KiB max RSS: $cmd" $cmd >/dev/null 2>&1 || true
    done
  done
fi
