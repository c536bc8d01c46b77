"""The cross-check a user makes: a policy trained by ofex, exported to ONNX,
run by onnxruntime on gymnasium.make("<Task>-v4") for N episodes, beside
ofex's own evaluation of the same policy (`ofex-train --play`). The two use
different start-state noise streams (Gymnasium's and ofex's seeding), so
their means agree within the episodes' spread, not to the bit; prints both
with standard errors and their difference in standard errors."""
import argparse
import json
import math
import subprocess
import sys

import gymnasium as gym
import numpy as np
import onnxruntime as ort


def mean_se(xs):
    xs = np.asarray(xs, dtype=np.float64)
    se = xs.std(ddof=1) / math.sqrt(len(xs)) if len(xs) > 1 else 0.0
    return xs.mean(), se


def main():
    p = argparse.ArgumentParser()
    p.add_argument("run", help="a run directory with deploy.mlir, deploy.bin")
    p.add_argument("--onnx", required=True, help="the run's policy as ONNX")
    p.add_argument("--ofex-train", required=True)
    p.add_argument("--episodes", type=int, default=10)
    p.add_argument("--seed", type=int, default=1000)
    p.add_argument("--unit-actions", action="store_true",
                   help="the model's actions are in [-1, 1] (ofexc without "
                   "the task's box): map them to the task's box here")
    a = p.parse_args()

    played = json.loads(subprocess.run(
        [a.ofex_train, "--play", a.run, "--play-episodes", str(a.episodes),
         "--play-seed", str(a.seed)], capture_output=True, text=True,
        check=True).stdout)
    env_id = played["env"] + "-v4"
    session = ort.InferenceSession(a.onnx, providers=["CPUExecutionProvider"])
    env = gym.make(env_id)
    low, high = env.action_space.low, env.action_space.high
    returns = []
    for e in range(a.episodes):
        obs, _ = env.reset(seed=a.seed + e)
        total, done = 0.0, False
        while not done:
            act = session.run(["action"], {
                "observation": obs.astype(np.float32)[None, :]})[0][0]
            if a.unit_actions:
                act = low + (act + 1) * (high - low) / 2
            obs, r, term, trunc, _ = env.step(np.clip(act, low, high))
            total += r
            done = term or trunc
        returns.append(total)
    m_g, se_g = mean_se(returns)
    m_o, se_o = mean_se(played["returns"])
    z = (m_g - m_o) / math.sqrt(se_g ** 2 + se_o ** 2) if se_g + se_o > 0 else 0
    print(json.dumps({
        "env": env_id, "episodes": a.episodes,
        "onnx_in_gymnasium": {"mean": m_g, "se": se_g, "returns": returns},
        "ofex_play": {"mean": m_o, "se": se_o, "returns": played["returns"]},
        "difference_in_se": z}, indent=1))


if __name__ == "__main__":
    sys.exit(main())
