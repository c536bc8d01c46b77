#!/usr/bin/env python3
"""Crash consistency of ofex-train: kill -9 at random moments, resume, compare.

usage: kill-resume.py OFEX_TRAIN WORKDIR [--kills N] [--seed S] -- TRAIN_ARGS...

Runs TRAIN_ARGS once without interruption (the reference), then again in
rounds: each round starts the run in a fresh directory and SIGKILLs it at a
random moment, again and again (resuming with --resume DIR whenever a
checkpoint exists, starting afresh when none does), until it finishes (after
KILLS_PER_ROUND kills the round's next attempt runs to its end). Every
round's final outputs must equal the reference's byte for byte: eval.csv,
deploy.bin, deploy.mlir, checkpoint.bin, the replay file, units.csv,
theta.csv and progress.csv without its wall-clock column (updates_per_s), so
no log row is duplicated or missing. Rounds go on until N kills happened.
Prints one summary line; exits 1 on the first difference.
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import time

COMPARED = ["eval.csv", "deploy.bin", "deploy.mlir", "checkpoint.bin",
            "units.csv", "theta.csv", "gates.csv", "eval-gates.csv",
            "config.ini"]


def progress_without_clock(path):
    with open(path) as f:
        return [",".join(line.rstrip("\n").split(",")[:-1]) for line in f]


def replay_file(run):
    names = [n for n in os.listdir(run) if n.startswith("replay")]
    if len(names) != 1:
        sys.exit(f"kill-resume: {run} holds replay files {names}, expected one")
    return names[0]


def compare(ref, run):
    for name in COMPARED:
        a, b = os.path.join(ref, name), os.path.join(run, name)
        if not os.path.exists(a):
            continue
        with open(a, "rb") as fa, open(b, "rb") as fb:
            if fa.read() != fb.read():
                return f"{name} differs"
    if replay_file(ref) != replay_file(run):
        return "the replay file's name differs"
    with open(os.path.join(ref, replay_file(ref)), "rb") as fa, \
            open(os.path.join(run, replay_file(run)), "rb") as fb:
        if fa.read() != fb.read():
            return "the replay buffer differs"
    pa = progress_without_clock(os.path.join(ref, "progress.csv"))
    pb = progress_without_clock(os.path.join(run, "progress.csv"))
    if pa != pb:
        return (f"progress.csv differs ({len(pa)} rows in the reference, "
                f"{len(pb)} here)")
    return None


# Kills in one round before its last attempt may run to its end, and how long
# that attempt may take.
KILLS_PER_ROUND = 6
ATTEMPT_SECONDS = 300


def main():
    args = sys.argv[1:]
    sep = args.index("--")
    own, train_args = args[:sep], args[sep + 1:]
    ofex_train, workdir = own[0], own[1]
    kills_wanted = int(own[own.index("--kills") + 1]) if "--kills" in own else 30
    seed = int(own[own.index("--seed") + 1]) if "--seed" in own else 1
    rng = random.Random(seed)
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)

    ref = os.path.join(workdir, "reference")
    begin = time.monotonic()
    subprocess.run([ofex_train, *train_args, "--out", ref], check=True)
    whole = time.monotonic() - begin

    kills = during_write = rounds = starts = 0
    while kills < kills_wanted:
        rounds += 1
        run = os.path.join(workdir, f"round-{rounds}")
        round_kills = 0
        while True:
            resume = os.path.exists(os.path.join(run, "checkpoint.bin"))
            cmd = ([ofex_train, "--resume", run, "--quiet"] if resume
                   else [ofex_train, *train_args, "--out", run])
            starts += 1
            p = subprocess.Popen(cmd, stderr=subprocess.PIPE)
            if round_kills < KILLS_PER_ROUND:
                # Up to about half a whole run: every round sees several
                # kills, and each resumed attempt has a chance to progress.
                time.sleep(rng.uniform(0.0, 0.5 * whole))
            else:
                # Then the round's last attempt runs to its end: where
                # starting up takes as long as half a run (a loaded or slow
                # machine), no attempt could outlive the sleep, and the
                # round would never end.
                try:
                    p.wait(timeout=ATTEMPT_SECONDS)
                except subprocess.TimeoutExpired:
                    p.kill()
                    sys.exit(f"kill-resume: {' '.join(cmd)} did not end "
                             f"within {ATTEMPT_SECONDS} s")
            if p.poll() is None:
                writing = os.path.isdir(run) and any(
                    n.endswith(".tmp") for n in os.listdir(run))
                p.send_signal(signal.SIGKILL)
                p.wait()
                p.stderr.close()
                kills += 1
                round_kills += 1
                during_write += writing
                continue
            err = p.stderr.read().decode()
            p.stderr.close()
            if p.returncode != 0:
                sys.exit(f"kill-resume: {' '.join(cmd)} failed "
                         f"({p.returncode}): {err.strip()}")
            break
        why = compare(ref, run)
        if why:
            sys.exit(f"kill-resume: round {rounds} after {kills} kills: {why}")
        shutil.rmtree(run)
    print(f"kill-resume: {kills} kills ({during_write} while a checkpoint or "
          f"log file was being written) in {rounds} rounds, {starts} starts: "
          f"every round's outputs equal the uninterrupted run's")


if __name__ == "__main__":
    main()
