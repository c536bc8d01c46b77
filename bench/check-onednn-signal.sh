#!/usr/bin/env bash
# Reproduces oneDNN issue #4845 with the installed oneDNN: a signal handler
# that interrupts a long-reduction f32 matmul runs on a frame in the heap and
# corrupts it (glibc aborts). This is why ofex-train blocks its stop signals
# in every thread and takes them with sigwait (runtime/rl StopSignals.h).
# Not part of make check: on an affected oneDNN the long case crashes by
# design. Usage: bench/check-onednn-signal.sh [K...] (default 200 1041).
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
g++ -O2 -std=c++17 "$(dirname "$0")/onednn_signal_repro.cpp" -o "$dir/repro" \
  -ldnnl -lpthread || exit 2
for k in "${@:-200 1041}"; do
  for k1 in $k; do
    out=$(OMP_NUM_THREADS=1 "$dir/repro" "$k1" 2>&1 | tail -1)
    echo "K=$k1: ${out:-killed with no output}"
  done
done
