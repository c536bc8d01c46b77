#!/usr/bin/env bash
# The demo: the compiler on the example OFENet network, then a short SAC +
# OFENet training run on HalfCheetah (a few minutes on 2 cores).
set -euo pipefail
build=${1:-build}
bin="$build/bin"
echo "== OFENet for HalfCheetah (8 layers x 30 units, Swish), parameter summary =="
"$bin/ofexc" --preset ofe-sac --env HalfCheetah --emit=summary
echo "== expected cost and Prune-B penalties (128 units per layer) =="
"$bin/ofexc" --preset ofe-sac --env HalfCheetah --ofe-units 128 --emit=cost | head -12
out="runs/demo-$(date +%Y%m%d-%H%M%S)"
echo "== training SAC + OFENet on HalfCheetah: 15000 steps (5000 random) into $out =="
"$bin/ofex-train" --env HalfCheetah --preset ofe-small --steps 15000 --warmup 5000 \
  --ofe-pretrain 1000 --eval-every 5000 --eval-episodes 2 --threads 2 --out "$out"
echo "== results in $out =="
echo "   progress.csv (per episode), eval.csv (deterministic returns), summary.json,"
echo "   checkpoint.bin + replay.bin (resume with: $bin/ofex-train --resume $out --steps N),"
echo "   ir/ (the model and every compiled function, ofex and dnnl IR)"
cat "$out/eval.csv"
cat "$out/summary.json"
