"""A run's shipped policy (deploy.mlir + deploy.bin) on ofex's executor."""
import numpy as np

from . import _ofex


class Policy:
    """The deterministic policy of a run: act(obs) -> action in the task's
    action box, for one observation (obs_dim,) or a batch (rows, obs_dim)."""

    def __init__(self, native):
        self._native = native

    @classmethod
    def load(cls, run_dir, step=None):
        """The policy of `run_dir`; with `step`, the pruned model the run
        wrote at that step (run_dir/ir/step-N/)."""
        return cls(_ofex.Policy(str(run_dir), -1 if step is None else int(step)))

    def act(self, observation):
        return self._native.act(np.asarray(observation, dtype=np.float32))

    env = property(lambda self: self._native.env)
    obs_dim = property(lambda self: self._native.obs_dim)
    act_dim = property(lambda self: self._native.act_dim)
    params = property(lambda self: self._native.params)
    eval_seed = property(lambda self: self._native.eval_seed)
