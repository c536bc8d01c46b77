"""Checks of the Python bindings against ofex's own tools (bindings.test)."""
import json
import os
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


def vec_matches_single(task, seed, n, steps):
    """VecEnv instance i plays make(task, seed=seed + 100000 i)'s episodes,
    reset included, bit for bit (random actions, short episodes)."""
    rng = np.random.default_rng(0)
    vec = ofex.envs.VecEnv(task, n, seed=seed, threads=2)
    singles = [ofex.envs.make(task, seed=seed + 100000 * i) for i in range(n)]
    obs, _ = vec.reset()
    single_obs = [e.reset()[0] for e in singles]
    assert all(np.array_equal(a, b) for a, b in zip(obs, single_obs))
    episodes = 0
    for _ in range(steps):
        actions = rng.uniform(-1, 1, (n, vec.single_action_space.shape[0]))
        obs, rew, term, trunc, info = vec.step(actions)
        for i, e in enumerate(singles):
            o, r, te, tr, _ = e.step(actions[i])
            assert r == rew[i] and te == term[i] and tr == trunc[i], i
            assert info["_final_observation"][i] == (te or tr)
            if te or tr:
                assert np.array_equal(info["final_observation"][i], o)
                o, _ = e.reset()
                episodes += 1
            assert np.array_equal(o, obs[i]), i
    assert episodes > 0, "no episode ended: the reset path is untested"
    # A second reset() goes on with each instance's next episode, as the
    # single environments do; reset(seed=) starts again.
    obs, _ = vec.reset()
    for i, e in enumerate(singles):
        assert np.array_equal(obs[i], e.reset()[0]), i
    obs, _ = vec.reset(seed=seed)
    for i in range(n):
        first, _ = ofex.envs.make(task).reset(seed=seed + 100000 * i)
        assert np.array_equal(obs[i], first), i
    print("vec ok: %d instances, %d episodes ended" % (n, episodes))


def policy_matches_play(run, actions_csv, play_json):
    """Policy.act on --play's observations returns --play's actions (to the
    9 digits the CSV keeps), one at a time and as a batch; the policy on the
    bindings' env returns --play's returns exactly; deploy.onnx under
    onnxruntime (when importable) acts as Policy.act."""
    policy = ofex.Policy.load(run)
    rows = np.loadtxt(actions_csv, delimiter=",", ndmin=2)
    obs = rows[:, :policy.obs_dim].astype(np.float32)
    expected = rows[:, policy.obs_dim:]
    single = np.stack([policy.act(o) for o in obs])
    batch = policy.act(obs)
    err = max(np.abs(single - expected).max(), np.abs(batch - expected).max())
    assert err < 1e-6, err
    for bad in (np.zeros(policy.obs_dim + 1), np.zeros((2, 1))):
        try:
            policy.act(bad)
            raise AssertionError("a wrong shape was accepted")
        except ofex.OfexError as e:
            assert str(e).startswith("observation: expected shape"), str(e)
    play = json.load(open(play_json))
    env = ofex.envs.make(policy.env)
    returns = []
    for k in range(len(play["returns"])):
        o, _ = env.reset(seed=policy.eval_seed) if k == 0 else env.reset()
        total, done = 0.0, False
        while not done:
            o, r, te, tr, _ = env.step(policy.act(o))
            total += r
            done = te or tr
        returns.append(total)
    assert returns == play["returns"], (returns, play["returns"])
    onnx = "no onnxruntime"
    try:
        import onnxruntime
    except ImportError:
        onnxruntime = None
    if onnxruntime is not None:
        session = onnxruntime.InferenceSession(run + "/deploy.onnx")
        got = session.run(["action"], {"observation": obs})[0]
        onnx_err = np.abs(got - batch).max()
        assert onnx_err < 1e-5, onnx_err
        onnx = "onnx max error %.3g" % onnx_err
    print("policy ok: %d observations, max error %.3g, env %s, params %d, "
          "returns %s, %s" % (len(obs), err, policy.env, policy.params,
                              returns, onnx))


def run_reader(run):
    """Run reads the run's files; Policy.load(run, step=N) loads each pruned
    model it wrote (fewer parameters step by step, the last one the shipped
    size); a step without one is an OfexError naming its file."""
    r = ofex.Run(run)
    ev = r.eval
    assert r.config["env"] == r.summary["env"]
    assert len(ev["step"]) > 0 and ev["step"][-1] == float(r.config["steps"])
    steps = sorted(int(d[5:]) for d in os.listdir(os.path.join(run, "ir"))
                   if d.startswith("step-"))
    assert steps, "the run pruned nothing: no ir/step-N"
    params = [ofex.Policy.load(run, step=n).params for n in steps]
    assert params == sorted(params, reverse=True), params
    assert params[-1] == ofex.Policy.load(run).params, params
    try:
        ofex.Policy.load(run, step=1)
        raise AssertionError("step 1 has no model but loaded")
    except ofex.OfexError as e:
        assert "step-1" in str(e), str(e)
    print("run ok:", r.config["preset"], "last eval", ev["mean_return"][-1],
          "pruned models", dict(zip(steps, params)))


def gymnasium_check(task):
    """check_env passes without a warning but the two about the unbounded
    observation space; reset(seed=) is deterministic (check_env skips that
    for an env without a registered spec) and different seeds differ."""
    import warnings
    from gymnasium.utils.env_checker import check_env
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(ofex.envs.make(task), skip_render_check=True)
    unexpected = [str(w.message) for w in caught
                  if "infinity" not in str(w.message)]
    assert not unexpected, unexpected
    env = ofex.envs.make(task)
    a, _ = env.reset(seed=123)
    b, _ = env.reset(seed=123)
    c, _ = env.reset(seed=124)
    assert a.dtype == env.observation_space.dtype and a in env.observation_space
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    print("check_env ok:", task)


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "env":
        env_matches_rollout(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
                            sys.argv[5])
    elif what == "vec":
        vec_matches_single(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
                           int(sys.argv[5]))
    elif what == "policy":
        policy_matches_play(sys.argv[2], sys.argv[3], sys.argv[4])
    elif what == "run":
        run_reader(sys.argv[2])
    elif what == "check_env":
        gymnasium_check(sys.argv[2])
