"""Where asynchronous runs end up, exactly, on small networks (all 2^n states enumerated).

Two views of the same asynchronous state transition graph:

- non-deterministic (:func:`reachability_shares`): a state may reach several
  attractors; for a partition of the attractors into two classes (for example
  proliferative and not), the states split into those that can reach only the
  first class, only the second, or both;
- stochastic (:func:`absorption_probabilities`): at each update one node is
  chosen at random (uniformly, or with a chance proportional to its rate), as
  in :func:`mtorlogic.engine.simulate.simulate_timecourse`; the walk ends in
  one attractor with a probability that is exact to solver precision.

Absorption probabilities come from a sparse linear solve on the transient
states. Only the choices between unstable nodes matter (updates that change
nothing only cost time), so from state ``x`` the walk moves to ``x`` with node
``i`` flipped with probability ``r_i / a(x)``, ``a(x)`` the total rate of the
unstable nodes of ``x``. States from which only one class of attractors can be
reached are settled without solving; for the others, the expected visits ``v``
solve ``(I - Q)^T v = p0`` (``Q``: moves between unsettled states, ``p0``: the
initial distribution on them), and the mass ``v`` sends out of them is
absorbed.

A third view starts from given states rather than from all of them
(:func:`reachable_state_graph`, :func:`absorption_from`): only the states
reachable from them are explored, breadth first, so a network far beyond
``BASIN_LIMIT`` nodes is solved exactly as long as at most
``REACHABLE_LIMIT`` states are reachable (the response scores of
:mod:`mtorlogic.scores`: a cell starts in its untreated attractor and the
drug acts from there).

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("A = !B\\nB = !A")
>>> [(a.values, round(p, 3)) for a, p in absorption_probabilities(m)]
[({'A': 0, 'B': 1}, 0.5), ({'A': 1, 'B': 0}, 0.5)]
>>> [round(p, 3) for _, p in absorption_probabilities(m, initial={"A": 1, "B": 1}, rates={"A": 3})]
[0.75, 0.25]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Required, Sequence, TypedDict, Union

import numpy as np
from numpy.typing import NDArray

from ..errors import MtorlogicError, TooLargeError
from ..expr import Expr
from ..model import Model
from .attractors import ENUMERATE_LIMIT, Attractor, Reading, _async_edges, _extend, _from_codes, terminal_sccs
from .compile import CompiledNetwork
from .methods import EXHAUSTIVE_LIMIT
from .percolate import Reduction
from .initial import check_probability
from .simulate import rate_vector

BASIN_LIMIT = max(EXHAUSTIVE_LIMIT, 20)
DIRECT_SOLVE_LIMIT = 2000  # unsettled states solved by sparse LU; more by propagation (LU fill-in explodes)
PROPAGATION_STEPS = 20_000  # updates the mass is pushed through before BiCGSTAB takes over
TOLERANCE = 1e-9  # largest accepted residual of the linear solve, relative to the initial mass
SETTLE_CLASSES_LIMIT = 16  # classes of attractors worth one backward search each to settle states
REACHABLE_LIMIT = 1_000_000  # states explored from given starts at most (about 100 bytes each, edges included)


class Shares(TypedDict, total=False):
    """:func:`reachability_shares`: how the core's states divide between two classes of attractors."""

    method: Required[str]  # "exact", or "not computed" (then only ``reason``)
    reason: str
    states: int  # states of the core
    only_class: float  # share that can reach class-1 attractors only
    only_other: float  # share that can reach the others only
    both: float  # share that can reach either
    probability_class: float  # chance that a uniform random asynchronous walk ends in class 1
    probability_proliferative: float  # the same, once a verdict has named class 1 (phenotype.evaluate)
    probability_reason: str  # why there is no probability (the solve failed)


# The start of a walk: None (uniform), node -> chance of starting on, or one probability per state.
StartDistribution = Union[Mapping[str, float], NDArray[np.float64], None]


@dataclass(frozen=True)
class _StateGraph:
    """An asynchronous state transition graph (all 2^n states, or those reachable from a start) and its
    attractors. A state's code is its bits (all states) or its position in ``states`` (reachable ones)."""

    nodes: tuple[str, ...]
    src: NDArray[np.int64]
    dst: NDArray[np.int64]
    flips: NDArray[np.int64]  # the node each edge flips
    attractors: tuple[tuple[Attractor, NDArray[np.int64]], ...]  # (attractor, its state codes), engine order
    size: int
    states: NDArray[np.bool_] | None = None  # (size x nodes) bool, for reachable graphs


def _state_graph(nodes: Sequence[str], functions: Mapping[str, Expr]) -> _StateGraph:
    if len(nodes) > BASIN_LIMIT:
        raise TooLargeError(f"{len(nodes)} free nodes: exact basins and probabilities enumerate all 2^n states, "
                            f"up to {BASIN_LIMIT} free nodes; fix more nodes, or estimate by simulation "
                            "(mtorlogic simulate)")
    net = CompiledNetwork(nodes, functions)
    src, dst = _async_edges(net)
    comps = terminal_sccs(1 << len(nodes), src, dst)
    atts = sorted(((_from_codes(net.nodes, c), c) for c in comps), key=lambda ac: ac[0]._sort_key())
    flips = np.log2(src ^ dst).astype(np.int64)
    return _StateGraph(net.nodes, src, dst, flips, tuple(atts), 1 << len(nodes))


def reachability_shares(red: Reduction, in_class: Sequence[bool]) -> Shares:
    """Shares of the core's states that can reach only class-1 attractors, only others, or both,
    and the probability that a random asynchronous walk (uniform node choice) from a uniformly random
    core state ends in class 1.

    Parameters
    ----------
    red : the percolated treated network
    in_class : for each attractor of ``red`` in the engine's sorted order, whether it is in class 1

    Returns
    -------
    dict with ``only_class``, ``only_other``, ``both`` (fractions), ``probability_class``
    (or ``probability_reason`` when the solve fails), ``states`` and ``method``; ``method``
    is "not computed" (with a ``reason``) when the core is too large.
    """
    try:
        graph = _state_graph(red.free, red.functions)
    except TooLargeError:
        return {"method": "not computed",
                "reason": f"{len(red.free)} free nodes after percolation (exact basins up to {BASIN_LIMIT})"}
    if len(graph.attractors) != len(in_class):
        raise ValueError("class labels do not match the attractors of this reduction")
    labels = np.array([0 if label else 1 for label in in_class], dtype=np.int64)
    reach = _class_reach(graph, labels, 2)
    to_class, to_other = reach
    shares: Shares = {
        "method": "exact",
        "states": graph.size,
        "only_class": float(np.mean(to_class & ~to_other)),
        "only_other": float(np.mean(to_other & ~to_class)),
        "both": float(np.mean(to_class & to_other)),
    }
    uniform = np.full(graph.size, 1.0 / graph.size)
    try:
        shares["probability_class"] = float(_absorbed(graph, uniform, np.ones(len(graph.nodes)), labels, 2, reach)[0])
    except TooLargeError as e:
        shares["probability_reason"] = str(e)
    return shares


def absorption_probabilities(model: Model, initial: StartDistribution = None, rates: Mapping[str, float] | None = None,
                             reduction: Reduction | None = None) -> list[tuple[Attractor, float]]:
    """The probability that the stochastic asynchronous walk ends in each attractor.

    Parameters
    ----------
    model : Model
    initial : the initial distribution over the states of the network solved:
        None (uniform), a mapping node -> probability of starting on (independent
        nodes; unlisted 1/2), or an array of 2^n state probabilities (state ``s``
        has node ``i`` on when bit ``i`` of ``s`` is set)
    rates : node -> rate of being chosen (unlisted nodes 1)
    reduction : a ``percolate(model)``: solve on its core (free nodes only, the
        initial distribution over them); without it, on all nodes of ``model``

    Returns
    -------
    list of (Attractor over all nodes of ``model``, probability), in the engine's attractor order

    Raises
    ------
    TooLargeError
        When more than ``BASIN_LIMIT`` nodes are to be enumerated, or the solve does not converge.
    """
    nodes, functions = (reduction.free, reduction.functions) if reduction is not None else (model.nodes,
                                                                                          model.functions)
    graph = _state_graph(nodes, functions)
    start = initial_distribution(model, graph.nodes, initial)
    node_rates = rate_vector(model, rates)[[model.index[n] for n in graph.nodes]]
    labels = np.arange(len(graph.attractors))
    reach = _class_reach(graph, labels, len(labels)) if len(labels) <= SETTLE_CLASSES_LIMIT else None
    absorbed = _absorbed(graph, start, node_rates, labels, len(labels), reach)
    atts = [a for a, _ in graph.attractors]
    if reduction is not None:
        atts = [_extend(a, reduction) for a in atts]
    return [(a, float(p)) for a, p in zip(atts, absorbed)]


def initial_distribution(model: Model, nodes: Sequence[str], initial: StartDistribution = None) -> NDArray[np.float64]:
    """Probabilities of the 2^n states of ``nodes`` (see :func:`absorption_probabilities`)."""
    size = 1 << len(nodes)
    if initial is None:
        return np.full(size, 1.0 / size)
    if isinstance(initial, np.ndarray):
        if initial.shape != (size,) or np.any(initial < 0) or abs(initial.sum() - 1) > 1e-9:
            raise MtorlogicError(f"an initial distribution over {len(nodes)} nodes is {size} non-negative "
                                 "probabilities summing to 1")
        return initial.astype(float)
    on = np.full(len(nodes), 0.5)
    for name, p in initial.items():
        node = model.resolve(name)
        if node not in nodes:  # percolated away: the core starts with it at its constant
            raise MtorlogicError(f"'{name}' is constant in the core solved for; give initial values of its free "
                                 f"nodes only ({', '.join(nodes)}), or solve without a reduction")
        on[nodes.index(node)] = check_probability(p, f"'{name}'")
    states = np.arange(size, dtype=np.int64)
    dist = np.ones(size)
    for i, p in enumerate(on):
        dist *= np.where((states >> i) & 1, p, 1.0 - p)
    return dist


def reachable_state_graph(nodes: Sequence[str], functions: Mapping[str, Expr], starts: NDArray[np.bool_],
                          limit: int = REACHABLE_LIMIT) -> tuple[_StateGraph, NDArray[np.int64]]:
    """The asynchronous state transition graph on the states reachable from ``starts``, and its attractors.

    Parameters
    ----------
    nodes, functions : the network (every variable of a function is one of ``nodes``)
    starts : (k x len(nodes)) bool, the initial states
    limit : most states explored

    Returns
    -------
    (graph, codes): ``graph.states[c]`` is the state of code ``c``; ``codes[i]`` is the code of ``starts[i]``.
    The attractors are the terminal strongly connected components of the reachable graph: exactly the
    attractors of the network that some start can reach.

    Raises
    ------
    TooLargeError
        When more than ``limit`` states are reachable.

    Examples
    --------
    >>> from mtorlogic.rules import read_rules_text
    >>> m = read_rules_text("A = !B\\nB = !A\\nC = A")
    >>> graph, codes = reachable_state_graph(m.nodes, m.functions, np.array([[1, 1, 0]], bool))
    >>> graph.size, [a.values for a, _ in graph.attractors]
    (6, [{'A': 0, 'B': 1, 'C': 0}, {'A': 1, 'B': 0, 'C': 1}])
    """
    net = CompiledNetwork(nodes, functions)
    table = _StateTable(len(net.nodes))
    codes = table.add(np.asarray(starts, dtype=bool))
    frontier = np.arange(table.count)
    src: list[NDArray[np.int64]] = []
    dst: list[NDArray[np.int64]] = []
    flips: list[NDArray[np.intp]] = []
    while frontier.size:
        rows = table.bits[frontier]
        which, node = np.nonzero(net.update_all(rows) != rows)
        successors = rows[which]
        successors[np.arange(which.size), node] ^= True
        first_new = table.count
        dst.append(table.add(successors, limit))
        src.append(frontier[which])
        flips.append(node)
        frontier = np.arange(first_new, table.count)
    src_a, dst_a = np.concatenate(src), np.concatenate(dst)
    states = table.bits[: table.count]
    comps = terminal_sccs(table.count, src_a, dst_a)
    atts = sorted(((_from_rows(net.nodes, states[c]), c) for c in comps), key=lambda ac: ac[0]._sort_key())
    graph = _StateGraph(net.nodes, src_a, dst_a, np.concatenate(flips).astype(np.int64), tuple(atts), table.count,
                        states)
    return graph, codes


def absorption_from(graph: _StateGraph, codes: NDArray[np.int64], weights: NDArray[np.float64], labels: Sequence[int],
                    classes: int, rates: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
    """The probability that the stochastic asynchronous walk ends in each class of attractors.

    ``codes``/``weights``: the initial distribution (state codes of ``graph`` and their
    probabilities); ``labels``: the class of each attractor of ``graph``, in its order;
    ``rates``: each node's rate (default all 1, as :mod:`.simulate` without rate classes).
    """
    start = np.bincount(codes, weights=weights, minlength=graph.size).astype(float)
    classes_of = np.asarray(labels, dtype=np.int64)
    rates = np.ones(len(graph.nodes)) if rates is None else rates
    reach = _class_reach(graph, classes_of, classes) if classes <= SETTLE_CLASSES_LIMIT else None
    return _absorbed(graph, start, rates, classes_of, classes, reach)


def _from_rows(nodes: Sequence[str], rows: NDArray[np.bool_]) -> Attractor:
    """An attractor from its states as (k x n) bool rows."""
    on = rows.sum(axis=0)
    k = len(rows)
    values: dict[str, Reading] = {n: 1 if on[i] == k else 0 if on[i] == 0 else int(on[i]) / k for i, n in enumerate(nodes)}
    listed = rows.astype(np.uint8) if k <= ENUMERATE_LIMIT else None
    return Attractor("fixed_point" if k == 1 else "cycle", k, values, tuple(nodes), listed)


class _StateTable:
    """States seen so far, found by a 64-bit digest of their packed bits (every hit is checked bit by bit,
    so a digest collision is an error, never a merged state)."""

    def __init__(self, n: int):
        self.n, self.words = n, max(1, -(-n // 64))
        self.count = 0
        self.bits = np.zeros((1024, n), dtype=bool)
        self.packed = np.zeros((1024, self.words), dtype=np.uint64)
        self.keys = np.empty(0, dtype=np.uint64)  # sorted digests
        self.order = np.empty(0, dtype=np.int64)  # the code of each sorted digest

    def _pack(self, rows: NDArray[np.bool_]) -> NDArray[np.uint64]:
        padded = np.zeros((rows.shape[0], self.words * 64), dtype=bool)
        padded[:, : self.n] = rows
        return np.packbits(padded, axis=1, bitorder="little").view(np.uint64)

    @staticmethod
    def _digest(packed: NDArray[np.uint64]) -> NDArray[np.uint64]:
        h = np.full(packed.shape[0], 0x243F6A8885A308D3, dtype=np.uint64)
        for w in range(packed.shape[1]):
            h ^= packed[:, w]
            h *= np.uint64(0x9E3779B97F4A7C15)
            h ^= h >> np.uint64(29)
        return h

    def add(self, rows: NDArray[np.bool_], limit: int | None = None) -> NDArray[np.int64]:
        """The codes of ``rows``, adding the states not seen yet."""
        packed = self._pack(rows)
        digest = self._digest(packed)
        codes = np.full(rows.shape[0], -1, dtype=np.int64)
        if self.keys.size:
            pos = np.minimum(np.searchsorted(self.keys, digest), self.keys.size - 1)
            hit = self.keys[pos] == digest
            codes[hit] = self.order[pos[hit]]
            self._check(self.packed[codes[hit]], packed[hit])
        new = np.flatnonzero(codes < 0)
        if new.size:
            unique, first, inverse = np.unique(digest[new], return_index=True, return_inverse=True)
            reps = new[first]
            self._check(packed[reps][inverse.ravel()], packed[new])
            start = self.count
            if limit is not None and start + reps.size > limit:
                raise TooLargeError(f"more than {limit} states are reachable: too many for exact absorption "
                                    "probabilities; estimate them by simulation")
            self._grow(start + reps.size)
            self.bits[start: start + reps.size] = rows[reps]
            self.packed[start: start + reps.size] = packed[reps]
            self.count += reps.size
            codes[new] = start + inverse.ravel()
            at = np.searchsorted(self.keys, unique)
            self.keys = np.insert(self.keys, at, unique)
            self.order = np.insert(self.order, at, np.arange(start, start + reps.size))
        return codes

    @staticmethod
    def _check(a: NDArray[np.uint64], b: NDArray[np.uint64]) -> None:
        if not np.array_equal(a, b):
            raise TooLargeError("two states share a 64-bit digest (a chance of about one in 10^10 at a million "
                                "states); estimate by simulation instead")

    def _grow(self, size: int) -> None:
        if size <= self.bits.shape[0]:
            return
        capacity = max(size, 2 * self.bits.shape[0])
        for name in ("bits", "packed"):
            old = getattr(self, name)
            new = np.zeros((capacity, old.shape[1]), dtype=old.dtype)
            new[: self.count] = old[: self.count]
            setattr(self, name, new)


def _class_reach(graph: _StateGraph, labels: NDArray[np.int64], classes: int) -> list[NDArray[np.bool_]]:
    """For each class of attractors, the states from which one of them can be reached."""
    reach = []
    for c in range(classes):
        seeds = [codes for (_, codes), label in zip(graph.attractors, labels) if label == c]
        reach.append(_backward_reachable(graph.size, graph.src, graph.dst,
                                         np.concatenate(seeds) if seeds else np.empty(0, np.int64)))
    return reach


def _absorbed(graph: _StateGraph, start: NDArray[np.float64], rates: NDArray[np.float64], labels: NDArray[np.int64],
              classes: int, reach: list[NDArray[np.bool_]] | None) -> NDArray[np.float64]:
    """Probability of ending in each class of attractors (``labels``: the class of each attractor)."""
    settled = np.full(graph.size, -1, dtype=np.int64)  # the one class a state can end in, or -1
    if reach is not None:
        reachable = np.sum(reach, axis=0)
        for c in range(classes):
            settled[reach[c] & (reachable == 1)] = c
    for (_, codes), label in zip(graph.attractors, labels):
        settled[codes] = label
    # numpy's stub types bincount as intp whatever the weights; with float weights it is float64.
    absorbed: NDArray[np.float64] = np.bincount(  # type: ignore[assignment]
        settled[settled >= 0], weights=start[settled >= 0], minlength=classes)
    open_states = np.flatnonzero(settled < 0)
    if open_states.size == 0:
        return absorbed
    weight = rates[graph.flips]
    move = weight / np.bincount(graph.src, weight, minlength=graph.size)[graph.src]
    position = np.full(graph.size, -1, dtype=np.int64)
    position[open_states] = np.arange(open_states.size)
    leaving = position[graph.src] >= 0
    src, dst, move = position[graph.src[leaving]], graph.dst[leaving], move[leaving]
    inner = position[dst] >= 0
    visits = _solve_visits(src[inner], position[dst[inner]], move[inner], start[open_states])
    exits = ~inner
    absorbed += np.bincount(settled[dst[exits]], weights=visits[src[exits]] * move[exits], minlength=classes)
    if abs(absorbed.sum() - start.sum()) > 10 * TOLERANCE:  # mass is conserved: a last check of the solve
        raise TooLargeError("exact absorption probabilities did not add up (the linear solve lost precision); "
                            "estimate them by simulation instead (mtorlogic simulate)")
    return absorbed


def _solve_visits(src: NDArray[np.int64], dst: NDArray[np.int64], move: NDArray[np.float64],
                  start: NDArray[np.float64]) -> NDArray[np.float64]:
    """Expected visits ``v`` of each unsettled state: ``(I - Q)^T v = start``."""
    from scipy.sparse import csr_matrix, identity
    from scipy.sparse.linalg import bicgstab, spsolve

    n = start.size
    step = csr_matrix((move, (dst, src)), shape=(n, n))  # Q^T: where the probability mass moves in one update
    system = (identity(n, format="csr") - step).tocsr()
    visits: NDArray[np.float64]  # scipy is untyped
    if n <= DIRECT_SOLVE_LIMIT:
        visits = spsolve(system.tocsc(), start)
    else:
        # Push the mass through until it has left the unsettled states: exact after as many steps as the
        # longest path where the transient states form no cycle (the usual case once death is absorbing),
        # geometric otherwise. BiCGSTAB, which can break down on these systems, only if that is too slow.
        visits, mass = np.zeros(n), start.copy()
        for _ in range(PROPAGATION_STEPS):
            visits += mass
            mass = step @ mass
            if mass.sum() <= TOLERANCE * 1e-3 * max(start.sum(), 1e-300):
                break
        else:
            visits, _ = bicgstab(system, start, x0=visits, rtol=1e-13, atol=0.0, maxiter=20 * n)
    residual = np.abs(system @ visits - start).sum()
    if not np.all(np.isfinite(visits)) or residual > TOLERANCE * max(start.sum(), 1e-300):
        raise TooLargeError(f"the linear solve for exact absorption probabilities on {n} states did not converge "
                            f"(residual {residual:.1e}); estimate them by simulation instead (mtorlogic simulate)")
    return visits


def _backward_reachable(size: int, src: NDArray[np.int64], dst: NDArray[np.int64],
                        seeds: NDArray[np.int64]) -> NDArray[np.bool_]:
    """States from which some seed state is reachable."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    mask = np.zeros(size, dtype=bool)
    if seeds.size == 0:
        return mask
    # One extra vertex linked to every seed turns many BFS sources into one.
    root = size
    rows = np.concatenate([dst, np.full(seeds.size, root)])
    cols = np.concatenate([src, seeds])
    reverse = csr_matrix((np.ones(rows.size, np.int8), (rows, cols)), shape=(size + 1, size + 1))
    order = breadth_first_order(reverse, root, directed=True, return_predecessors=False)
    mask[order[order < size]] = True
    return mask
