#!/usr/bin/env bash
# Runs the IEEE 802.3 COM reference (MATLAB code, under GNU Octave) on a RackLink COM
# configuration and channels, and optionally writes a golden JSON file for RackLink's tests.
#
# The reference is NOT part of RackLink and is never copied into this repository. Get a
# public copy of com_ieee8023_93a (e.g. the GitHub repository Omer-Sela/COM, or the zip files
# under https://www.ieee802.org/3/ck/public/tools/ ) and put a working copy, adapted to
# Octave 7 (xlsread-free .mat configuration, a Touchstone reader, display code disabled), in
# $COM_REF_DIR (default /work/com-ref), named com_ieee8023_93a_420.m. With COM_REF_VERSION=450
# the working copy is com_ieee8023_93a_450.m, made from the public v4.50 file by
# make_v450_working_copy.py (the reference RackLink's 802.3dj receiver FFE follows).
#
# usage: run_reference.sh CONFIG.cfg OUT.mat THRU.s4p [NFEXT NNEXT FEXT... NEXT...]
#        GOLDEN=out.json DESC="text" run_reference.sh ...   (also writes the golden file)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ref="${COM_REF_DIR:-/work/com-ref}"
ver="${COM_REF_VERSION:-420}"
fn="com_ieee8023_93a_$ver"
[ -f "$ref/$fn.m" ] || { echo "run_reference.sh: no $fn.m in $ref" >&2; exit 2; }
cfg="$1"; out="$2"; shift 2
args=$(printf "'%s'," "$@"); args="${args%,}"
nf=0; nn=0
thru="$1"; shift
if [ $# -ge 2 ]; then nf="$1"; nn="$2"; shift 2; fi
xt=""; for f in "$@"; do xt="$xt,'$f'"; done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# Functions the v4.20 working copy lacks for the 802.3dj receiver FFE (get_PSDs, MMSE, S_RN, the
# apply path of force, FFE), transcribed from the public 4.x code, may sit in $COM_REF_DIR/dj.
extra=""; [ "$ver" = 420 ] && [ -d "$ref/dj" ] && extra="addpath('$ref/dj');"
octave --no-gui -q --eval "
addpath('$ref'); $extra addpath('$here');
racklink_cfg_to_mat('$cfg', 'cfg.mat');
t0 = tic; c0 = cputime; r = $fn('cfg.mat', $nf, $nn, '$thru'$xt); elapsed_s = toc(t0); cpu_s = cputime - c0;
if ~iscell(r), r = {r}; end
save('-v7', '$out', 'r', 'elapsed_s', 'cpu_s');
printf('reference run: %.3f s\nreference cpu: %.3f s\n', elapsed_s, cpu_s);
if ~isempty(getenv('GOLDEN')), extract_golden('$out', getenv('GOLDEN'), getenv('DESC')); end
" 2>&1 | grep -v "execution_exception"
