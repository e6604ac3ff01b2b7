#!/usr/bin/env bash
# Cost of the insertion-loss-noise diagnostics (COMPUTE_TDILN, COMPUTE_RILN) in RackLink and in
# the IEEE 802.3 COM reference v4.50 (MATLAB code under GNU Octave), same channel and
# configuration, in one run: COM without the options, and with both.
# The reference is not part of RackLink: $COM_REF450_DIR must hold a run450.m that runs the
# public com_ieee8023_93a_450.m (with the Octave shims: Touchstone reader, no verLessThan) as
# `octave run450.m CFG OUT.mat THRU` and prints "ELAPSED <s> s" (its tic/toc, Octave start-up
# excluded). Without it only RackLink is timed. RackLink: hyperfine, `racklink com --threads 1`
# (process start-up and Touchstone read included).
#
# usage: bench/com_iln_vs_octave.sh BUILD_DIR [CONFIG [THRU]]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/release}"
cfg="${2:-$root/tests/golden/com/kr4_c93.cfg}"
thru="${3:-$root/../shared/data/touchstone/TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p}"
rl="$build/reports/racklink"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp "$cfg" "$tmp/plain.cfg"
sed -i 's#^RESULT_DIR = .*#RESULT_DIR = '"$tmp"'/results/#' "$tmp/plain.cfg"
mkdir -p "$tmp/results"
{ cat "$tmp/plain.cfg"; printf 'COMPUTE_TDILN = 1\nCOMPUTE_RILN = 1\n'; } > "$tmp/iln.cfg"
if [ -n "${COM_REF450_DIR:-}" ]; then
  for v in plain iln; do
    (cd "$tmp" && taskset -c 0 octave --no-gui -q "$COM_REF450_DIR/run450.m" "$tmp/$v.cfg" "$tmp/$v.mat" "$thru" \
      > "$tmp/$v.log" 2>&1) || true
    printf "reference v4.50 %-6s %8s s\n" "$v" "$(awk '/^ELAPSED/ {print $2}' "$tmp/$v.log")"
  done
fi
hyperfine -N -w 2 -r 30 \
  -n "racklink plain" "taskset -c 0 $rl com $tmp/plain.cfg $thru --threads 1" \
  -n "racklink iln" "taskset -c 0 $rl com $tmp/iln.cfg $thru --threads 1"
