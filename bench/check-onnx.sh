#!/usr/bin/env bash
# A run's deploy.onnx against ofex (bench/check_onnx.py): onnx.checker, then
# onnxruntime's actions against the actions `ofex-train --play` sends to the
# task, on every observation of the played episodes. Makes a venv with onnx
# and onnxruntime from PyPI on first use (ofex never needs them).
#   bench/check-onnx.sh RUN [--episodes N] [--tolerance T]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${BUILD:-$ROOT/build}"
VENV="${OFEX_ONNX_VENV:-$ROOT/build/venv-onnx}"
run=${1:?usage: bench/check-onnx.sh RUN [--episodes N] [--tolerance T]}
shift
episodes=2 tolerance=1e-5
while [ $# -gt 0 ]; do
  case $1 in
  --episodes) episodes=$2; shift 2 ;;
  --tolerance) tolerance=$2; shift 2 ;;
  *) echo "check-onnx: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q onnx onnxruntime numpy
fi
[ -x "$BUILD/bin/ofex-train" ] || { echo "check-onnx: build ofex first (make build)" >&2; exit 2; }
[ -f "$run/deploy.onnx" ] || { echo "check-onnx: $run/deploy.onnx: no such file (a finished run writes it)" >&2; exit 2; }
actions=$(mktemp)
trap 'rm -f "$actions"' EXIT
"$BUILD/bin/ofex-train" --play "$run" --play-episodes "$episodes" --play-actions "$actions" > /dev/null
"$VENV/bin/python" "$ROOT/bench/check_onnx.py" "$run/deploy.onnx" "$actions" --tolerance "$tolerance"
