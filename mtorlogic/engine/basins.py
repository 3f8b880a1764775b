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
from typing import Mapping, Sequence

import numpy as np

from ..errors import MtorlogicError, TooLargeError
from ..model import Model
from .attractors import EXHAUSTIVE_LIMIT, Attractor, _async_edges, _extend, _from_codes, terminal_sccs
from .compile import CompiledNetwork
from .percolate import Reduction
from .initial import check_probability
from .simulate import rate_vector

BASIN_LIMIT = max(EXHAUSTIVE_LIMIT, 20)
DIRECT_SOLVE_LIMIT = 2000  # unsettled states solved by sparse LU; more by BiCGSTAB (LU fill-in explodes)
TOLERANCE = 1e-9  # largest accepted residual of the linear solve, relative to the initial mass
SETTLE_CLASSES_LIMIT = 16  # classes of attractors worth one backward search each to settle states


@dataclass(frozen=True)
class _StateGraph:
    """The asynchronous state transition graph of a small network, and its attractors."""

    nodes: tuple[str, ...]
    src: np.ndarray
    dst: np.ndarray
    attractors: tuple[tuple[Attractor, np.ndarray], ...]  # (attractor, its state codes), engine order

    @property
    def size(self) -> int:
        return 1 << len(self.nodes)

    def flipped(self) -> np.ndarray:
        """The node each edge flips."""
        return np.log2(self.src ^ self.dst).astype(np.int64)


def _state_graph(nodes: Sequence[str], functions: Mapping) -> _StateGraph:
    if len(nodes) > BASIN_LIMIT:
        raise TooLargeError(f"{len(nodes)} free nodes: exact basins and probabilities enumerate all 2^n states, "
                            f"up to {BASIN_LIMIT} free nodes; fix more nodes, or estimate by simulation "
                            "(mtorlogic simulate)")
    net = CompiledNetwork(nodes, functions)
    src, dst = _async_edges(net)
    comps = terminal_sccs(1 << len(nodes), src, dst)
    atts = sorted(((_from_codes(net.nodes, c), c) for c in comps), key=lambda ac: ac[0]._sort_key())
    return _StateGraph(net.nodes, src, dst, tuple(atts))


def reachability_shares(red: Reduction, in_class: Sequence[bool]) -> dict:
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
    shares = {
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


def absorption_probabilities(model: Model, initial=None, rates: Mapping[str, float] | None = None,
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


def initial_distribution(model: Model, nodes: Sequence[str], initial=None) -> np.ndarray:
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


def _class_reach(graph: _StateGraph, labels: np.ndarray, classes: int) -> list[np.ndarray]:
    """For each class of attractors, the states from which one of them can be reached."""
    reach = []
    for c in range(classes):
        seeds = [codes for (_, codes), label in zip(graph.attractors, labels) if label == c]
        reach.append(_backward_reachable(graph.size, graph.src, graph.dst,
                                         np.concatenate(seeds) if seeds else np.empty(0, np.int64)))
    return reach


def _absorbed(graph: _StateGraph, start: np.ndarray, rates: np.ndarray, labels: np.ndarray, classes: int,
              reach: list[np.ndarray] | None) -> np.ndarray:
    """Probability of ending in each class of attractors (``labels``: the class of each attractor)."""
    settled = np.full(graph.size, -1, dtype=np.int64)  # the one class a state can end in, or -1
    if reach is not None:
        reachable = np.sum(reach, axis=0)
        for c in range(classes):
            settled[reach[c] & (reachable == 1)] = c
    for (_, codes), label in zip(graph.attractors, labels):
        settled[codes] = label
    absorbed = np.bincount(settled[settled >= 0], weights=start[settled >= 0], minlength=classes)
    open_states = np.flatnonzero(settled < 0)
    if open_states.size == 0:
        return absorbed
    weight = rates[graph.flipped()]
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


def _solve_visits(src: np.ndarray, dst: np.ndarray, move: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Expected visits ``v`` of each unsettled state: ``(I - Q)^T v = start``."""
    from scipy.sparse import csr_matrix, identity
    from scipy.sparse.linalg import bicgstab, spsolve

    n = start.size
    system = (identity(n, format="csr") - csr_matrix((move, (dst, src)), shape=(n, n))).tocsr()
    if n <= DIRECT_SOLVE_LIMIT:
        visits = spsolve(system.tocsc(), start)
    else:
        visits, _ = bicgstab(system, start, rtol=1e-13, atol=0.0, maxiter=20 * n)
    residual = np.abs(system @ visits - start).sum()
    if not np.all(np.isfinite(visits)) or residual > TOLERANCE * max(start.sum(), 1e-300):
        raise TooLargeError(f"the linear solve for exact absorption probabilities on {n} states did not converge "
                            f"(residual {residual:.1e}); estimate them by simulation instead (mtorlogic simulate)")
    return visits


def _backward_reachable(size: int, src: np.ndarray, dst: np.ndarray, seeds: np.ndarray) -> np.ndarray:
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
