"""Checks of the Python bindings against ofex's own tools (bindings.test)."""
import json
import sys

import numpy as np

import ofex


def env_matches_rollout(task, seed, episodes, rollout_json):
    """Zero actions from reset(seed=...) return ofex-env --rollout's returns
    and lengths exactly (episode k seeded seed + k)."""
    expected = json.load(open(rollout_json))
    env = ofex.envs.make(task)
    returns, lengths = [], []
    for k in range(episodes):
        obs, _ = env.reset(seed=seed) if k == 0 else env.reset()
        total, n, done = 0.0, 0, False
        while not done:
            obs, r, term, trunc, _ = env.step(np.zeros(env._task.act_dim))
            total += r
            n += 1
            done = term or trunc
        returns.append(total)
        lengths.append(n)
    assert returns == expected["returns"], (returns, expected["returns"])
    assert lengths == expected["lengths"], (lengths, expected["lengths"])
    print("env ok: returns", returns)


def policy_matches_play(run, actions_csv):
    """Policy.act on --play's observations returns --play's actions (to the
    9 digits the CSV keeps), one at a time and as a batch."""
    policy = ofex.Policy.load(run)
    rows = np.loadtxt(actions_csv, delimiter=",", ndmin=2)
    obs = rows[:, :policy.obs_dim].astype(np.float32)
    expected = rows[:, policy.obs_dim:]
    single = np.stack([policy.act(o) for o in obs])
    batch = policy.act(obs)
    err = max(np.abs(single - expected).max(), np.abs(batch - expected).max())
    assert err < 1e-6, err
    print("policy ok: %d observations, max error %.3g, env %s, params %d"
          % (len(obs), err, policy.env, policy.params))


def run_reader(run):
    r = ofex.Run(run)
    ev = r.eval
    assert r.config["env"] == r.summary["env"]
    assert len(ev["step"]) > 0 and ev["step"][-1] == float(r.config["steps"])
    print("run ok:", r.config["preset"], "last eval", ev["mean_return"][-1])


def gymnasium_check(task):
    from gymnasium.utils.env_checker import check_env
    check_env(ofex.envs.make(task), skip_render_check=True)
    print("check_env ok:", task)


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "env":
        env_matches_rollout(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
                            sys.argv[5])
    elif what == "policy":
        policy_matches_play(sys.argv[2], sys.argv[3])
    elif what == "run":
        run_reader(sys.argv[2])
    elif what == "check_env":
        gymnasium_check(sys.argv[2])
