#!/usr/bin/env python3
"""Compares two ofex-env --actions traces column by column.

usage: compare-trace.py ACTUAL REFERENCE [--tol T]
Prints the largest absolute difference of qpos, qvel and reward over the
steps and exits 1 when a trace has other columns or steps, or a difference
exceeds T.
"""
import sys


def read(path):
    with open(path) as f:
        lines = [l for l in f.read().split("\n") if l and not l.startswith("#")]
    return lines[0].split(","), [[float(x) for x in l.split(",")] for l in lines[1:]]


def main():
    args = sys.argv[1:]
    tol = 1e-9
    if "--tol" in args:
        i = args.index("--tol")
        tol = float(args[i + 1])
        del args[i:i + 2]
    (ha, a), (hb, b) = read(args[0]), read(args[1])
    if ha != hb:
        sys.exit(f"compare-trace: columns differ: {len(ha)} vs {len(hb)}")
    if len(a) != len(b):
        sys.exit(f"compare-trace: {len(a)} steps vs {len(b)} in the reference")
    worst = {}
    for name in ("qpos", "qvel", "reward"):
        cols = [i for i, h in enumerate(ha) if h.startswith(name)]
        worst[name] = max(abs(ra[i] - rb[i]) for ra, rb in zip(a, b) for i in cols)
    line = ", ".join(f"max |d{k}| {v:.3g}" for k, v in worst.items())
    print(f"{len(a) - 1} steps: {line}")
    if any(v > tol for v in worst.values()):
        sys.exit(f"compare-trace: difference above {tol:g}: {line}")


if __name__ == "__main__":
    main()
