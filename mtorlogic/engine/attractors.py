"""Exact attractors: the front door.

Semantics (see DESIGN.md):

- ``"async"``: terminal strongly connected components of the asynchronous
  state transition graph (one node changes per step).
- ``"sync"``: cycles of the synchronous map (all nodes update at once).
- ``"mp"``: most-permissive attractors = minimal trap spaces.

The network is percolated first; the remaining core is solved by one of four
backends:

- ``"exhaustive"``: the whole state transition graph of the core, built with
  numpy and decomposed with scipy's SCC; exact, for up to ~20 free nodes
  (synchronous: up to 30, streaming the state space in chunks);
- ``"symbolic"``: biodivine-aeon (BDDs), for larger cores (async and mp);
- ``"asp"``: minimal trap spaces by answer-set programming (clingo, :mod:`.asp`),
  for larger cores under ``"mp"``;
- ``"succession"``: asynchronous attractors through the succession diagram of
  trap spaces (biobalm, :mod:`.succession`), for the largest cores.

``method="auto"`` picks by semantics and core size (:func:`.methods.choose_method`). Attractors come back sorted, each with
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
from typing import Callable, Iterator, Sequence, TypedDict, Union

import numpy as np
from numpy.typing import NDArray

from ..errors import MtorlogicError, TooLargeError
from ..expr import Expr
from ..memo import remember
from ..model import Model
from .attractor_set import AttractorSet
from .budget import bounded_search, report_partial
from .compile import CompiledNetwork
from .inputs import free_inputs, input_classes
from .methods import EXHAUSTIVE_LIMIT, choose_method
from .percolate import Reduction, percolate
from .plan import check_core, plan

ENUMERATE_LIMIT = 4096  # attractor states listed explicitly at most

# A node's value in an attractor: 0, 1, the fraction of the states with it on, or "*" (free in a trap space).
Reading = Union[float, str]


class AttractorDict(TypedDict):
    """:meth:`Attractor.to_dict`: what JSON outputs say of an attractor."""

    kind: str
    size: int
    values: dict[str, Reading]


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
    values: dict[str, Reading]
    nodes: tuple[str, ...]
    states: NDArray[np.uint8] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of_space(cls, values: dict[str, Reading], nodes: tuple[str, ...]) -> Attractor:
        """What a minimal trap space (``values``: 0, 1 or "*" per node) stands for: a fixed point
        when no node is free, else a trap space of 2^free states (not listed)."""
        free = sum(1 for v in values.values() if v == "*")
        if free:
            return cls("trap_space", 1 << free, values, nodes)
        return cls("fixed_point", 1, values, nodes, np.array([[values[n] for n in nodes]], dtype=np.uint8))

    def value(self, node: str) -> Reading:
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

    def to_dict(self) -> AttractorDict:
        return {"kind": self.kind, "size": self.size, "values": dict(self.values)}

    def __repr__(self) -> str:
        from ..display import attractor_text  # presentation on use: the engine imports nothing above it

        return attractor_text(self)

    def _sort_key(self) -> tuple[float, ...]:
        values = self.values
        return tuple(2.0 if v == "*" else v for v in map(values.__getitem__, self.nodes))  # type: ignore[misc]


@bounded_search
def attractors(
    model: Model,
    semantics: str = "async",
    method: str = "auto",
    exhaustive_limit: int = EXHAUSTIVE_LIMIT,
    reduction: Reduction | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    *,
    timeout: float | None = None,
) -> AttractorSet:
    """Exact attractors of ``model``.

    Parameters
    ----------
    model : Model
        Inputs that are not fixed stay free (both values are explored).
    semantics : "async" (default), "sync" or "mp"
    method : "auto" (default), "exhaustive", "symbolic", "asp" or "succession" (see :func:`.methods.choose_method`)
    exhaustive_limit : largest core solved exhaustively under "auto"
    reduction : a precomputed ``percolate(model)``, to save recomputing it
    progress : called with (input classes done, input classes in all) as the search advances
        (one class when the core is searched at once); :func:`.plan.plan` says how many
    timeout : seconds; with one, the search runs in a child process and raises
        :class:`~mtorlogic.errors.TimeoutExceeded` when it runs out (see :mod:`.budget`)

    Returns
    -------
    AttractorSet: a list of Attractor, sorted by their values, with a table view (``to_frame()``).

    Raises
    ------
    TooLargeError
        When the search cannot run here (the message says what would cope; see :func:`.plan.plan`).
    """
    return search(model, semantics, method, exhaustive_limit, reduction, progress)


def search(model: Model, semantics: str = "async", method: str = "auto", exhaustive_limit: int = EXHAUSTIVE_LIMIT,
           reduction: Reduction | None = None, progress: Callable[[int, int | None], None] | None = None
           ) -> AttractorSet:
    """:func:`attractors` as called from inside a bounded run (a screen's rows, a scenario's evaluation):
    no timeout of its own, no argument spellings to translate (``semantics`` is "async", "sync" or "mp").

    A core solved before and searched in one piece (no free input to split on, or small enough to
    search whole) skips the plan: its size was feasible then and the plan would be the same."""
    choose_method(semantics, 0, method)  # rejects unknown names before any work
    red = reduction if reduction is not None else percolate(model)
    if red.free and (len(red.free) <= exhaustive_limit or not free_inputs(red)):
        known = _CACHE.get((red.key, semantics, method, exhaustive_limit))
        if known is not None:
            if progress is not None:
                progress(1, 1)
            return AttractorSet(extend_all(known, red))
    chosen = plan(model, semantics, method, red, exhaustive_limit)
    chosen.check()
    if chosen.input_classes == 1:
        found = extend_all(core_attractors(red, semantics, method, exhaustive_limit), red)
        if progress is not None:
            progress(1, 1)
        return AttractorSet(found)
    total = chosen.input_classes if chosen.classes_counted else None
    found = []
    classes = attractors_by_inputs(model, semantics, method, exhaustive_limit, red)
    for done, (_, solved) in enumerate(classes, start=1):
        found.extend(solved)
        report_partial(solved)  # kept should a bounded search run out of time
        if progress is not None:
            progress(done, total)
    return AttractorSet(sorted(found, key=Attractor._sort_key))


def attractors_by_inputs(
    model: Model,
    semantics: str = "async",
    method: str = "auto",
    exhaustive_limit: int = EXHAUSTIVE_LIMIT,
    reduction: Reduction | None = None,
) -> Iterator[tuple[dict[str, int], list[Attractor]]]:
    """Exact attractors one input class at a time, as each is solved.

    The free inputs are split where their values percolate into the core
    (:func:`mtorlogic.engine.inputs.input_classes`); each class is solved with
    one call. Yields ``(assignment, attractors)``: the inputs branched on with
    their values (inputs not named stay free within the class) and the class's
    attractors, sorted. Together the classes give exactly ``attractors(...)``,
    so a caller can show progress and partial results on a large model.

    Examples
    --------
    >>> from mtorlogic.rules import read_rules_text
    >>> m = read_rules_text("input A condition\\nX = A & Y\\nY = X")
    >>> [(assigned, len(atts)) for assigned, atts in attractors_by_inputs(m, exhaustive_limit=0)]
    [({'A': 0}, 1), ({'A': 1}, 2)]
    """
    choose_method(semantics, 0, method)
    red = reduction if reduction is not None else percolate(model)
    for assigned, sub in input_classes(model, red, min_core=exhaustive_limit):
        yield assigned, extend_all(core_attractors(sub, semantics, method, exhaustive_limit), sub)


# Core attractors by (the core's canonical form, semantics, method, exhaustive limit).
_CACHE: dict[tuple[tuple[tuple[str, Expr], ...], str, str, int], list[Attractor]] = {}
CACHE_SIZE = 4096


def core_attractors(red: Reduction, semantics: str, method: str = "auto",
                    exhaustive_limit: int = EXHAUSTIVE_LIMIT) -> list[Attractor]:
    """Attractors of the core network of a reduction (over ``red.free`` only).

    Results are cached on the canonical form of the core (``red.key``): the
    many scenarios of a screen that reduce to the same core are solved once.
    """
    if not red.free:
        return [Attractor.of_space({}, ())]
    key = (red.key, semantics, method, exhaustive_limit)
    found = _CACHE.get(key)
    if found is None:
        found = remember(_CACHE, key, _solve_core(red, semantics, method, exhaustive_limit), CACHE_SIZE)
    return found


def clear_cache() -> None:
    """Forget cached core attractors (benchmarks use it to time cold runs)."""
    _CACHE.clear()


def _solve_core(red: Reduction, semantics: str, method: str, exhaustive_limit: int) -> list[Attractor]:
    n = len(red.free)
    method = choose_method(semantics, n, method, exhaustive_limit, len(free_inputs(red)))
    check_core(n, semantics, method)
    if method == "exhaustive":
        net = CompiledNetwork(red.free, red.functions)
        found = {"async": _async_exhaustive, "sync": _sync_exhaustive, "mp": _mp_exhaustive}[semantics](net)
    elif method == "asp":
        from .asp import trap_spaces

        found = trap_spaces(red.free, red.functions)
    elif method == "succession":
        from . import succession

        found = succession.attractors(red.free, red.functions)
    else:
        from . import symbolic

        found = symbolic.attractors(red.free, red.functions, semantics)
    return sorted(found, key=Attractor._sort_key)


def _extend(core: Attractor, red: Reduction) -> Attractor:
    """Put the percolated constants back: an attractor over all model nodes."""
    return extend_all([core], red)[0]


def extend_all(core: Sequence[Attractor], red: Reduction) -> list[Attractor]:
    """:func:`_extend` for every attractor of a core, sharing the layout work."""
    if not core:
        return []
    nodes = red.nodes
    index = red.index or {n: i for i, n in enumerate(nodes)}
    layout: dict[str, Reading] = dict.fromkeys(nodes, 0)  # every node in model order; the free ones are overwritten
    layout.update(red.constants)
    template = np.fromiter(layout.values(), np.uint8, len(nodes))  # all 0 or 1 here
    out = []
    for att in core:
        values: dict[str, Reading] = dict(layout)
        values.update(att.values)
        states = None
        if att.states is not None:
            states = np.repeat(template[None, :], att.states.shape[0], axis=0)
            states[:, [index[n] for n in att.nodes]] = att.states
        out.append(Attractor(att.kind, att.size, values, nodes, states))
    return out


# --- exhaustive backend ---------------------------------------------------


def _from_codes(nodes: Sequence[str], codes: NDArray[np.int64], kind: str | None = None) -> Attractor:
    """An attractor from integer-coded states (bit i = node i)."""
    codes = np.sort(codes)
    n = len(nodes)
    bits = ((codes[:, None] >> np.arange(n, dtype=np.int64)) & 1).astype(np.uint8)
    values: dict[str, Reading] = {}
    for i, node in enumerate(nodes):
        on = int(bits[:, i].sum())
        values[node] = 1 if on == len(codes) else 0 if on == 0 else on / len(codes)
    if kind is None:
        kind = "fixed_point" if len(codes) == 1 else "cycle"
    listed = bits if len(codes) <= ENUMERATE_LIMIT else None
    return Attractor(kind, int(len(codes)), values, tuple(nodes), listed)


def _async_edges(net: CompiledNetwork) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
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


SMALL_GRAPH = 4096  # state graphs up to this size are split in Python: importing scipy costs ~150 ms


def terminal_sccs(num_states: int, src: NDArray[np.int64], dst: NDArray[np.int64]) -> list[NDArray[np.int64]]:
    """The terminal strongly connected components of a graph, as arrays of vertices.

    0 leads into the cycle 1 <-> 2; 3 is on its own:

    >>> [c.tolist() for c in terminal_sccs(4, np.array([0, 1, 2, 3]), np.array([1, 2, 1, 3]))]
    [[1, 2], [3]]
    """
    if num_states <= SMALL_GRAPH:
        count, labels = _strong_components(num_states, src, dst)
    else:
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


def _strong_components(num_states: int, src: NDArray[np.int64], dst: NDArray[np.int64]
                       ) -> tuple[int, NDArray[np.int64]]:
    """(count, label of each vertex) of the strongly connected components: Tarjan's algorithm, iterative."""
    order = np.argsort(src, kind="stable")
    targets = dst[order].tolist()
    starts = np.searchsorted(src[order], np.arange(num_states + 1)).tolist()
    index = [-1] * num_states
    low = [0] * num_states
    labels = [-1] * num_states
    stack: list[int] = []
    count = counter = 0
    for root in range(num_states):
        if index[root] >= 0:
            continue
        work = [(root, starts[root])]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        while work:
            v, edge = work[-1]
            if edge < starts[v + 1]:
                work[-1] = (v, edge + 1)
                w = targets[edge]
                if index[w] < 0:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    work.append((w, starts[w]))
                elif labels[w] < 0:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                while True:
                    w = stack.pop()
                    labels[w] = count
                    if w == v:
                        break
                count += 1
    return count, np.array(labels, dtype=np.int64)


def _async_exhaustive(net: CompiledNetwork) -> list[Attractor]:
    n = len(net)
    src, dst = _async_edges(net)
    return [_from_codes(net.nodes, comp) for comp in terminal_sccs(1 << n, src, dst)]


def sync_successors(net: CompiledNetwork) -> NDArray[np.int64]:
    """The synchronous map over the whole state space, as an integer array."""
    return _sync_images(net, np.arange(1 << len(net), dtype=np.int64))


SYNC_CHUNK = 1 << 18  # states evaluated at once: memory per chunk ~ 50 bytes a state
SYNC_COMPACT = 1 << 20  # states followed explicitly (index arrays) once the image is this small


def _sync_images(net: CompiledNetwork, codes: NDArray[np.int64]) -> NDArray[np.int64]:
    """The synchronous successors of the states ``codes`` (bit i = node i), as codes."""
    columns = [((codes >> i) & 1).astype(bool) for i in range(len(net))]
    ones = np.ones(len(codes), dtype=bool)
    image = np.zeros(len(codes), dtype=np.int64)
    for i, evaluate in enumerate(net.evaluators):
        image |= evaluate(columns, ones).astype(np.int64) << i
    return image


def _sync_exhaustive(net: CompiledNetwork) -> list[Attractor]:
    """Cycles of the synchronous map, in memory bounded by a bit per state.

    The periodic states are those in every image ``F^k(S)``. While the image is
    large it is kept as one bool per state and the next one is found chunk by
    chunk (``F(R)`` is inside ``R``, so it only shrinks); once small, its
    states are followed explicitly: pointer doubling lands every state on its
    cycle and names the cycle by its smallest state.
    """
    n = len(net)
    size = 1 << n
    current: NDArray[np.bool_] | None = None  # the current image as one bool per state; None: every state
    count = size
    while count > SYNC_COMPACT:
        image = np.zeros(size, dtype=bool)
        for codes in _state_chunks(current, size):
            image[_sync_images(net, codes)] = True
        current, before, count = image, count, int(np.count_nonzero(image))
        if count == before:  # every state left is periodic
            break
    states = np.arange(size, dtype=np.int64) if current is None else np.flatnonzero(current).astype(np.int64)
    if len(states) > SYNC_PERIODIC_LIMIT:
        raise TooLargeError(f"{len(states)} states lie on cycles of the synchronous map: too many to list "
                            "(fix more inputs)")
    images = np.concatenate([_sync_images(net, c) for c in _split(states)])
    successor = images if current is None else np.searchsorted(states, images)  # codes -> positions
    del current, images
    jump = successor
    lowest = np.minimum(np.arange(len(states)), successor)
    for _ in range(max(1, len(states).bit_length())):  # after d squarings jump = F^(2^d): on its cycle
        lowest = np.minimum(lowest, lowest[jump])
        jump = jump[jump]
    on_cycle = np.unique(jump)
    labels = lowest[on_cycle]
    return [_from_codes(net.nodes, states[on_cycle[labels == label]]) for label in np.unique(labels)]


SYNC_PERIODIC_LIMIT = 1 << 26


def _state_chunks(current: NDArray[np.bool_] | None, size: int) -> Iterator[NDArray[np.int64]]:
    """The states (codes) of the set ``current`` (None: all ``size`` states), a chunk at a time."""
    for start in range(0, size, SYNC_CHUNK):
        if current is None:
            yield np.arange(start, min(start + SYNC_CHUNK, size), dtype=np.int64)
        else:
            yield start + np.flatnonzero(current[start:start + SYNC_CHUNK]).astype(np.int64)


def _split(codes: NDArray[np.int64]) -> list[NDArray[np.int64]]:
    return [codes[i:i + SYNC_CHUNK] for i in range(0, len(codes), SYNC_CHUNK)] or [codes]


Subspace = frozenset[tuple[int, int]]  # the fixed (node index, value) pairs of a subspace


def _mp_exhaustive(net: CompiledNetwork) -> list[Attractor]:
    """Minimal trap spaces, from the asynchronous attractors.

    Every minimal trap space contains an asynchronous attractor, and the
    smallest trap space around an attractor inside a minimal trap space is that
    trap space; so the minimal trap spaces are the minimal elements among the
    trap closures of the asynchronous attractors.
    """
    n = len(net)
    tables = net.tables()
    spaces: set[Subspace] = set()
    for att in _async_exhaustive(net):
        fixed = {i: int(att.values[node]) for i, node in enumerate(net.nodes) if att.values[node] in (0, 1)}
        spaces.add(_trap_closure(tables, n, fixed))
    minimal = [s for s in spaces if not any(o != s and _subspace(o, s) for o in spaces)]
    result = []
    for space in minimal:
        fixed = dict(space)
        values: dict[str, Reading] = {node: (fixed[i] if i in fixed else "*") for i, node in enumerate(net.nodes)}
        result.append(Attractor.of_space(values, net.nodes))
    return result


def _trap_closure(tables: NDArray[np.bool_], n: int, fixed: dict[int, int]) -> Subspace:
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


def _subspace(small: Subspace, big: Subspace) -> bool:
    """Whether subspace ``small`` lies inside ``big`` (both as fixed (index, value) sets)."""
    return big <= small

