#!/usr/bin/env python3
"""ofex's tasks against Gymnasium's MuJoCo v4 tasks, step for step.

Run through bench/check-gymnasium.sh, which makes a venv with gymnasium and
mujoco from PyPI (the product never needs them). For every task:

1. model: `ofex-env --compare-model` compiles ofex's MJCF file and v4's (from
   the gymnasium package's assets) on the project's own libmujoco (Debian's
   MuJoCo 2.2.2) and lists every mjModel field that differs;
2. trajectories on libmujoco 2.2.2: ofex's model and v4's model (through
   `ofex-env --model`) from the same v4 start states with the same random
   actions; the largest qpos difference over the first 200 steps (run on
   through falls, `--no-terminate`) and over whole episodes;
3. against gymnasium.make("X-v4") itself (on PyPI's MuJoCo, a different
   version): paired random-policy returns (same start state, same actions),
   episode lengths, and how closely the first steps' rewards and
   observations agree;
4. with --write-reference DIR: the reference trajectories of the regression
   test (test/tools/ofex-env-gymnasium.test), from v4's model on libmujoco
   2.2.2: DIR/<task>.start, .actions, .trace.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

TASKS = [  # ofex name, Gymnasium id, v4's asset file
    ("HalfCheetah", "HalfCheetah-v4", "half_cheetah.xml"),
    ("Hopper", "Hopper-v4", "hopper.xml"),
    ("Walker2d", "Walker2d-v4", "walker2d.xml"),
    ("Ant", "Ant-v4", "ant.xml"),
    ("Humanoid", "Humanoid-v4", "humanoid.xml"),
    ("InvertedPendulum", "InvertedPendulum-v4", "inverted_pendulum.xml"),
]
# Tasks without an unhealthy state cannot be run "on through" falls.
TERMINATING = {"Hopper", "Walker2d", "Ant", "Humanoid", "InvertedPendulum"}


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"check-gymnasium: {' '.join(cmd)} failed ({p.returncode}): "
                 f"{p.stderr.strip()}")
    return p.stdout


def write_rows(path, rows, fmt):
    with open(path, "w") as f:
        for r in rows:
            f.write(",".join(fmt % v for v in r) + "\n")


def read_trace(text):
    lines = text.strip().split("\n")
    header = lines[0].split(",")
    data = np.array([[float(x) for x in l.split(",")] for l in lines[1:]])
    return header, data


def trace(ofex_env, env, start, actions, workdir, model=None,
          no_terminate=False, obs=False):
    """ofex-env's trace of one episode: (header, rows)."""
    sp, ap = os.path.join(workdir, "start"), os.path.join(workdir, "actions")
    write_rows(sp, [start], "%.17g")
    # float32 values print exactly with 9 significant digits.
    write_rows(ap, actions, "%.9g")
    cmd = [ofex_env, "--env", env, "--start", sp, "--actions", ap,
           "--max-steps", "1000"]
    if model:
        cmd += ["--model", model]
    if no_terminate:
        cmd.append("--no-terminate")
    if obs:
        cmd.append("--obs")
    return read_trace(run(cmd))


def columns(header, prefix):
    return [i for i, h in enumerate(header) if h.startswith(prefix)]


def gym_episode(gym_id, seed, actions):
    """Gymnasium's episode from reset(seed) with these actions."""
    import gymnasium as gym
    env = gym.make(gym_id)
    obs0, _ = env.reset(seed=seed)
    u = env.unwrapped
    start = np.concatenate([u.data.qpos, u.data.qvel]).copy()
    rewards, observations, qpos = [], [obs0], [u.data.qpos.copy()]
    for a in actions:
        obs, r, term, trunc, _ = env.step(a)
        rewards.append(r)
        observations.append(obs)
        qpos.append(u.data.qpos.copy())
        if term or trunc:
            break
    env.close()
    return start, np.array(rewards), np.array(observations), np.array(qpos)


def stats(x):
    x = np.asarray(x, dtype=float)
    half = 1.96 * x.std(ddof=1) / math.sqrt(len(x)) if len(x) > 1 else 0.0
    return x.mean(), x.std(ddof=1) if len(x) > 1 else 0.0, half


def random_actions(rng, space, n):
    return rng.uniform(space.low, space.high,
                       size=(n, space.shape[0])).astype(np.float32)


def check_task(args, name, gym_id, asset, workdir):
    import gymnasium as gym
    v4_model = os.path.join(args.assets, asset)
    cmp = json.loads(run([args.ofex_env, "--env", name,
                          "--compare-model", v4_model]))
    physics = [d["field"] for d in cmp["differences"] if d["physics"]]
    space = gym.make(gym_id).action_space
    rng = np.random.default_rng(args.seed)

    max200, max_episode = 0.0, 0.0
    ret_ofex, ret_gym, len_ofex, len_gym = [], [], [], []
    first_reward, first_obs = 0.0, 0.0
    for e in range(args.episodes):
        seed = args.seed + e
        actions = random_actions(rng, space, 1000)
        start, g_rewards, g_obs, _ = gym_episode(gym_id, seed, actions)
        # ofex's model and v4's model on libmujoco 2.2.2, through falls.
        h, ours = trace(args.ofex_env, name, start, actions[:200], workdir,
                        no_terminate=True)
        _, theirs = trace(args.ofex_env, name, start, actions[:200], workdir,
                          model=v4_model, no_terminate=True)
        q = columns(h, "qpos")
        max200 = max(max200, np.abs(ours[:, q] - theirs[:, q]).max())
        # Whole episodes, with termination, against v4's model and Gymnasium.
        h, ours = trace(args.ofex_env, name, start, actions, workdir, obs=True)
        _, theirs = trace(args.ofex_env, name, start, actions, workdir,
                          model=v4_model)
        n = min(len(ours), len(theirs))
        max_episode = max(max_episode,
                          np.abs(ours[:n, q] - theirs[:n, q]).max())
        if len(ours) != len(theirs):
            max_episode = math.inf
        rewards = ours[1:, h.index("reward")]
        ret_ofex.append(rewards.sum())
        len_ofex.append(len(rewards))
        ret_gym.append(g_rewards.sum())
        len_gym.append(len(g_rewards))
        # The first steps, before the two MuJoCo versions part: semantics.
        k = min(args.first_steps, len(rewards), len(g_rewards))
        first_reward = max(first_reward,
                           np.abs(rewards[:k] - g_rewards[:k]).max())
        o = columns(h, "obs")
        first_obs = max(first_obs,
                        np.abs(ours[:k + 1, o] - g_obs[:k + 1]).max())

    diff = np.array(ret_ofex) - np.array(ret_gym)
    mo, so, _ = stats(ret_ofex)
    mg, sg, _ = stats(ret_gym)
    md, _, hd = stats(diff)
    return {
        "task": name,
        "same_physics": cmp["same_physics"],
        "physics_fields_differing": physics,
        "max_qpos_diff_200": float(max200),
        "max_qpos_diff_episode": float(max_episode),
        "episodes": args.episodes,
        "return_ofex": [mo, so],
        "return_gymnasium": [mg, sg],
        "paired_return_diff": [md, hd],
        "lengths_equal": sum(a == b for a, b in zip(len_ofex, len_gym)),
        "mean_length": [float(np.mean(len_ofex)), float(np.mean(len_gym))],
        f"max_reward_diff_first_{args.first_steps}": float(first_reward),
        f"max_obs_diff_first_{args.first_steps}": float(first_obs),
    }


def write_reference(args, name, gym_id, asset, workdir):
    """One v4 start state, args.reference_steps random actions, and the
    trajectory of v4's model on libmujoco 2.2.2, for the regression test."""
    import gymnasium as gym
    os.makedirs(args.write_reference, exist_ok=True)
    env = gym.make(gym_id)
    env.reset(seed=args.seed)
    u = env.unwrapped
    start = np.concatenate([u.data.qpos, u.data.qvel])
    actions = random_actions(np.random.default_rng(args.seed), env.action_space,
                             args.reference_steps)
    env.close()
    v4_model = os.path.join(args.assets, asset)
    sp, ap = os.path.join(workdir, "start"), os.path.join(workdir, "actions")
    write_rows(sp, [start], "%.17g")
    write_rows(ap, actions, "%.9g")
    cmd = [args.ofex_env, "--env", name, "--start", sp, "--actions", ap,
           "--model", v4_model, "--max-steps", "1000"]
    if name in TERMINATING:
        cmd.append("--no-terminate")
    text = run(cmd)
    base = os.path.join(args.write_reference, name)
    note = (f"# Gymnasium {gym.__version__} {gym_id}: reset(seed={args.seed}) "
            f"state; written by bench/check-gymnasium.sh --write-reference\n")
    for suffix, src in ((".start", sp), (".actions", ap)):
        with open(src) as f, open(base + suffix, "w") as out:
            out.write(note + f.read())
    with open(base + ".trace", "w") as out:
        out.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ofex-env", required=True)
    ap.add_argument("--assets", help="Gymnasium's MuJoCo assets directory "
                    "(default: the installed package's)")
    ap.add_argument("--episodes", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--first-steps", type=int, default=5)
    ap.add_argument("--tasks", default=",".join(t[0] for t in TASKS))
    ap.add_argument("--write-reference", metavar="DIR")
    ap.add_argument("--reference-steps", type=int, default=200)
    ap.add_argument("--json", action="store_true", help="print JSON lines")
    args = ap.parse_args()
    import gymnasium
    if not args.assets:
        args.assets = os.path.join(os.path.dirname(gymnasium.__file__),
                                   "envs", "mujoco", "assets")
    wanted = args.tasks.split(",")
    ok = True
    with tempfile.TemporaryDirectory() as workdir:
        for name, gym_id, asset in TASKS:
            if name not in wanted:
                continue
            if args.write_reference:
                write_reference(args, name, gym_id, asset, workdir)
                print(f"{name}: reference written")
                continue
            r = check_task(args, name, gym_id, asset, workdir)
            ok &= r["same_physics"] and r["max_qpos_diff_200"] < 1e-9
            if args.json:
                print(json.dumps(r))
                continue
            k = args.first_steps
            print(f"{name:16s} model {'identical' if r['same_physics'] else 'DIFFERS ' + ','.join(r['physics_fields_differing'])}"
                  f" | max |dqpos| 200 steps {r['max_qpos_diff_200']:.3g},"
                  f" episodes {r['max_qpos_diff_episode']:.3g}"
                  f" | return ofex {r['return_ofex'][0]:.1f} +- {r['return_ofex'][1]:.1f},"
                  f" gymnasium {r['return_gymnasium'][0]:.1f} +- {r['return_gymnasium'][1]:.1f},"
                  f" paired diff {r['paired_return_diff'][0]:.3g} +- {r['paired_return_diff'][1]:.3g} (95%)"
                  f" | equal lengths {r['lengths_equal']}/{r['episodes']}"
                  f" | first {k} steps: |dr| {r[f'max_reward_diff_first_{k}']:.2g},"
                  f" |dobs| {r[f'max_obs_diff_first_{k}']:.2g}")
    if not args.write_reference:
        print(f"gymnasium {gymnasium.__version__}, mujoco (PyPI) "
              f"{__import__('mujoco').__version__}; ofex-env on the system's "
              f"libmujoco. Target (max |dqpos| < 1e-9 over 200 steps, same "
              f"physics): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
