#!/usr/bin/env bash
# Installs the Debian 12 packages RackLink needs to build, test and report.
# Idempotent: installs only what is missing. Run as root (or with sudo available).
set -euo pipefail

# Build and library dependencies (Debian 12 "bookworm" package names).
pkgs=(
  build-essential cmake ninja-build pkg-config
  libboost-graph-dev        # Boost.Graph: the system model
  libeigen3-dev             # Eigen: thermal network (sparse) and linear algebra
  libhdf5-dev               # HDF5: sweep and report results
  libgnuplot-iostream-dev gnuplot-nox   # plots (SVG/PNG terminals)
  libboost-iostreams-dev libboost-system-dev libboost-filesystem-dev  # gnuplot-iostream needs these
  catch2                    # Catch2 2.13: tests
  libcli11-dev              # CLI11: command-line parsing
  libfmt-dev                # fmt: formatting
  nlohmann-json3-dev        # JSON output
)
# Test oracles (issues 3, 6, 7): reference values computed by independent tools.
if [ "${RACKLINK_ORACLES:-1}" = 1 ]; then
  pkgs+=(python3-scikit-rf python3-numpy scram)
  pkgs+=(python3-h5py)  # independent HDF5 reader: checks sweep/report files (docs/hdf5.md)
  pkgs+=(hyperfine)     # command timing in bench/report_sweep_bench.sh
fi

# Optional oracle, not required by CI: a real browser to check that report.html renders
# (headless screenshot, docs/report.md). RACKLINK_BROWSER=1 installs it.
if [ "${RACKLINK_BROWSER:-0}" = 1 ]; then
  pkgs+=(chromium)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
