#!/usr/bin/env bash
# COM speed: RackLink vs the IEEE 802.3 COM reference (MATLAB code under GNU Octave), same
# channel and configuration, single-threaded, in one run. The reference is not part of
# RackLink: see scripts/com_reference/run_reference.sh for how to get it ($COM_REF_DIR; with
# COM_REF_VERSION=450 the v4.50 working copy of make_v450_working_copy.py, for the 802.3dj MMSE cases).
# The reference's time is its own tic/toc around the COM call (Octave start-up excluded);
# RackLink's is the best of 3 runs including the Touchstone reads.
#
# usage: bench/com_vs_octave.sh BUILD_DIR [CASES...]   (case = config:thru[:fext,..[:next,..]])
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/release}"; shift || true
bench="$build/bench/com_bench"
ts="$root/../shared/data/touchstone"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  cases=("kr4_c93:$ts/TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p"
         "kr4_c93:$ts/TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p"
         "ck_kr:$ts/TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p"
         "ck_kr:$ts/TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p")
  # ---- 802.3dj receiver FFE, MMSE (com-eq): spreadsheet config (one equalizer setting) and
  # the dj_kr table with the coarse golden grid (tests/golden/com/dj_kr_coarse.cfg)
  cases+=("dj_xls:$ts/TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p"
          "dj_xls:$ts/TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p"
          "dj_kr_coarse:$ts/TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p")
fi
printf "%-12s %-38s %9s %9s %9s %9s %8s %8s %9s %9s\n" config channel oct_wall rl_wall speedup oct_cpu rl_cpu cpu_x com_ref com_rl
for c in "${cases[@]}"; do
  IFS=: read -r cfg thru fx nx <<< "$c"
  cfgfile="$root/tests/golden/com/$cfg.cfg"
  fext=(); next=()
  [ -n "${fx:-}" ] && IFS=, read -r -a fext <<< "$fx"
  [ -n "${nx:-}" ] && IFS=, read -r -a next <<< "$nx"
  tmp="$(mktemp -d)"
  taskset -c 0 "$root/scripts/com_reference/run_reference.sh" "$cfgfile" "$tmp/ref.mat" "$thru" \
      ${#fext[@]} ${#next[@]} "${fext[@]}" "${next[@]}" > "$tmp/ref.log" 2>&1 || true
  oct_s=$(grep -o "reference run: [0-9.]*" "$tmp/ref.log" | awk '{print $3}')
  oct_cpu=$(grep -o "reference cpu: [0-9.]*" "$tmp/ref.log" | awk '{print $3}')
  com_ref=$(grep -o "COM = [-0-9.]*" "$tmp/ref.log" | awk '{print $3}' | sort -g | head -1)
  args=("$cfgfile" "$thru")
  [ ${#fext[@]} -gt 0 ] && args+=(--fext "${fext[@]}")
  [ ${#next[@]} -gt 0 ] && args+=(--next "${next[@]}")
  out=$(taskset -c 0 "$bench" "${args[@]}" --repeat 3)
  rl_s=$(echo "$out" | awk '/single_thread_s/ {print $2}')
  com_rl=$(echo "$out" | awk '/single_thread_s/ {print $6}')
  rl_cpu=$(echo "$out" | awk '/single_thread_s/ {print $8}')
  printf "%-12s %-38s %9.2f %9.4f %9.0f %9.2f %8.4f %8.0f %9s %9.4f\n" "$cfg" "$(basename "$thru")" "${oct_s:-nan}" "$rl_s" \
      "$(echo "${oct_s:-0} / $rl_s" | bc -l)" "${oct_cpu:-nan}" "$rl_cpu" "$(echo "${oct_cpu:-0} / $rl_cpu" | bc -l)" \
      "${com_ref:-nan}" "$com_rl"
  rm -rf "$tmp"
done
# Parallel over channels (std::thread workers): 16 copies of the first case.
IFS=: read -r cfg thru _ <<< "${cases[0]}"
for t in 1 2; do
  "$bench" "$root/tests/golden/com/$cfg.cfg" "$thru" --repeat 1 --parallel $t 16 | grep parallel
done

# ---- ERL (com-erl): effective return loss only (ERL_ONLY = 1), tests/golden/com/ck_kr_erl.cfg.
# Reference: its own tic/toc and cputime; RackLink: best of 3 runs of `racklink com --erl-only`
# (process start-up and Touchstone read included), wall and user+sys CPU, pinned to one core.
racklink="$build/reports/racklink"
erlcfg="$root/tests/golden/com/ck_kr_erl.cfg"
printf "\n%-38s %9s %9s %9s %9s %9s %9s %10s %10s\n" erl_channel oct_wall rl_wall speedup oct_cpu rl_cpu cpu_x erl_ref erl_rl
for thru in "$ts/TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p" "$ts/TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p"; do
  tmp="$(mktemp -d)"
  taskset -c 0 "$root/scripts/com_reference/run_reference.sh" "$erlcfg" "$tmp/ref.mat" "$thru" \
      > "$tmp/ref.log" 2>&1 || true
  oct_s=$(grep -o "reference run: [0-9.]*" "$tmp/ref.log" | awk '{print $3}')
  oct_cpu=$(grep -o "reference cpu: [0-9.]*" "$tmp/ref.log" | awk '{print $3}')
  erl_ref=$(octave --no-gui -q --eval "load('$tmp/ref.mat'); printf('%.4f', r{1}.ERL)" 2>/dev/null || echo nan)
  best=999; best_cpu=999
  for _ in 1 2 3; do
    read -r w u s < <( { /usr/bin/time -f "%e %U %S" taskset -c 0 "$racklink" com "$erlcfg" "$thru" --erl-only --json > "$tmp/rl.json"; } 2>&1 )
    best=$(echo "if ($w < $best) $w else $best" | bc -l)
    c=$(echo "$u + $s" | bc -l)
    best_cpu=$(echo "if ($c < $best_cpu) $c else $best_cpu" | bc -l)
  done
  best_cpu=$(echo "if ($best_cpu < 0.01) 0.01 else $best_cpu" | bc -l)  # /usr/bin/time resolution
  erl_rl=$(/usr/bin/python3 -c "import json;print('%.4f'%json.load(open('$tmp/rl.json'))['erl_db'])")
  printf "%-38s %9.2f %9.3f %9.0f %9.2f %9.3f %9.0f %10s %10s\n" "$(basename "$thru")" "${oct_s:-nan}" "$best" \
      "$(echo "${oct_s:-0} / $best" | bc -l)" "${oct_cpu:-nan}" "$best_cpu" \
      "$(echo "${oct_cpu:-0} / $best_cpu" | bc -l)" "$erl_ref" "$erl_rl"
  rm -rf "$tmp"
done
