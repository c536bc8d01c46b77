#!/usr/bin/env bash
# Issue 17's Prune-A and Prune-C on one seed, sized for one session on a
# two-core machine (an ofe-big run to 100k takes ~4 h on one core, longer
# than a session; what fits is ofe-big to the unfreeze step and a prune run
# from it): queue A runs ofe-big to 30k and then Prune-A from that
# checkpoint; queue B waits for the checkpoint and runs Prune-C. Every step
# is idempotent (bench/runs/prune-chain.sh): the same command continues.
#   bench/runs/prune-ac-one-session.sh BIN OUT [SEED]
# e.g. bench/runs/prune-ac-one-session.sh build/bin runs/hc100k 1
set -uo pipefail
bin=${1:?usage: prune-ac-one-session.sh BIN OUT [SEED]}
out=${2:?usage: prune-ac-one-session.sh BIN OUT [SEED]}
seed=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
dir=$out/s$seed
mkdir -p "$dir"
relax=(--theta-relax 0.1 --theta-momentum 0.99)
# Half and twice Prune-B's nu (nu_ofe 1e-6, nu_pi 2e-6).
PRESET=prune-a BASELINE=0 "$here/prune-chain.sh" "$bin" HalfCheetah "$seed" \
  100000 30000 "$dir" "${relax[@]}" --nu-ofe 5e-7 --nu-pi 1e-6 \
  >> "$out/queue-a.log" 2>&1 &
(
  until [ -e "$dir/ofe-big-at30000/summary.json" ]; do sleep 60; done
  PRESET=prune-c BASELINE=0 "$here/prune-chain.sh" "$bin" HalfCheetah "$seed" \
    100000 30000 "$dir" "${relax[@]}" --nu-ofe 2e-6 --nu-pi 4e-6
) >> "$out/queue-b.log" 2>&1 &
wait
