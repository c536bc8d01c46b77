#!/usr/bin/env python3
"""Writes a synthetic sweep: 2 tasks x 2 presets x 5 seeds of run directories
(config.ini, eval.csv, summary.json) with fixed, irregular numbers, ties
included, for the aggregate statistics' tests. The prune-b runs name each
seed's own --init-from source: still one method.

usage: make-sweep.py DIR
"""
import os
import sys

TASKS = {"Hopper": 1000.0, "Walker2d": 3000.0}
PRESETS = {"sac": 1.0, "prune-b": 1.15}
# Per seed: a multiplier; seed 3 is an outlier, seeds 1 and 4 tie on Hopper.
SEEDS = [0.91, 1.07, 0.63, 1.52, 1.07]


def main():
    root = os.path.join(sys.argv[1], "runs")
    for task, scale in TASKS.items():
        for preset, gain in PRESETS.items():
            for seed, m in enumerate(SEEDS):
                d = os.path.join(root, f"{task}_{preset}_seed-{seed}")
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, "config.ini"), "w") as f:
                    f.write(f"env = {task}\npreset = {preset}\nsteps = 3000\n"
                            f"seed = {seed}\nthreads = 1\nout = {d}\n")
                    if preset == "prune-b":  # warm-started from its seed's run
                        f.write(f"init-from = sources/{task}-{seed}/at-1000\n")
                with open(os.path.join(d, "eval.csv"), "w") as f:
                    f.write("step,mean_return,std_return,episodes\n")
                    for k, step in enumerate((1000, 2000, 3000)):
                        tie = task == "Hopper" and seed in (1, 4)
                        v = scale * gain * m * (k + 1) / 3 + (0 if tie else seed * 7.25)
                        f.write(f"{step},{v:.10g},1,10\n")
                params = 100000 if preset == "sac" else int(40000 + 1000 * seed * m)
                dr = 1.0 if preset == "sac" else round(0.4 + 0.05 * seed * m, 6)
                with open(os.path.join(d, "summary.json"), "w") as f:
                    f.write(f'{{\n  "env": "{task}",\n  "deploy_params": {params},\n'
                            f'  "dR": {dr}\n}}\n')


if __name__ == "__main__":
    main()
