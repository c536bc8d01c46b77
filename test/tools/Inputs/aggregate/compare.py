#!/usr/bin/env python3
"""Checks ofex-report's aggregate.json against expected.json (scipy's and
rliable's point estimates, from bench/check-aggregate.sh): every point equal
to 1e-12 (relative), every interval around its point.

usage: compare.py aggregate.json expected.json
"""
import json
import sys


def close(a, b):
    return abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b))


def main():
    ours = json.load(open(sys.argv[1]))
    want = json.load(open(sys.argv[2]))
    bad = []

    def check(what, interval, point):
        if not close(interval["point"], point):
            bad.append(f"{what}: {interval['point']!r}, expected {point!r}")
        if not interval["lower"] <= interval["point"] <= interval["upper"]:
            bad.append(f"{what}: the interval does not hold its point")

    for key, v in want["tasks"].items():
        task, method = key.split("/")
        mine = ours["tasks"][task][method]
        if not close(mine["mean"], v["mean"]):
            bad.append(f"{key} mean: {mine['mean']!r}, expected {v['mean']!r}")
        check(f"{key} IQM", mine["iqm"], v["iqm"])
    for method, v in want["normalized"].items():
        mine = ours["aggregate"]["normalized_iqm"][method]
        check(f"{method} normalized IQM", mine["iqm"], v["iqm"])
        check(f"{method} normalized mean", mine["mean"], v["mean"])
    for pair, p in want["poi"].items():
        x, y = pair.split(",")
        entry = [e for e in ours["probability_of_improvement"] if e["x"] == x and e["y"] == y]
        if len(entry) != 1:
            bad.append(f"P({x} > {y}) missing")
            continue
        check(f"P({x} > {y})", entry[0]["probability"], p)
    n = len(want["tasks"]) + 2 * len(want["normalized"]) + len(want["poi"])
    if bad:
        sys.exit("compare: " + "; ".join(bad))
    print(f"compare: {n} point estimates equal scipy's and rliable's")


if __name__ == "__main__":
    main()
