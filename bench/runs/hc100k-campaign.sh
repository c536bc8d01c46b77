#!/usr/bin/env bash
# Issue 17's measurement campaign on one two-core machine: two queues, one
# run at a time each (one thread per run), every step idempotent, so the same
# command after a session's end continues each run from its last 2,500-step
# checkpoint (finished runs are skipped). Results land in OUT:
#   OUT/s{0,1,2}/{ofe-big,prune-b}     HalfCheetah-v4, 100k steps, theta from 30k
#   OUT/s0/prune-{a,c}                 half and twice Prune-B's nu
#   OUT/hopper-s0/{ofe-big,prune-b}    Hopper-v4
#   OUT/baselines                      sac and ofe-small x 3 seeds (an ofex-sweep)
#   OUT-v1/s0/{ofe-big,prune-b}        SAC v1, Prune-B at the method's nu
# The prune runs use the settings chosen so far (prune_b below: the relaxed
# estimator, nu_ofe 1e-6, nu_pi 2e-6, theta momentum 0.99). Each queue runs
# the prune runs first and the baselines' continuation to 100k after them.
#   bench/runs/hc100k-campaign.sh BIN OUT      (OUT as the chains were given it:
#                                               a run's --init-from holds the path)
set -uo pipefail
bin=${1:?usage: hc100k-campaign.sh BIN OUT} out=${2:?usage: hc100k-campaign.sh BIN OUT}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
relax=(--theta-relax 0.1 --theta-momentum 0.99)
prune_b=("${relax[@]}" --nu-ofe 1e-6 --nu-pi 2e-6)
chain() { # TASK SEED DIR [prune options]
  local task=$1 seed=$2 dir=$3
  shift 3
  "$here/prune-chain.sh" "$bin" "$task" "$seed" 100000 30000 "$dir" "$@"
}
queue_a() {
  chain HalfCheetah 0 "$out/s0" "${prune_b[@]}"
  BASELINE=0 chain HalfCheetah 2 "$out/s2" "${prune_b[@]}"
  chain HalfCheetah 2 "$out/s2" "${prune_b[@]}"
  chain Hopper 0 "$out/hopper-s0" "${prune_b[@]}"
  # SAC v1 (the method's variant) at the method's nu, theta from 20k.
  COMMON="--sac v1" "$here/prune-chain.sh" "$bin" HalfCheetah 0 100000 20000 "$out-v1/s0"
}
queue_b() {
  BASELINE=0 chain HalfCheetah 1 "$out/s1" "${prune_b[@]}"
  PRESET=prune-a BASELINE=0 chain HalfCheetah 0 "$out/s0" "${relax[@]}" --nu-ofe 5e-7 --nu-pi 1e-6
  PRESET=prune-c BASELINE=0 chain HalfCheetah 0 "$out/s0" "${relax[@]}" --nu-ofe 2e-6 --nu-pi 4e-6
  chain HalfCheetah 1 "$out/s1" "${prune_b[@]}"
  [ -e "$out/baselines/manifest.tsv" ] ||
    "$bin/ofex-sweep" plan "$here/../sweeps/hc100k-baselines.ini" --dir "$out/baselines"
  "$bin/ofex-sweep" local "$out/baselines" --jobs 1
}
queue_a >> "$out/queue-a.log" 2>&1 &
queue_b >> "$out/queue-b.log" 2>&1 &
wait
