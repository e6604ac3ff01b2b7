#!/usr/bin/env bash
# Runs the studies benchmarks: report writers (bench/report_bench.cpp) and sweeps
# (bench/sweep_bench.cpp), and a 10,000-point `racklink sweep` through the CLI against the same
# grid in NumPy + h5py (bench/sweep_numpy_peer.py), timed with hyperfine when installed.
# Usage: bench/report_sweep_bench.sh [build dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/release}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$build/bench/report_bench" "$out/report" 3
"$build/bench/sweep_bench" "$out"
cat > "$out/reach.ini" <<'INI'
[sweep]
evaluator = twinax_reach
baud = 25 GBd .. 224 GBd points 100
awg = 24, 26, 28, 30, 32
fixed_loss = 4 dB .. 22 dB points 20
output = reach [m]
INI
cmd="$build/reports/racklink sweep -q $out/reach.ini -o $out/reach.h5"
# Named peer: the same grid with NumPy + h5py (bench/sweep_numpy_peer.py).
peer="/usr/bin/python3 bench/sweep_numpy_peer.py $out/peer.h5"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 -N "$cmd" "$peer"
else
  /usr/bin/time -f "racklink sweep (10,000 points, CLI): %e s wall, %M KiB max RSS" $cmd
  /usr/bin/time -f "NumPy + h5py peer (10,000 points): %e s wall, %M KiB max RSS" $peer
fi
