#!/usr/bin/env bash
# Builds a libFuzzer target with clang + ASan + UBSan and runs it for a while.
#   bash scripts/fuzz.sh hdl [SECONDS]          # the .rack front end (seeds: examples, hdl/lib)
#   bash scripts/fuzz.sh touchstone [SECONDS]   # the Touchstone reader, serial vs parallel
#   bash scripts/fuzz.sh pulse_csv [SECONDS]    # the TDMODE pulse-response CSV reader
#   bash scripts/fuzz.sh com_config [SECONDS]   # the COM configuration reader: parse_com_config,
#       then resolve_com_params, resolve_com_erl_params, resolve_com_causality and the unused-entry
#       listing; only std::invalid_argument naming the source is allowed (seeds: every built-in
#       preset's text, tests/golden/com/*.cfg, tests/sigint/com/fuzz_regressions/); a run over
#       10 s is a hang. The limits it holds the reader to (range sizes, search grid, M, L, tap
#       counts, finite numbers) are listed in docs/com.md, "Input limits and the configuration fuzzer".
# Crashers land in build/fuzz/crashes/; copy each into the target's regression folder
# (tests/hdl/fuzz_regressions/, tests/sigint/fuzz_crashers/, tests/sigint/com/fuzz_regressions/):
# the test suites load every file there and must not crash.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-hdl}"
secs="${2:-300}"
command -v clang++ >/dev/null || { echo "fuzz.sh: needs clang (apt-get install clang)"; exit 2; }
CC=clang CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRACKLINK_FUZZ=ON \
  -DRACKLINK_BUILD_TESTS=OFF -DRACKLINK_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" >/dev/null
cmake --build build/fuzz --target "${target}_fuzz" -j2
corpus="build/fuzz/corpus-$target"
max_len=8192 timeout=60
mkdir -p "$corpus" build/fuzz/crashes
if [ "$target" = hdl ]; then
  # Seeds: the standard library and the small examples (the 64-rack hall is too slow to mutate
  # usefully under the sanitizers).
  cp hdl/lib/*.rack tests/hdl/fuzz_regressions/* "$corpus"/ 2>/dev/null || true
  for f in examples/*.rack; do
    [ "$(wc -c < "$f")" -lt 4000 ] && case "$f" in *hall*) ;; *) cp "$f" "$corpus"/ ;; esac
  done
elif [ "$target" = touchstone ]; then
  # Seeds: the kept crashers and the small shared files (each prefixed by the port-count byte
  # the target reads first).
  cp tests/sigint/fuzz_crashers/* "$corpus"/ 2>/dev/null || true
  for f in ../shared/data/touchstone/*.s?p ../shared/data/touchstone/v2-examples/*; do
    [ -f "$f" ] && [ "$(wc -c < "$f")" -lt 8000 ] && { printf '\x04'; cat "$f"; } > "$corpus/seed-$(basename "$f")"
  done
elif [ "$target" = pulse_csv ]; then
  # Seeds: the head of the example pulse and small hand-made files (comments, separators).
  head -c 4000 examples/data/bp_short_pulse.csv > "$corpus/seed-example.csv"
  printf '%% t v\n0, 0\n1e-12;2e-3\n2e-12\t3e-3 x\n' > "$corpus/seed-separators.csv"
  timeout=10
elif [ "$target" = com_config ]; then
  # Seeds: the built-in presets (written by the fuzzer binary itself), the golden configurations
  # and the kept regressions.
  cp tests/golden/com/*.cfg tests/sigint/com/fuzz_regressions/* "$corpus"/ 2>/dev/null || true
  RACKLINK_COM_SEEDS="$corpus" build/fuzz/fuzz/com_config_fuzz
  # The largest preset is ~12 kB; resolution is milliseconds, so 10 s is a hang.
  max_len=16384 timeout=10
fi
bin="build/fuzz/fuzz/${target}_fuzz"
[ -x "$bin" ] || bin="build/fuzz/sigint/${target}_fuzz"   # the Touchstone target lives with sigint
"$bin" "$corpus" -max_total_time="$secs" -max_len="$max_len" -timeout="$timeout" \
  -artifact_prefix=build/fuzz/crashes/ -print_final_stats=1
