#!/usr/bin/env bash
# COM speed: RackLink vs the IEEE 802.3 COM reference (MATLAB code under GNU Octave), same
# channel and configuration, single-threaded, in one run. The reference is not part of
# RackLink: see scripts/com_reference/run_reference.sh for how to get it ($COM_REF_DIR).
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
  printf "%-12s %-38s %9.2f %9.4f %9.0f %9.2f %8.4f %8.0f %9s %9.3f\n" "$cfg" "$(basename "$thru")" "${oct_s:-nan}" "$rl_s" \
      "$(echo "${oct_s:-0} / $rl_s" | bc -l)" "${oct_cpu:-nan}" "$rl_cpu" "$(echo "${oct_cpu:-0} / $rl_cpu" | bc -l)" \
      "${com_ref:-nan}" "$com_rl"
  rm -rf "$tmp"
done
# Parallel over channels (std::thread workers): 16 copies of the first case.
IFS=: read -r cfg thru _ <<< "${cases[0]}"
for t in 1 2; do
  "$bench" "$root/tests/golden/com/$cfg.cfg" "$thru" --repeat 1 --parallel $t 16 | grep parallel
done
