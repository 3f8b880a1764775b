"""Exact attractors: the front door.

Semantics (see DESIGN.md):

- ``"async"``: terminal strongly connected components of the asynchronous
  state transition graph (one node changes per step).
- ``"sync"``: cycles of the synchronous map (all nodes update at once).
- ``"mp"``: most-permissive attractors = minimal trap spaces.

The network is percolated first; the remaining core is solved by one of two
backends:

- ``"exhaustive"``: the whole state transition graph of the core, built with
  numpy and decomposed with scipy's SCC; exact, for up to ~20 free nodes;
- ``"symbolic"``: biodivine-aeon (BDDs), for larger cores.

``method="auto"`` picks by core size. Attractors come back sorted, each with
its kind, size, states (when enumerable) and per-node readouts: 0, 1 or the
fraction of the attractor's states in which the node is on (``"*"`` for a
node free in a most-permissive trap space).

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("A = !B\\nB = !A")
>>> [a.values for a in attractors(m)]
[{'A': 0, 'B': 1}, {'A': 1, 'B': 0}]
>>> [a.kind for a in attractors(m, semantics="sync")]
['fixed_point', 'cycle', 'fixed_point']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from ..attractor_set import AttractorSet
from ..display import attractor_text
from ..errors import MtorlogicError
from ..model import Model
from .budget import bounded_search, report_partial
from .compile import CompiledNetwork
from .percolate import Reduction, percolate
from .plan import EXHAUSTIVE_LIMIT, check_core, choose_method, plan

ENUMERATE_LIMIT = 4096  # attractor states listed explicitly at most


@dataclass(frozen=True)
class Attractor:
    """One attractor over all nodes of a model.

    Attributes
    ----------
    kind : "fixed_point", "cycle" or "trap_space"
    size : number of states (of the trap space, for "trap_space")
    values : node -> 0, 1, fraction of states on (cycle), or "*" (free in a trap space)
    states : (size x n) uint8 array of the states, or None when too many to list
    nodes : node order of ``states``
    """

    kind: str
    size: int
    values: dict
    nodes: tuple[str, ...]
    states: np.ndarray | None = field(default=None, compare=False, repr=False)

    def value(self, node: str):
        return self.values[node]

    def is_on(self, node: str) -> bool:
        """True when the node is on in every state of the attractor."""
        return self.values[node] == 1

    def is_off(self, node: str) -> bool:
        return self.values[node] == 0

    def state_set(self) -> frozenset[tuple[int, ...]]:
        if self.states is None:
            raise MtorlogicError(f"attractor has {self.size} states, too many to list")
        return frozenset(map(tuple, self.states.tolist()))

    def to_dict(self) -> dict:
        return {"kind": self.kind, "size": self.size, "values": dict(self.values)}

    def __repr__(self) -> str:
        return attractor_text(self)

    def _sort_key(self):
        return tuple(_value_key(self.values[n]) for n in self.nodes)


def _value_key(v):
    return (2.0, "*") if v == "*" else (float(v), "")


@bounded_search
def attractors(
    model: Model,
    semantics: str = "async",
    method: str = "auto",
    exhaustive_limit: int = EXHAUSTIVE_LIMIT,
    reduction: Reduction | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Attractor]:
    """Exact attractors of ``model``.

    Parameters
    ----------
    model : Model
        Inputs that are not fixed stay free (both values are explored).
    semantics : "async" (default), "sync" or "mp"
    method : "auto" (default), "exhaustive" or "symbolic"
    exhaustive_limit : largest core solved exhaustively under "auto"
    reduction : a precomputed ``percolate(model)``, to save recomputing it
    progress : called with (input classes done, input classes in all) as the search advances
        (one class when the core is searched at once); :func:`.plan.plan` says how many
    timeout : seconds; with one, the search runs in a child process and raises
        :class:`~mtorlogic.errors.TimeoutExceeded` when it runs out (see :mod:`.budget`)

    Returns
    -------
    list of Attractor, sorted by their values.

    Raises
    ------
    TooLargeError
        When the search cannot run here (the message says what would cope; see :func:`.plan.plan`).
    """
    red = reduction if reduction is not None else percolate(model)
    chosen = plan(model, semantics, method, red, exhaustive_limit)
    chosen.check()
    if chosen.input_classes > 1:
        return AttractorSet(_split_by_inputs(model, red, list(chosen.free_inputs), semantics, method,
                                             exhaustive_limit, progress))
    core = core_attractors(red, semantics, method, exhaustive_limit)
    if progress is not None:
        progress(1, 1)
    return AttractorSet(_extend(a, red) for a in core)


def _split_by_inputs(model: Model, red: Reduction, inputs: list[str], semantics: str, method: str,
                     exhaustive_limit: int, progress: Callable[[int, int], None] | None = None
                     ) -> list[Attractor]:
    """Attractors of a core with free inputs, one input assignment at a time.

    An input never changes, so the state space splits by input values and the
    attractors (fixed points, cycles, and minimal trap spaces, which always fix
    the inputs) are the union over assignments. Each assignment usually
    percolates to a small core, far cheaper than one search over all of them.
    """
    from itertools import product

    found = []
    for done, values in enumerate(product((0, 1), repeat=len(inputs)), start=1):
        fixed = {**red.constants, **dict(zip(inputs, values))}
        sub = percolate(model, fixed)
        solved = [_extend(a, sub) for a in core_attractors(sub, semantics, method, exhaustive_limit)]
        found.extend(solved)
        report_partial(solved)  # kept should a bounded search run out of time
        if progress is not None:
            progress(done, 2 ** len(inputs))
    return sorted(found, key=Attractor._sort_key)


_CACHE: dict[tuple, list[Attractor]] = {}
CACHE_SIZE = 4096


def core_attractors(red: Reduction, semantics: str, method: str = "auto",
                    exhaustive_limit: int = EXHAUSTIVE_LIMIT) -> list[Attractor]:
    """Attractors of the core network of a reduction (over ``red.free`` only).

    Results are cached on the canonical form of the core (``red.key``): the
    many scenarios of a screen that reduce to the same core are solved once.
    """
    if not red.free:
        return [Attractor("fixed_point", 1, {}, (), np.zeros((1, 0), np.uint8))]
    key = (red.key, semantics, method, exhaustive_limit)
    found = _CACHE.get(key)
    if found is None:
        found = _solve_core(red, semantics, method, exhaustive_limit)
        if len(_CACHE) >= CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = found
    return found


def clear_cache() -> None:
    """Forget cached core attractors (benchmarks use it to time cold runs)."""
    _CACHE.clear()


def _solve_core(red: Reduction, semantics: str, method: str, exhaustive_limit: int) -> list[Attractor]:
    n = len(red.free)
    method = choose_method(n, semantics, method, exhaustive_limit)
    check_core(n, semantics, method)
    if method == "exhaustive":
        net = CompiledNetwork(red.free, red.functions)
        found = {"async": _async_exhaustive, "sync": _sync_exhaustive, "mp": _mp_exhaustive}[semantics](net)
    else:
        from . import symbolic

        found = symbolic.attractors(red.free, red.functions, semantics)
    return sorted(found, key=Attractor._sort_key)


def _extend(core: Attractor, red: Reduction) -> Attractor:
    """Put the percolated constants back: an attractor over all model nodes."""
    values = {}
    for n in red.nodes:
        values[n] = red.constants[n] if n in red.constants else core.values[n]
    states = None
    if core.states is not None:
        states = np.empty((core.states.shape[0], len(red.nodes)), dtype=np.uint8)
        pos = {n: i for i, n in enumerate(core.nodes)}
        for j, n in enumerate(red.nodes):
            states[:, j] = red.constants[n] if n in red.constants else core.states[:, pos[n]]
    return Attractor(core.kind, core.size, values, red.nodes, states)


# --- exhaustive backend ---------------------------------------------------


def _from_codes(nodes: Sequence[str], codes: np.ndarray, kind: str | None = None) -> Attractor:
    """An attractor from integer-coded states (bit i = node i)."""
    codes = np.sort(codes)
    n = len(nodes)
    bits = ((codes[:, None] >> np.arange(n, dtype=np.int64)) & 1).astype(np.uint8)
    values = {}
    for i, node in enumerate(nodes):
        on = int(bits[:, i].sum())
        values[node] = 1 if on == len(codes) else 0 if on == 0 else on / len(codes)
    if kind is None:
        kind = "fixed_point" if len(codes) == 1 else "cycle"
    listed = bits if len(codes) <= ENUMERATE_LIMIT else None
    return Attractor(kind, int(len(codes)), values, tuple(nodes), listed)


def _async_edges(net: CompiledNetwork) -> tuple[np.ndarray, np.ndarray]:
    """Edges of the asynchronous state transition graph (no self-loops)."""
    n = len(net)
    tables = net.tables()
    states = np.arange(1 << n, dtype=np.int64)
    src, dst = [], []
    for i in range(n):
        bit = ((states >> i) & 1).astype(bool)
        moving = np.flatnonzero(tables[i] != bit)
        src.append(moving)
        dst.append(moving ^ (1 << i))
    if not src:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(src), np.concatenate(dst)


def terminal_sccs(num_states: int, src: np.ndarray, dst: np.ndarray) -> list[np.ndarray]:
    """The terminal strongly connected components of a graph, as arrays of vertices."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    graph = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(num_states, num_states))
    count, labels = connected_components(graph, directed=True, connection="strong")
    leaves = labels[src] != labels[dst]
    nonterminal = np.zeros(count, dtype=bool)
    nonterminal[labels[src[leaves]]] = True
    terminal = np.flatnonzero(~nonterminal)
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], terminal)
    ends = np.searchsorted(labels[order], terminal, side="right")
    return [order[b:e] for b, e in zip(bounds, ends)]


def _async_exhaustive(net: CompiledNetwork) -> list[Attractor]:
    n = len(net)
    src, dst = _async_edges(net)
    return [_from_codes(net.nodes, comp) for comp in terminal_sccs(1 << n, src, dst)]


def sync_successors(net: CompiledNetwork) -> np.ndarray:
    """The synchronous map over the whole state space, as an integer array."""
    n = len(net)
    tables = net.tables()
    image = np.zeros(1 << n, dtype=np.int64)
    for i in range(n):
        image |= tables[i].astype(np.int64) << i
    return image


def _sync_exhaustive(net: CompiledNetwork) -> list[Attractor]:
    n = len(net)
    succ = sync_successors(net)
    # Pointer doubling: after n squarings jump = F^(2^n), which lands every
    # state on its cycle; lowest[s] = the smallest state on s's cycle.
    jump = succ.copy()
    lowest = np.minimum(np.arange(1 << n, dtype=np.int64), succ)
    for _ in range(n):
        lowest = np.minimum(lowest, lowest[jump])
        jump = jump[jump]
    on_cycle = np.unique(jump)
    labels = lowest[on_cycle]
    result = []
    for label in np.unique(labels):
        result.append(_from_codes(net.nodes, on_cycle[labels == label]))
    return result


def _mp_exhaustive(net: CompiledNetwork) -> list[Attractor]:
    """Minimal trap spaces, from the asynchronous attractors.

    Every minimal trap space contains an asynchronous attractor, and the
    smallest trap space around an attractor inside a minimal trap space is that
    trap space; so the minimal trap spaces are the minimal elements among the
    trap closures of the asynchronous attractors.
    """
    n = len(net)
    tables = net.tables()
    spaces = set()
    for att in _async_exhaustive(net):
        fixed = {i: int(att.values[node]) for i, node in enumerate(net.nodes) if att.values[node] in (0, 1)}
        spaces.add(_trap_closure(tables, n, fixed))
    minimal = [s for s in spaces if not any(o != s and _subspace(o, s) for o in spaces)]
    result = []
    for space in minimal:
        fixed = dict(space)
        free = n - len(fixed)
        values = {node: (fixed[i] if i in fixed else "*") for i, node in enumerate(net.nodes)}
        kind = "fixed_point" if free == 0 else "trap_space"
        states = None
        if free == 0:
            states = np.array([[fixed[i] for i in range(n)]], dtype=np.uint8)
        result.append(Attractor(kind, 1 << free, values, net.nodes, states))
    return result


def _trap_closure(tables: np.ndarray, n: int, fixed: dict[int, int]) -> frozenset:
    """The smallest trap space containing the subspace ``fixed`` (index -> value)."""
    fixed = dict(fixed)
    states = np.arange(1 << n, dtype=np.int64)
    while True:
        inside = np.ones(1 << n, dtype=bool)
        for i, v in fixed.items():
            inside &= ((states >> i) & 1) == v
        leaving = [i for i, v in fixed.items() if np.any(tables[i][inside] != bool(v))]
        if not leaving:
            return frozenset(fixed.items())
        for i in leaving:
            del fixed[i]


def _subspace(small: frozenset, big: frozenset) -> bool:
    """Whether subspace ``small`` lies inside ``big`` (both as fixed (index, value) sets)."""
    return big <= small

