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


class OfexEnv(_Base):
    metadata = {"render_modes": []}

    def __init__(self, name, seed=None):
        self._task = _ofex.Task(name)
        self._seed = seed
        self._episodes = 0
        self._steps = 0
        self.name = self._task.name
        if gymnasium is not None:
            from gymnasium import spaces
            self.observation_space = spaces.Box(
                -np.inf, np.inf, (self._task.obs_dim,), np.float64)
            self.action_space = spaces.Box(
                self._task.act_low.astype(np.float32),
                self._task.act_high.astype(np.float32), dtype=np.float32)
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
        obs, reward, terminated, truncated = self._task.step(
            np.asarray(action, dtype=np.float32).reshape(-1))
        self._steps += 1
        return obs, float(reward), bool(terminated), bool(truncated), {}

    def close(self):
        pass


class VecEnv:
    """n copies of a task stepped together (arrays with a leading n), each
    reset when its episode ends (the final observation in info)."""

    def __init__(self, name, n, seed=0):
        self.envs = [OfexEnv(name, seed=seed + 100000 * i) for i in range(n)]

    def reset(self):
        return np.stack([e.reset()[0] for e in self.envs])

    def step(self, actions):
        obs, rew, term, trunc, final = [], [], [], [], []
        for e, a in zip(self.envs, np.asarray(actions)):
            o, r, te, tr, _ = e.step(a)
            final.append(o if (te or tr) else None)
            if te or tr:
                o, _ = e.reset()
            obs.append(o)
            rew.append(r)
            term.append(te)
            trunc.append(tr)
        return (np.stack(obs), np.array(rew), np.array(term), np.array(trunc),
                {"final_observation": final})


def make(name, seed=None):
    """An ofex task (HalfCheetah, Hopper, Walker2d, Ant, Humanoid,
    InvertedPendulum; "-v4" accepted) as an environment."""
    return OfexEnv(name, seed=seed)
