#!/usr/bin/env bash
# One seed of issue 17's protocol on one core: ofe-big to the unfreeze step,
# prune-b from that checkpoint (--init-from: with theta frozen a prune-b run
# is ofe-big bit for bit up to there), then ofe-big on to the full budget.
# The prune run goes first so that its result lands even if the session ends
# before the baseline does. Every step is idempotent: run the same command
# again after a kill (a session's end) and each run continues from its last
# checkpoint (every 2,500 steps, with an evaluation).
#   [COMMON="options"] bench/runs/prune-chain.sh BIN ENV SEED STEPS FREEZE OUT [prune-b options...]
# e.g. bench/runs/prune-chain.sh build/bin HalfCheetah 0 100000 30000 runs/hc100k/s0 --nu-pi 2e-6
# COMMON holds options for both runs (e.g. COMMON="--sac v1"): a warm start
# needs the same model and SAC variant as its source. PRESET=prune-a (or c)
# runs that preset instead, into OUT/prune-a; BASELINE=0 stops after the
# prune run (ofe-big's continuation left for later).
set -euo pipefail
bin=$1 env=$2 seed=$3 steps=$4 freeze=$5 out=$6
shift 6
# shellcheck disable=SC2086 # COMMON is a list of options
train() { "$bin/ofex-train" --threads 1 --quiet ${COMMON:-} "$@"; }
every="--eval-every 2500 --checkpoint-every 2500"
mkdir -p "$out"
if [ ! -e "$out/ofe-big-at$freeze/summary.json" ]; then
  train --env "$env" --preset ofe-big --seed "$seed" --steps "$freeze" $every --out "$out/ofe-big"
  rm -rf "$out/ofe-big-at$freeze.tmp"
  cp -r "$out/ofe-big" "$out/ofe-big-at$freeze.tmp"
  rm -f "$out/ofe-big-at$freeze.tmp/lock"
  mv "$out/ofe-big-at$freeze.tmp" "$out/ofe-big-at$freeze"
fi
# A run that reached the budget is not started again (it may have been made
# elsewhere and linked here, its --init-from another path).
finished() { grep -qs "\"steps\": $steps," "$1/summary.json"; }
preset=${PRESET:-prune-b}
finished "$out/$preset" ||
  train --env "$env" --preset "$preset" --seed "$seed" --steps "$steps" \
    --theta-freeze-steps "$freeze" --theta-lr 0.3 --prune-every 2500 $every "$@" \
    --init-from "$out/ofe-big-at$freeze" --out "$out/$preset"
[ "${BASELINE:-1}" = 0 ] || finished "$out/ofe-big" ||
  train --resume "$out/ofe-big" --steps "$steps"
