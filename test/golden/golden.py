#!/usr/bin/env python3
"""The byte-identity check that guards a refactor of ofex-train (issue 19).

Runs three fixed-seed ofex-train runs (sac, ofe-small and prune-b, a few
thousand steps each, one thread, oneDNN held to AVX2 kernels) and hashes what
they leave: eval.csv, deploy.bin, deploy.mlir, checkpoint.bin, the replay
buffer, units.csv, theta.csv, gates.csv, eval-gates.csv and progress.csv
without its wall-clock column. Floating-point results depend on the CPU (its
cache sizes pick oneDNN's blocking, and with it the summation order), so the
hashes are kept per CPU model: --write records this machine's, --check
compares with them.

usage: golden.py BIN_DIR WORK_DIR (--write | --check) [--golden DIR]
       golden.py --has-golden [--golden DIR]   (exit 0 if this CPU has hashes)
Exit status: 0 equal (or written); 1 a difference (each one printed); 2 usage.
"""
import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COMMON = ["--steps", "2400", "--warmup", "400", "--eval-every", "1200", "--eval-episodes", "1",
          "--checkpoint-every", "1200", "--replay-size", "5000", "--batch", "64", "--seed", "7",
          "--threads", "1", "--quiet"]
RUNS = {
    "sac": ["--env", "HalfCheetah", "--preset", "sac", "--hidden", "32"],
    "ofe-small": ["--env", "HalfCheetah", "--preset", "ofe-small", "--ofe-layers", "2",
                  "--ofe-units", "16", "--hidden", "32", "--ofe-pretrain", "100"],
    # Theta learns from step 1000 and eliminations run every 400 steps: the
    # theta step, dead-unit elimination and the expectation-mode deployment.
    "prune-b": ["--env", "InvertedPendulum", "--preset", "prune-b", "--ofe-layers", "2",
                "--ofe-units", "16", "--hidden", "32", "--nu-ofe", "3e-5", "--nu-pi", "1e-4",
                "--ofe-pretrain", "100", "--theta-freeze-steps", "1000", "--prune-every", "400",
                "--theta-relax", "0.2", "--theta-momentum", "0.9"],
}
FILES = ["eval.csv", "deploy.bin", "deploy.mlir", "checkpoint.bin", "units.csv", "theta.csv",
         "gates.csv", "eval-gates.csv"]


def cpu_key():
    """The CPU model, whether it has AVX-512 and its L2 size: what picks oneDNN's kernels and
    blocking (the ISA is held to AVX2, but a CPU with AVX-512 may still differ in cache sizes)."""
    model, flags = "unknown", ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and model == "unknown":
                model = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = line
    l2 = "l2-unknown"
    try:
        with open("/sys/devices/system/cpu/cpu0/cache/index2/size") as f:
            l2 = "l2-" + f.read().strip()
    except OSError:
        pass
    isa = "avx512" if " avx512f" in flags else "avx2"
    return re.sub(r"[^A-Za-z0-9]+", "-", f"{model} {isa} {l2}").strip("-")


def sha(data):
    return hashlib.sha256(data).hexdigest()


def digests(run):
    out = {}
    for name in FILES:
        path = os.path.join(run, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                out[name] = sha(f.read())
    with open(os.path.join(run, "progress.csv")) as f:  # without updates_per_s
        rows = [",".join(line.rstrip("\n").split(",")[:-1]) for line in f]
    out["progress.csv-no-clock"] = sha("\n".join(rows).encode())
    replays = sorted(n for n in os.listdir(run) if n.startswith("replay"))
    for name in replays:
        with open(os.path.join(run, name), "rb") as f:
            out[name] = sha(f.read())
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("bin", nargs="?")
    p.add_argument("work", nargs="?")
    p.add_argument("--write", action="store_true")
    p.add_argument("--check", action="store_true")
    p.add_argument("--has-golden", action="store_true")
    p.add_argument("--golden", default=HERE)
    a = p.parse_args()
    golden = os.path.join(a.golden, cpu_key() + ".sha256")
    if a.has_golden:
        return 0 if os.path.exists(golden) else 1
    if not a.bin or not a.work or a.write == a.check:
        p.print_usage(sys.stderr)
        print("golden.py: give BIN_DIR, WORK_DIR and one of --write, --check", file=sys.stderr)
        return 2
    env = dict(os.environ, DNNL_MAX_CPU_ISA="AVX2", OMP_NUM_THREADS="1")
    lines = []
    for name, args in RUNS.items():
        out = os.path.join(a.work, name)
        shutil.rmtree(out, ignore_errors=True)
        cmd = [os.path.join(a.bin, "ofex-train"), *args, *COMMON, "--out", out]
        r = subprocess.run(cmd, env=env)
        if r.returncode != 0:
            print(f"golden.py: {name}: ofex-train exited {r.returncode}", file=sys.stderr)
            return 1
        lines += [f"{name} {file} {digest}" for file, digest in sorted(digests(out).items())]
    text = "\n".join(lines) + "\n"
    if a.write:
        with open(golden, "w") as f:
            f.write(text)
        print(f"golden.py: wrote {len(lines)} hashes to {golden}")
        return 0
    if not os.path.exists(golden):
        print(f"golden.py: no hashes for this CPU ({os.path.basename(golden)})", file=sys.stderr)
        return 2
    with open(golden) as f:
        want = dict((" ".join(l.split()[:2]), l.split()[2]) for l in f if l.strip())
    got = dict((" ".join(l.split()[:2]), l.split()[2]) for l in lines)
    bad = [k for k in sorted(set(want) | set(got)) if want.get(k) != got.get(k)]
    for k in bad:
        print(f"golden.py: {k} differs ({want.get(k, 'absent')[:12]} recorded, "
              f"{got.get(k, 'absent')[:12]} now)")
    if bad:
        return 1
    print(f"golden.py: {len(got)} hashes of 3 runs equal the recorded ones ({cpu_key()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
