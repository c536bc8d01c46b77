#!/usr/bin/env bash
# Installs the optional benchmark peer: Debian's PyTorch with the pthread OpenBLAS, and makes the
# OpenBLAS pthread variant the active libblas.so.3 / liblapack.so.3 alternative.
# NOT part of the product's dependencies (scripts/install-deps.sh); only bench/ needs it.
# Idempotent and quiet when everything is already in place. Needs root (apt-get, update-alternatives).
set -euo pipefail

PKGS=(python3-torch libopenblas0-pthread)
ARCH_TRIPLET=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
OPENBLAS_DIR=/usr/lib/$ARCH_TRIPLET/openblas-pthread

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-bench-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian picks libblas.so.3 / liblapack.so.3 through update-alternatives; Debian's libtorch links
# libblas.so.3, so without this it may run on the reference BLAS (~20x slower).
for lib in libblas.so.3 liblapack.so.3; do
  name="$lib-$ARCH_TRIPLET"
  want="$OPENBLAS_DIR/$lib"
  [[ -e "$want" ]] || { echo "install-bench-deps: $want missing" >&2; exit 1; }
  cur=$(readlink -f "/etc/alternatives/$name" 2>/dev/null || true)
  if [[ "$cur" != "$(readlink -f "$want")" ]]; then
    echo "install-bench-deps: setting $name -> $want" >&2
    update-alternatives --quiet --set "$name" "$want"
  fi
done
