#!/usr/bin/env python3
"""ofex-report --aggregate against scipy and rliable on the same data.

Makes the synthetic sweep of test/tools/Inputs/aggregate/make-sweep.py (or
takes --sweep DIR, e.g. a real sweep), runs ofex-report --aggregate on it, and
computes the same statistics with scipy.stats.trim_mean and rliable
(get_interval_estimates: stratified bootstrap, percentile intervals). Point
estimates must agree to 1e-12 (relative); intervals, drawn from different
random generators, within --tolerance of rliable's interval width.
--write-expected FILE stores scipy's and rliable's point estimates as the
regression test's data (test/tools/Inputs/aggregate/expected.json).

Needs numpy, scipy and rliable (bench/check-aggregate.sh makes the venv).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import scipy.stats
from rliable import library as rly
from rliable import metrics

HERE = os.path.dirname(os.path.abspath(__file__))


def read_runs(sweep):
    """{(task, method): [final scores by seed]} and deploy stats."""
    root = os.path.join(sweep, "runs")
    finals, params, drs = {}, {}, {}
    for name in sorted(os.listdir(root)):
        d = os.path.join(root, name)
        cfg = dict(l.split(" = ", 1) for l in open(os.path.join(d, "config.ini")).read().split("\n") if " = " in l)
        rows = [l.split(",") for l in open(os.path.join(d, "eval.csv")).read().split("\n")[1:] if l]
        key = (cfg["env"], cfg["preset"])
        finals.setdefault(key, []).append(float(rows[-1][1]))
        summary = json.load(open(os.path.join(d, "summary.json")))
        params.setdefault(key, []).append(float(summary["deploy_params"]))
        drs.setdefault(key, []).append(float(summary["dR"]))
    return finals, params, drs


def close(a, b, rel=1e-12):
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ofex-report", required=True)
    ap.add_argument("--sweep")
    ap.add_argument("--baseline", default="sac")
    ap.add_argument("--reps", type=int, default=20000)
    ap.add_argument("--tolerance", type=float, default=0.1)
    ap.add_argument("--write-expected")
    args = ap.parse_args()
    work = tempfile.mkdtemp()
    sweep = args.sweep
    if not sweep:
        sweep = os.path.join(work, "sweep")
        subprocess.run([sys.executable, os.path.join(HERE, "..", "test", "tools", "Inputs", "aggregate", "make-sweep.py"), sweep], check=True)
    out = os.path.join(work, "out")
    subprocess.run([args.ofex_report, "--aggregate", sweep, "--baseline", args.baseline,
                    "--bootstrap-reps", str(args.reps), "--out", out], check=True, stdout=subprocess.DEVNULL)
    ours = json.load(open(os.path.join(out, "aggregate.json")))
    finals, params, drs = read_runs(sweep)
    tasks = sorted({t for t, _ in finals})
    methods = sorted({m for _, m in finals})

    failures, expected, worst = [], {"tasks": {}, "normalized": {}, "poi": {}}, 0.0

    def check_interval(what, mine, point, lo, hi):
        nonlocal worst
        if not close(mine["point"], point):
            failures.append(f"{what}: point {mine['point']!r} vs {point!r}")
        width = max(hi - lo, 1e-12)
        dev = max(abs(mine["lower"] - lo), abs(mine["upper"] - hi)) / width
        worst = max(worst, dev)
        if dev > args.tolerance:
            failures.append(f"{what}: interval [{mine['lower']}, {mine['upper']}] vs rliable's [{lo}, {hi}]")

    iqm_func = lambda x: np.array([metrics.aggregate_iqm(x)])
    for t in tasks:
        for m in methods:
            x = np.array(finals[(t, m)])
            mine = ours["tasks"][t][m]
            if not close(mine["mean"], x.mean()):
                failures.append(f"{t} {m}: mean {mine['mean']} vs {x.mean()}")
            iqm = scipy.stats.trim_mean(x, 0.25)
            point, ci = rly.get_interval_estimates({m: x[:, None]}, iqm_func, reps=args.reps)
            check_interval(f"{t} {m} IQM", mine["iqm"], iqm, ci[m][0][0], ci[m][1][0])
            for key, data in (("deploy_params", params), ("dR", drs)):
                v = np.array(data[(t, m)])
                if not close(mine[key]["iqm"]["point"], scipy.stats.trim_mean(v, 0.25)):
                    failures.append(f"{t} {m} {key}: IQM {mine[key]['iqm']['point']} vs {scipy.stats.trim_mean(v, 0.25)}")
            expected["tasks"][f"{t}/{m}"] = {"mean": float(x.mean()), "iqm": float(iqm)}
    # Normalized scores: (runs x tasks) per method, divided by the baseline's
    # mean per task.
    score = {m: np.stack([np.array(finals[(t, m)]) / np.mean(finals[(t, args.baseline)]) for t in tasks], axis=1)
             for m in methods}
    agg = lambda x: np.array([metrics.aggregate_iqm(x), metrics.aggregate_mean(x)])
    point, ci = rly.get_interval_estimates(score, agg, reps=args.reps)
    for m in methods:
        mine = ours["aggregate"]["normalized_iqm"][m]
        check_interval(f"normalized IQM {m}", mine["iqm"], point[m][0], ci[m][0][0], ci[m][1][0])
        check_interval(f"normalized mean {m}", mine["mean"], point[m][1], ci[m][0][1], ci[m][1][1])
        expected["normalized"][m] = {"iqm": float(point[m][0]), "mean": float(point[m][1])}
    pairs = {f"{x},{y}": (score[x], score[y]) for x in methods for y in methods if x != y}
    # PoI is invariant to the common per-task normalization.
    point, ci = rly.get_interval_estimates(pairs, metrics.probability_of_improvement, reps=args.reps)
    for entry in ours["probability_of_improvement"]:
        k = f"{entry['x']},{entry['y']}"
        p, lo, hi = (float(np.ravel(v)[0]) for v in (point[k], ci[k][0], ci[k][1]))
        check_interval(f"P({entry['x']} > {entry['y']})", entry["probability"], p, lo, hi)
        expected["poi"][k] = p
    if args.write_expected:
        with open(args.write_expected, "w") as f:
            json.dump(expected, f, indent=1, sort_keys=True)
            f.write("\n")
    n = len(tasks) * len(methods)
    print(f"check-aggregate: {n} task/method groups, {len(methods)} normalized aggregates, {len(pairs)} probabilities "
          f"of improvement: points {'equal scipy/rliable' if not failures else 'DIFFER'}; intervals at most "
          f"{worst:.3f} of rliable's width apart (tolerance {args.tolerance}, {args.reps} resamples each)")
    for f in failures:
        print("  " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
