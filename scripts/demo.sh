#!/usr/bin/env bash
# The demo: compiles the example OFENet network (HalfCheetah reference
# configuration) and prints its IR and parameter summary.
set -euo pipefail
build=${1:-build}
ofexc="$build/bin/ofexc"
echo "== OFENet for HalfCheetah (8 layers x 30 units, batch norm, Swish) =="
"$ofexc" --preset ofenet --env HalfCheetah --emit=ofex
echo "== parameter summary of the full SAC+OFENet agent =="
"$ofexc" --preset ofe-sac --env HalfCheetah --emit=summary
echo "== expected cost and Prune-B penalties (128 units per layer) =="
"$ofexc" --preset ofe-sac --env HalfCheetah --ofe-units 128 --emit=cost
