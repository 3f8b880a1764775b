"""Trajectories from given initial states, vectorised over many runs.

- ``"sync"``: every node updates at each step.
- ``"async"``: at each step every run updates one node, drawn uniformly at
  random (seeded).

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("A = !B\\nB = A")
>>> traj = simulate(m, {"A": 1, "B": 0}, steps=4, semantics="sync")
>>> traj.states[:, 0, :].tolist()
[[1, 0], [1, 1], [0, 1], [0, 0], [1, 0]]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from ..errors import MtorlogicError
from ..model import Model
from .compile import CompiledNetwork


@dataclass(frozen=True)
class Trajectory:
    """``states[t, run, node]`` for t = 0..steps (uint8)."""

    nodes: tuple[str, ...]
    states: np.ndarray

    def mean_activity(self) -> np.ndarray:
        """(steps+1 x nodes) fraction of runs with each node on."""
        return self.states.mean(axis=1)

    def to_rows(self) -> list[dict]:
        mean = self.mean_activity()
        return [{"step": t, **{n: float(mean[t, i]) for i, n in enumerate(self.nodes)}}
                for t in range(mean.shape[0])]


def initial_states(model: Model, initial=None, runs: int = 1, seed: int | None = None) -> np.ndarray:
    """A (runs x n) bool matrix of initial states.

    ``initial`` is None (uniformly random states), a mapping node -> 0/1/probability
    (unlisted nodes random), or an explicit (runs x n) array.
    """
    n = len(model.nodes)
    rng = np.random.default_rng(seed)
    if isinstance(initial, np.ndarray):
        if initial.ndim != 2 or initial.shape[1] != n:
            raise MtorlogicError(f"initial states must have shape (runs, {n})")
        return initial.astype(bool)
    if runs < 1:
        raise MtorlogicError("the number of runs must be at least 1")
    probs = np.full(n, 0.5)
    for name, p in (initial or {}).items():
        p = float(p)
        if not 0.0 <= p <= 1.0:
            raise MtorlogicError(f"initial value of '{name}' must be 0, 1 or a probability, not {p}")
        probs[model.index[model.resolve(name)]] = p
    return rng.random((runs, n)) < probs


def simulate(model: Model, initial=None, steps: int = 100, semantics: str = "async",
             runs: int = 1, seed: int | None = None) -> Trajectory:
    """Simulate ``runs`` trajectories of ``steps`` steps.

    Parameters
    ----------
    model : Model
    initial : see :func:`initial_states`
    steps : number of steps
    semantics : "async" or "sync"
    runs : number of runs when ``initial`` is not an explicit array
    seed : random seed (initial states and update order)
    """
    if semantics not in ("async", "sync"):
        raise MtorlogicError(f"simulation semantics must be 'async' or 'sync', not '{semantics}'")
    if steps < 0:
        raise MtorlogicError("the number of steps must not be negative")
    rng = np.random.default_rng(seed)
    state = initial_states(model, initial, runs, seed=rng.integers(2**63))
    net = CompiledNetwork(model.nodes, model.functions)
    k, n = state.shape
    out = np.empty((steps + 1, k, n), dtype=np.uint8)
    out[0] = state
    ones = np.ones(k, dtype=bool)
    for t in range(1, steps + 1):
        if semantics == "sync":
            state = net.update_all(state)
        elif n:
            chosen = rng.integers(n, size=k)
            cols = state.T
            for i in np.unique(chosen):
                rows = chosen == i
                state[rows, i] = net.update(i, cols, ones)[rows]
        out[t] = state
    return Trajectory(model.nodes, out)
