#!/usr/bin/env bash
# Runs the reliability Monte Carlo engines beside straightforward NumPy implementations of the
# same models and prints the speed ratio. Usage: bench/reliability_bench.sh [build dir]
# Needs: the reliability_bench target built, Debian python3-numpy (/usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build/release}/bench/reliability_bench"
py="${PYTHON:-/usr/bin/python3}"  # Debian python3-numpy
secs() { sed -n 's/.*seconds=\([0-9.]*\).*/\1/p'; }
echo "== fleet Monte Carlo: 1,000 Rubin-Ultra-NVL576-like racks x 5 years, 8 replications"
a=$("$bin" fleet 1000 5 8); echo "$a"
b=$("$py" bench/numpy_fleet.py 1000 5 8); echo "$b"
echo "ratio numpy/racklink: $(python3 -c "print(round($(echo "$b" | secs) / $(echo "$a" | secs), 1))")"
echo "== impedance Monte Carlo: 100,000 boards x 5,184 pairs (12 signal layers)"
a=$("$bin" impedance 100000 5184); echo "$a"
b=$("$py" bench/numpy_impedance.py 100000 5184); echo "$b"
echo "ratio numpy/racklink: $(python3 -c "print(round($(echo "$b" | secs) / $(echo "$a" | secs), 1))")"
