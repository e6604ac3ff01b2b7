#!/usr/bin/env bash
# ERL speed: `racklink com --erl-only` vs the IEEE 802.3 COM reference (MATLAB code under GNU
# Octave, ERL_ONLY = 1), same channel and configuration (tests/golden/com/ck_kr_erl.cfg), one
# core each (taskset -c 0), in one run. The reference is not part of RackLink: see
# scripts/com_reference/run_reference.sh for how to get it ($COM_REF_DIR).
#
# CPU seconds: the reference's own cputime around its COM call (Octave start-up excluded);
# RackLink's user + system time of the whole process (start-up, configuration, Touchstone read,
# both ERL sides, JSON output), from getrusage of the child, best and median of $RUNS runs;
# and in-process (bench/com_bench --erl-only: single-threaded Touchstone read + ERL, the span the
# reference's cputime covers -- like-for-like, since Octave's start-up is excluded there too).
#
# usage: bench/erl_vs_octave.sh [BUILD_DIR] [THRU.s4p ...]     (RUNS=20 by default)
#        CFG=bench/com_erl_combo.cfg bench/erl_vs_octave.sh ...   (another configuration; default
#        tests/golden/com/ck_kr_erl.cfg; com_erl_combo.cfg is the ERL-only case with the least
#        margin: 802.3ck C2M sheet + SHOW_BRD + AUTO_TFX + N = 0 + TDR_W_TXPKG)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/release}"; shift || true
racklink="$build/reports/racklink"
bench="$build/bench/com_bench"
ts="$root/../shared/data/touchstone"
cfg="${CFG:-$root/tests/golden/com/ck_kr_erl.cfg}"
cfg="$(cd "$(dirname "$cfg")" && pwd)/$(basename "$cfg")"  # absolute: the reference runs elsewhere
runs="${RUNS:-20}"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
chans=("$@")
[ ${#chans[@]} -eq 0 ] && chans=("$ts/TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p" "$ts/TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p")
printf "%-38s %10s %10s %12s %12s %9s %9s %12s %12s %8s %12s %12s\n" channel oct_wall_s oct_cpu_s rl_cpu_best_s rl_cpu_med_s x_best x_med erl_ref_db erl_rl_db lib_cpu lib_x_best lib_x_med
for thru in "${chans[@]}"; do
  tmp="$(mktemp -d)"
  taskset -c 0 "$root/scripts/com_reference/run_reference.sh" "$cfg" "$tmp/ref.mat" "$thru" > "$tmp/ref.log" 2>&1 || true
  oct_s=$(grep -o "reference run: [0-9.]*" "$tmp/ref.log" | awk '{print $3}')
  oct_cpu=$(grep -o "reference cpu: [0-9.]*" "$tmp/ref.log" | awk '{print $3}')
  erl_ref=$(octave --no-gui -q --eval "load('$tmp/ref.mat'); printf('%.4f', r{1}.ERL)" 2>/dev/null || echo nan)
  read -r best med erl_rl < <(/usr/bin/python3 - "$racklink" "$cfg" "$thru" "$runs" <<'EOF'
import json, resource, subprocess, sys
racklink, cfg, thru, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
cpu, out = [], None
for _ in range(runs):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(["taskset", "-c", "0", racklink, "com", cfg, thru, "--erl-only", "--json"],
                         check=True, capture_output=True, text=True).stdout
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
cpu.sort()
print("%.4f %.4f %.4f" % (cpu[0], cpu[len(cpu) // 2], json.loads(out)["erl_db"]))
EOF
)
  lib=$(taskset -c 0 "$bench" "$cfg" "$thru" --erl-only --repeat "$runs")
  lib_best=$(echo "$lib" | awk '{print $4}'); lib_med=$(echo "$lib" | awk '{print $6}')
  printf "%-38s %10s %10s %12s %12s %9.0f %9.0f %12s %12s %8s %12.0f %12.0f\n" "$(basename "$thru")" "${oct_s:-nan}" "${oct_cpu:-nan}" \
      "$best" "$med" "$(echo "${oct_cpu:-0} / $best" | bc -l)" "$(echo "${oct_cpu:-0} / $med" | bc -l)" "$erl_ref" "$erl_rl" \
      "$lib_best" "$(echo "${oct_cpu:-0} / $lib_best" | bc -l)" "$(echo "${oct_cpu:-0} / $lib_med" | bc -l)"
  rm -rf "$tmp"
done
