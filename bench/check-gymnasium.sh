#!/usr/bin/env bash
# ofex's tasks against Gymnasium's MuJoCo v4 tasks (bench/check_gymnasium.py):
# model fields, trajectories on the system's libmujoco, and paired returns
# against gymnasium.make("X-v4"). Makes a venv with gymnasium and mujoco from
# PyPI on first use (the product never needs them); other arguments go to the
# script, e.g. --episodes 20, --tasks Hopper,Ant, or --write-reference
# test/tools/Inputs/gymnasium-v4 to regenerate the regression test's data.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${BUILD:-$ROOT/build}"
VENV="${OFEX_GYM_VENV:-$ROOT/build/venv-gymnasium}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  # The versions the README's figures were measured with.
  "$VENV/bin/pip" install -q gymnasium==0.29.1 mujoco==2.3.7 imageio numpy
fi
[ -x "$BUILD/bin/ofex-env" ] || { echo "check-gymnasium: build ofex first (make build)" >&2; exit 2; }
exec "$VENV/bin/python" "$ROOT/bench/check_gymnasium.py" --ofex-env "$BUILD/bin/ofex-env" "$@"
