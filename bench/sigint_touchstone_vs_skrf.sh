#!/usr/bin/env bash
# Touchstone read speed (best wall time per read; RackLink's CPU time and thread count shown too): RackLink vs
# scikit-rf (Debian python3-scikit-rf, single-threaded) on the same files, in one run. RackLink reads the data of
# files >= 256 KiB on the machine's threads (TouchstoneReadOptions); `--threads=1` in OURS_ARGS measures it serial. Usage: bash bench/sigint_touchstone_vs_skrf.sh [build-dir]   (default build/release)
# Files: a 4-port 5,001-point file (resampled from the 4 in TE channel by the bench program),
# the TE 4-port 4,201-point files and the 22-port HFSS file from ../shared/data/touchstone.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/release}"
data="../shared/data/touchstone"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
files=("$tmp/synthetic_5001.s4p" "$data/TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p" "$data/multiport/hfss_2020r2_multiport.s22p")
"$build/bench/sigint_touchstone_read" ${OURS_ARGS:-} --make-5001 "$tmp/synthetic_5001.s4p" "$data/TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p" \
    "${files[@]}" | tee "$tmp/ours.txt"
/usr/bin/python3 - "${files[@]}" <<'PY' 2>/dev/null | grep "^skrf " | tee "$tmp/skrf.txt"
import sys, time, os
import skrf
for f in sys.argv[1:]:
    best = 1e30; reps = 0; t_end = time.perf_counter() + 2.0
    while time.perf_counter() < t_end or reps < 3:
        t0 = time.perf_counter(); n = skrf.Network(f); best = min(best, time.perf_counter() - t0); reps += 1
    b = os.path.getsize(f)
    print("skrf     %-45s ports %3d points %6d bytes %9d  %9.3f ms  %8.1f MB/s" % (os.path.basename(f), n.nports, len(n.f), b, best * 1e3, b / best / 1e6))
PY
# The machine is shared: time ours again after scikit-rf and keep each file's best.
"$build/bench/sigint_touchstone_read" ${OURS_ARGS:-} "${files[@]}" > "$tmp/ours2.txt"
paste "$tmp/ours.txt" "$tmp/ours2.txt" | awk '{a=$9; b=$(NF/2+9); print $2, (a<b?a:b)}' > "$tmp/best.txt"
echo "racklink best of two runs (ms):"; cat "$tmp/best.txt"
paste "$tmp/best.txt" <(awk '{print $(NF-3)}' "$tmp/skrf.txt") |
    awk '{printf "speedup %-45s %6.1fx (skrf %s ms / racklink %s ms)\n", $1, $3/$2, $3, $2}'
