"""ofex from Python: its MuJoCo tasks as Gymnasium environments
(ofex.envs.make), the policies its runs ship (ofex.Policy.load) and the runs
themselves (ofex.Run). Built by ofex's CMake build into build/python; use it
with PYTHONPATH=build/python (docs/python.md)."""
from ._ofex import OfexError, task_names
from .policy import Policy
from .run import Run
from . import envs

__all__ = ["OfexError", "Policy", "Run", "envs", "task_names"]
