"""ofex's tasks with the Gymnasium API: make(name) returns a gymnasium.Env
when gymnasium is importable (reset(seed=...), step -> obs, reward,
terminated, truncated, info; Box spaces), else an object with the same
methods. Observations are float64 as Gymnasium's MuJoCo tasks give them."""
import numpy as np

from . import _ofex

try:
    import gymnasium
    _Base = gymnasium.Env
except ImportError:  # the API without the package
    gymnasium = None
    _Base = object


def _spaces(task):
    """The observation and action Boxes of a task (float64 observations,
    float32 actions in the task's box), as Gymnasium's MuJoCo tasks have."""
    from gymnasium import spaces
    return (spaces.Box(-np.inf, np.inf, (task.obs_dim,), np.float64),
            spaces.Box(task.act_low.astype(np.float32),
                       task.act_high.astype(np.float32), dtype=np.float32))


class OfexEnv(_Base):
    metadata = {"render_modes": []}

    def __init__(self, name, seed=None):
        self._task = _ofex.Task(name)
        self._seed = seed
        self._episodes = 0
        self._steps = 0
        self.name = self._task.name
        if gymnasium is not None:
            self.observation_space, self.action_space = _spaces(self._task)
        self.spec_max_episode_steps = self._task.max_episode_steps

    def reset(self, *, seed=None, options=None):
        if gymnasium is not None:
            super().reset(seed=seed)
        if seed is not None:
            self._seed = seed
            self._episodes = 0
        elif self._seed is None:
            self._seed = int(np.random.SeedSequence().entropy % (2 ** 63))
        # Episode k after reset(seed=s) is ofex's episode seeded s + k, as
        # ofex-env --rollout and ofex-train's evaluations number them.
        obs = self._task.reset(self._seed + self._episodes)
        self._episodes += 1
        self._steps = 0
        return obs, {}

    def step(self, action):
        obs, reward, terminated, truncated, info = self._task.step(
            np.asarray(action, dtype=np.float32).reshape(-1))
        self._steps += 1
        return obs, float(reward), bool(terminated), bool(truncated), info

    def close(self):
        pass


class VecEnv:
    """n instances of a task stepped together on ofex's VecTask (arrays with
    a leading n; `threads` workers step them with the GIL released).
    Instance i plays the episodes of make(name, seed=seed + 100000 * i)
    (reset(seed=s) starts them again from s): an instance whose episode ends
    is reset at once, its last observation in info["final_observation"][i]
    and info["_final_observation"][i] True, as Gymnasium's vector envs
    report it."""

    def __init__(self, name, n, seed=0, threads=1):
        self._vec = _ofex.VecTask(name, n, threads)
        self.n = n
        self._seeds = [seed + 100000 * i for i in range(n)]
        self._episodes = [0] * n
        if gymnasium is not None:
            (self.single_observation_space,
             self.single_action_space) = _spaces(_ofex.Task(name))

    def reset(self, *, seed=None, options=None):
        if seed is not None:
            self._seeds = [seed + 100000 * i for i in range(self.n)]
            self._episodes = [0] * self.n
        obs = self._vec.reset([s + k for s, k in
                               zip(self._seeds, self._episodes)])
        self._episodes = [k + 1 for k in self._episodes]
        return obs, {}

    def step(self, actions):
        obs, rew, term, trunc, infos = self._vec.step(
            np.asarray(actions, dtype=np.float32).reshape(self.n, -1))
        final = [None] * self.n
        done = term | trunc
        for i in np.flatnonzero(done):
            final[i] = obs[i].copy()
            obs[i] = self._vec.reset_one(
                int(i), self._seeds[i] + self._episodes[i])
            self._episodes[i] += 1
        return obs, rew, term, trunc, {"final_observation": final,
                                       "_final_observation": done,
                                       "steps": infos}


def make(name, seed=None):
    """An ofex task (HalfCheetah, Hopper, Walker2d, Ant, Humanoid,
    InvertedPendulum; "-v4" accepted) as an environment."""
    return OfexEnv(name, seed=seed)
