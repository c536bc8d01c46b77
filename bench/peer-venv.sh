#!/usr/bin/env bash
# Makes (or reuses) the venv of the fast benchmark peers: PyTorch 2.x from PyPI (torch.compile,
# bench/torch_sac_ofe.py --compile) and JAX on CPU (bench/jax_sac_ofe.py). NOT a product
# dependency; only bench/compare.sh --peers torch-compile,jax needs it. Debian's torch 1.13
# (bench/install-bench-deps.sh) stays the plain eager reference.
#
#   bench/peer-venv.sh            # prints the venv's python on stdout (progress on stderr)
#
# Environment: OFEX_PEER_VENV (default build/venv-peers), OFEX_PEER_PYTHON (the interpreter the venv
# is made from; default python3 on PATH, which needs its own headers for torch.compile's C++
# kernels: pyenv's have them, Debian's need python3-dev), OFEX_PEER_TORCH_INDEX (a pip index URL for
# torch alone, e.g. PyTorch's CPU-only wheel index where it is reachable: the default is PyPI's
# wheel, which also pulls the CUDA runtime packages, ~3 GB, unused on CPU but needed to import it).
# Idempotent: a venv that already imports torch (with torch.compile) and jax is left as it is.
# Exit status: 0 ready; 1 creating or installing failed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${OFEX_PEER_VENV:-$root/build/venv-peers}
base=${OFEX_PEER_PYTHON:-python3}
py=$venv/bin/python

ready() {
  [[ -x "$py" ]] && "$py" - <<'PYEOF' 2>/dev/null
import sys
import torch, jax, numpy  # noqa: F401
sys.exit(0 if hasattr(torch, "compile") and jax.devices("cpu") else 1)
PYEOF
}

if ! ready; then
  if [[ ! -x "$py" ]]; then
    echo "peer-venv: creating $venv from $base" >&2
    "$base" -m venv "$venv" || { echo "peer-venv: '$base -m venv $venv' failed" >&2; exit 1; }
    "$py" -m pip install -q --upgrade pip >&2 || true
  fi
  torch_pip=(torch)
  [[ -n "${OFEX_PEER_TORCH_INDEX:-}" ]] && torch_pip+=(--index-url "$OFEX_PEER_TORCH_INDEX")
  echo "peer-venv: pip install ${torch_pip[*]} (large; takes minutes)" >&2
  "$py" -m pip install -q "${torch_pip[@]}" >&2 || { echo "peer-venv: installing torch failed" >&2; exit 1; }
  echo "peer-venv: pip install jax[cpu] numpy" >&2
  "$py" -m pip install -q "jax[cpu]" numpy >&2 || { echo "peer-venv: installing jax failed" >&2; exit 1; }
  ready || { echo "peer-venv: $py still cannot import torch (with torch.compile) and jax" >&2; exit 1; }
fi
echo "$py"
