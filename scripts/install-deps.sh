#!/usr/bin/env bash
# Installs the Debian packages that ofex needs to build, test and run its demo.
# Idempotent: asks apt only for what is missing and prints nothing when all is present.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ make python3 python3-venv python3-psutil
  clang-16 libclang-rt-16-dev
  libmlir-16-dev mlir-16-tools llvm-16-dev llvm-16-tools
  libdnnl-dev
  libmujoco-dev
  libboost-program-options-dev
  pybind11-dev python3-dev
  googletest libgtest-dev
  slurm-wlm munge
  zlib1g-dev libzstd-dev libtinfo-dev libedit-dev libxml2-dev libffi-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: missing packages (${missing[*]}) and no sudo to install them" >&2; exit 2; }
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
