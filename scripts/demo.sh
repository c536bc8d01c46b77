#!/usr/bin/env bash
# The demo: the compiler's view of the model, then a short SAC + OFENet run
# on HalfCheetah that prunes while it learns (a scaled schedule: a few
# minutes on 2 cores), and its plots.
set -euo pipefail
build=${1:-build}
bin="$build/bin"
echo "== the SAC + OFENet model for HalfCheetah (OFENet reference configuration) =="
"$bin/ofexc" --preset ofe-sac --env HalfCheetah --emit=summary
echo "== expected cost and Prune-B penalties (128 units per layer) =="
"$bin/ofexc" --preset ofe-sac --env HalfCheetah --ofe-units 128 --emit=cost
out="runs/demo-$(date +%Y%m%d-%H%M%S)"
echo "== prune-b on HalfCheetah, scaled: 8 x 32 OFENet units, 128 hidden, 10000 steps,"
echo "   theta learns after step 4000, dead units eliminated every 1000 steps; into $out."
echo "   What to expect: 10,000 steps are a warm-up for HalfCheetah (the first 2,000 act"
echo "   randomly), so its evaluations stay far below the README's 50,000-step runs; watch"
echo "   the parameters fall from step 4,000 (progress.csv, units.csv) while it learns. =="
"$bin/ofex-train" --env HalfCheetah --preset prune-b --ofe-units 32 --hidden 128 \
  --steps 10000 --warmup 2000 --ofe-pretrain 500 --theta-freeze-steps 4000 \
  --prune-every 1000 --nu-ofe 4e-6 --theta-lr 0.1 \
  --eval-every 2000 --eval-episodes 2 --replay-size 20000 --threads 2 --out "$out"
"$bin/ofex-report" "$out" --out "$out/report"
echo "== results in $out =="
echo "   progress.csv, eval.csv, eval-gates.csv, units.csv, theta.csv, summary.json; plots in report/;"
echo "   ir/step-N/ (every pruned model), deploy.mlir + deploy.bin (the shipped policy:"
echo "   $bin/ofex-train --play $out), checkpoint.bin (resume: $bin/ofex-train --resume $out --steps N)"
cat "$out/eval.csv"
tail -n 1 "$out/units.csv"
cat "$out/summary.json"
