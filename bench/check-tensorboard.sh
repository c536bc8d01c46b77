#!/usr/bin/env bash
# ofex's TensorBoard event files against tensorboard's own reader
# (bench/check_tensorboard.py). Makes a venv with tensorboard from PyPI on
# first use (the product never needs it). Without arguments it writes the
# unit test's sample (EventWriter.TensorBoardSample with OFEX_EVENTS_OUT: two
# files, the second a resume, and expected.json from ofex's reader) into a
# fresh directory and checks it; with arguments they go to the script, e.g.
# a run's log directory: bench/check-tensorboard.sh RUN/tb [--expected F].
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${BUILD:-$ROOT/build}"
VENV="${OFEX_TB_VENV:-$ROOT/build/venv-tensorboard}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q tensorboard
fi
if [ $# -gt 0 ]; then
  exec "$VENV/bin/python" "$ROOT/bench/check_tensorboard.py" "$@"
fi
UNIT="$BUILD/test/unit/rl/unit-rl"
[ -x "$UNIT" ] || { echo "check-tensorboard: build unit-rl first (ninja -C build unit-rl)" >&2; exit 2; }
OUT="$(mktemp -d "${TMPDIR:-/tmp}/ofex-tensorboard-XXXXXX")"
OFEX_EVENTS_OUT="$OUT" "$UNIT" --gtest_filter=EventWriter.TensorBoardSample --gtest_brief=1 >/dev/null ||
  { echo "check-tensorboard: the sample test failed ($UNIT)" >&2; exit 1; }
echo "sample: $OUT"
"$VENV/bin/python" "$ROOT/bench/check_tensorboard.py" "$OUT"
