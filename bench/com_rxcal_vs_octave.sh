#!/usr/bin/env bash
# Receiver calibration (RX_CALIBRATION) speed: RackLink vs the IEEE 802.3 COM reference v4.50
# (MATLAB code under GNU Octave), the whole calibration loop on the golden cases of
# tests/sigint/com/test_com_rxcal.cpp, single-threaded (both pinned to core 0), in one run.
# The reference is not part of RackLink: $COM_REF450_DIR must hold an Octave working copy of the
# public com_ieee8023_93a_450.m (GitHub Omer-Sella/COM, sourceFiles/) with a Touchstone 1.x reader
# and the MATLAB version check disabled, and the "Please make sure ..." message box of its
# RX_CALIBRATION start-up commented out (Octave has no display here).
# The reference's time is its own tic/toc and cputime around the call (Octave start-up
# excluded); RackLink's is hyperfine's mean of 5 runs of `racklink com` (start-up included).
#
# usage: bench/com_rxcal_vs_octave.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/release}"
ref="${COM_REF450_DIR:-/work/rxcal-ref}"
[ -f "$ref/com_ieee8023_93a_450.m" ] || { echo "com_rxcal_vs_octave.sh: no reference in $ref" >&2; exit 2; }
racklink="$build/reports/racklink"
ts="$root/../shared/data/touchstone"
golden="$root/tests/golden/com"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# case: golden json, configuration (file or preset name), thru, noise path
cases=("kr4_c93_rxcal__te_10in.json:$golden/kr4_c93.cfg:TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p:TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p"
       "ck_cr_rxcal__te_4in.json:ck_cr:TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p:TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p")
printf "%-28s %5s %9s %9s %9s %9s %8s %11s %11s\n" case runs oct_wall oct_cpu rl_mean speedup cpu_x sigma_bn_ref sigma_bn_rl
for c in "${cases[@]}"; do
  IFS=: read -r g cfg thru noise <<< "$c"
  if [ ! -f "$cfg" ]; then  # a preset: its text from sigint/src/com/com_presets.cpp
    /usr/bin/python3 - "$root/sigint/src/com/com_presets.cpp" "$cfg" > "$tmp/preset.cfg" <<'PY'
import re, sys
src = open(sys.argv[1]).read()
var = re.search(r'name == "' + sys.argv[2] + r'"\) return (k\w+);', src).group(1)
print(re.search(var + r' = R"RL\((.*?)\)RL"', src, re.S).group(1))
print("DIAGNOSTICS = 0\nDISPLAY_WINDOW = 0\nCSV_REPORT = 0\nRESULT_DIR = ./results/")
PY
    cfgfile="$tmp/preset.cfg"
  else
    cfgfile="$cfg"
  fi
  # the golden's overrides: for the reference (racklink_cfg_to_mat) and for RackLink (--set)
  ov_m=$(/usr/bin/python3 -c "import json;g=json.load(open('$golden/$g'));print(','.join(\"'%s','%s'\"%(k,v) for k,v in g['overrides'].items()))")
  sets=()
  while IFS= read -r kv; do sets+=(--set "$kv"); done < <(/usr/bin/python3 -c "import json;g=json.load(open('$golden/$g'));[print('%s=%s'%(k,v)) for k,v in g['overrides'].items()]")
  (cd "$tmp" && taskset -c 0 octave --no-gui -q --eval "
addpath('$ref'); addpath('$root/scripts/com_reference');
racklink_cfg_to_mat('$cfgfile', 'cfg.mat', {$ov_m});
t0 = tic; c0 = cputime; r = com_ieee8023_93a_450('cfg.mat', 1, 0, '$ts/$thru', '$ts/$noise'); w = toc(t0); u = cputime - c0;
if iscell(r), r = r{1}; end
printf('REF %.3f %.3f %.17g\n', w, u, 1e3 * r.sigma_bn);" > "$tmp/ref.log" 2>&1) || true
  read -r _ oct_w oct_u bn_ref < <(grep "^REF " "$tmp/ref.log" || echo "REF nan nan nan")
  runs=$(grep -c "LOOP with" "$tmp/ref.log" || true)
  hyperfine -N -w 1 -r 5 --export-json "$tmp/hf.json" \
      "taskset -c 0 $racklink com $cfgfile $ts/$thru --noise-path $ts/$noise $(printf "%q " "${sets[@]}")" > /dev/null 2>&1 ||
    hyperfine -w 1 -r 5 --export-json "$tmp/hf.json" \
      "taskset -c 0 $racklink com $cfgfile $ts/$thru --noise-path $ts/$noise $(printf "%q " "${sets[@]}")" > /dev/null
  rl=$(/usr/bin/python3 -c "import json;print(json.load(open('$tmp/hf.json'))['results'][0]['mean'])")
  rl_cpu=$(/usr/bin/python3 -c "import json;r=json.load(open('$tmp/hf.json'))['results'][0];print(r['user']+r['system'])")
  bn_rl=$("$racklink" com "$cfgfile" "$ts/$thru" --noise-path "$ts/$noise" "${sets[@]}" --json 2>/dev/null |
          /usr/bin/python3 -c "import json,sys;print(json.load(sys.stdin)['rx_calibration']['sigma_bn_mv'])")
  printf "%-28s %5s %9.2f %9.2f %9.4f %9.0f %8.0f %11.6g %11.6g\n" "${g%.json}" "$runs" "$oct_w" "$oct_u" "$rl" \
      "$(echo "$oct_w / $rl" | bc -l)" "$(echo "$oct_u / $rl_cpu" | bc -l)" "$bn_ref" "$bn_rl"
done
