"""Initial states of simulation runs: probabilities, correlated groups, and the rest.

A run's initial state is drawn per node: a probability of starting on, a named
group of nodes that share one draw (correlated), and for every other node
either a coin flip, a random attractor of the model, or a given state. Nodes
the model holds constant start at their value.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("A = B\\nB = A\\nC = C")
>>> s = initial_states(m, InitialDistribution(groups=(Group("AB", ("A", "B")),)), runs=50, seed=0)
>>> bool((s[:, 0] == s[:, 1]).all())
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Union

import numpy as np
from numpy.typing import NDArray

from ..errors import MtorlogicError, TooLargeError
from ..expr import CONST
from ..model import Model

RANDOM, ATTRACTOR = "random", "attractor"


@dataclass(frozen=True)
class Group:
    """Nodes that share one random draw per run: all on (with ``probability``) or all off."""

    name: str
    nodes: tuple[str, ...]
    probability: float = 0.5


@dataclass(frozen=True)
class InitialDistribution:
    """How each run's initial state is drawn: ``probabilities`` (node -> chance of starting on),
    correlated ``groups`` (a node is set in one place only), and ``rest`` for every other node:
    ``"random"`` (chance 1/2), ``"attractor"`` (a random attractor of the unperturbed model), or
    a mapping node -> 0/1 (a given state; nodes it does not list start off)."""

    probabilities: Mapping[str, float] = field(default_factory=dict)
    groups: tuple[Group, ...] = ()
    rest: object = RANDOM


# What initial_states and simulations take: see initial_states.
Initial = Union[Mapping[str, float], InitialDistribution, "NDArray[np.generic]", None]
Seed = Union[int, np.random.Generator, None]  # what numpy.random.default_rng takes here


def initial_states(model: Model, initial: Initial = None, runs: int = 1, seed: Seed = None) -> NDArray[np.bool_]:
    """A (runs x nodes) bool matrix of initial states.

    ``initial`` is None (every node on with chance 1/2), a mapping node ->
    0/1/probability (other nodes random), an :class:`InitialDistribution`, or
    an explicit (runs x nodes) array. Nodes the model holds constant start at
    their value.
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    return _draw_initial(model, initial, runs, rng).T


def _draw_initial(model: Model, initial: Initial, runs: int, rng: np.random.Generator) -> NDArray[np.bool_]:
    """Initial states as a (nodes x runs) bool matrix: one column per run."""
    n = len(model.nodes)
    if isinstance(initial, np.ndarray):
        if initial.ndim != 2 or initial.shape[1] != n or initial.shape[0] < 1:
            raise MtorlogicError(f"initial states must have shape (runs, {n})")
        state = np.ascontiguousarray(initial.astype(bool).T)
    else:
        if runs < 1:
            raise MtorlogicError(f"the number of runs must be at least 1, not {runs}")
        dist = initial if isinstance(initial, InitialDistribution) else InitialDistribution(dict(initial or {}))
        state = _rest_states(model, dist.rest, runs, rng)
        claimed: dict[int, str] = {}

        def claim(name: str, by: str) -> int:
            i = model.index[model.resolve(name)]
            if i in claimed:
                raise MtorlogicError(f"'{model.nodes[i]}' is given an initial value by {claimed[i]} and by {by}")
            claimed[i] = by
            return i

        for name, p in dist.probabilities.items():
            state[claim(name, f"'{name}'")] = rng.random(runs) < check_probability(p, f"'{name}'")
        for group in dist.groups:
            shared = rng.random(runs) < check_probability(group.probability, f"group '{group.name}'")
            for name in group.nodes:
                state[claim(name, f"group '{group.name}'")] = shared
    for i, node in enumerate(model.nodes):
        f = model.function(node)
        if f[0] == CONST:
            state[i] = f[1]
    return state


def check_probability(p: object, what: str) -> float:
    """``p`` as a float, or an error naming ``what`` when it is not a probability."""
    if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0.0 <= p <= 1.0:
        raise MtorlogicError(f"the initial value of {what} must be 0, 1 or a probability, not {p!r}")
    return float(p)


def _rest_states(model: Model, rest: object, runs: int, rng: np.random.Generator) -> NDArray[np.bool_]:
    n = len(model.nodes)
    if isinstance(rest, Mapping):
        state = np.zeros((n, runs), dtype=bool)
        for name, value in rest.items():
            if value not in (0, 1):
                raise MtorlogicError(f"a given initial state needs 0 or 1 for '{name}', not {value!r}")
            state[model.index[model.resolve(name)]] = bool(value)
        return state
    if rest == RANDOM:
        return rng.random((n, runs)) < 0.5
    if rest == ATTRACTOR:
        from .attractors import attractors

        found = attractors(model)
        tables = [a.states for a in found if a.states is not None]
        if len(tables) < len(found):
            raise TooLargeError("an attractor of the model has too many states to draw initial states from; "
                                "start the other nodes at random instead (rest = \"random\")")
        state = np.empty((n, runs), dtype=bool)
        pick = rng.integers(len(found), size=runs)
        for j, (att, table) in enumerate(zip(found, tables)):
            columns = np.flatnonzero(pick == j)
            state[:, columns] = table[rng.integers(att.size, size=columns.size)].T
        return state
    raise MtorlogicError(f"the other nodes start 'random', 'attractor' or from a given state, not {rest!r}")
