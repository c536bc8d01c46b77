#!/usr/bin/env bash
# A run's policy through ONNX on gymnasium.make("<Task>-v4") beside ofex's
# own evaluation of it (bench/onnx_in_gymnasium.py). Uses check-gymnasium's
# venv (gymnasium, mujoco) with onnxruntime added; made on first use.
#   bench/check-onnx-gymnasium.sh RUN [--episodes N] [--seed S]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${BUILD:-$ROOT/build}"
VENV="${OFEX_GYM_VENV:-$ROOT/build/venv-gymnasium}"
run=${1:?usage: bench/check-onnx-gymnasium.sh RUN [--episodes N] [--seed S]}
shift
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q gymnasium==0.29.1 mujoco==2.3.7 imageio numpy
fi
"$VENV/bin/python" -c 'import onnxruntime' 2> /dev/null ||
  "$VENV/bin/pip" install -q onnxruntime
[ -x "$BUILD/bin/ofexc" ] || { echo "check-onnx-gymnasium: build ofex first (make build)" >&2; exit 2; }
onnx="$run/deploy.onnx" unit=()
if [ ! -f "$onnx" ]; then # runs of versions before deploy.onnx
  unit=(--unit-actions)
  onnx=$(mktemp --suffix=.onnx)
  trap 'rm -f "$onnx"' EXIT
  "$BUILD/bin/ofexc" "$run/deploy.mlir" --emit=onnx --weights "$run/deploy.bin" -o "$onnx"
fi
exec "$VENV/bin/python" "$ROOT/bench/onnx_in_gymnasium.py" "$run" --onnx "$onnx" \
  --ofex-train "$BUILD/bin/ofex-train" "${unit[@]}" "$@"
