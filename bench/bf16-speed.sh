#!/usr/bin/env bash
# The speed-up of --precision bf16 over fp32 for the training update
# (issue 18 item 3), measured in one command: fp32 and bf16 alternate, one
# and two threads, REPEAT pairs each; prints every measurement and the
# median ratio per thread count. Needs a CPU with AVX-512 BF16.
#   bench/bf16-speed.sh [BIN] [PRESET] [REPEAT]      (defaults: build/bin ofe-big 3)
set -euo pipefail
bin=${1:-build/bin} preset=${2:-ofe-big} repeat=${3:-3}
grep -q ' avx512_bf16' /proc/cpuinfo ||
  { echo "bf16-speed.sh: this CPU has no AVX-512 BF16" >&2; exit 2; }
# The tools choose passive OpenMP waiting when they start next to a busy CPU
# (a predecessor in this loop can look like one): this compares precisions
# on an idle machine, so the threads spin, as they do there.
export OMP_WAIT_POLICY=active
rate() { # THREADS PRECISION -> updates/s
  "$bin/ofex-bench" --update --preset "$preset" --env HalfCheetah --threads "$1" \
    --seconds 4 --precision "$2" | awk '/^updates\/s/ { print $2 }'
}
for threads in 1 2; do
  ratios=()
  for ((i = 1; i <= repeat; i++)); do
    f=$(rate "$threads" fp32) b=$(rate "$threads" bf16)
    r=$(awk -v b="$b" -v f="$f" 'BEGIN { printf "%.2f", b / f }')
    ratios+=("$r")
    echo "$preset threads $threads: fp32 $f, bf16 $b updates/s: ${r}x"
  done
  printf '%s\n' "${ratios[@]}" | sort -n |
    awk -v p="$preset" -v t="$threads" '{ a[NR] = $1 } END { printf "%s threads %s: median bf16/fp32 %.2fx\n", p, t, a[int((NR + 1) / 2)] }'
done
