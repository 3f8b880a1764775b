"""Which attractors each initial state can reach (asynchronous, exact, small cores).

Asynchronous dynamics are non-deterministic, so a state may reach several
attractors. For a partition of the attractors into two classes (for example
proliferative and not), the state space of the core splits into states that
can reach only the first class, only the second, or both.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .attractors import EXHAUSTIVE_LIMIT, _async_edges, _from_codes, terminal_sccs
from .compile import CompiledNetwork
from .percolate import Reduction

BASIN_LIMIT = max(EXHAUSTIVE_LIMIT, 20)


def reachability_shares(red: Reduction, in_class: Sequence[bool]) -> dict:
    """Shares of the core's states that can reach only class-1 attractors, only others, or both.

    Parameters
    ----------
    red : the percolated treated network
    in_class : for each attractor of ``red`` in the engine's sorted order, whether it is in class 1

    Returns
    -------
    dict with ``only_class``, ``only_other``, ``both`` (fractions), ``states`` and ``method``;
    ``method`` is "not computed" (with a ``reason``) when the core is too large.
    """
    n = len(red.free)
    if n > BASIN_LIMIT:
        return {"method": "not computed",
                "reason": f"{n} free nodes after percolation (exact basins up to {BASIN_LIMIT})"}
    net = CompiledNetwork(red.free, red.functions)
    src, dst = _async_edges(net)
    size = 1 << n
    comps = terminal_sccs(size, src, dst)
    atts = sorted(((_from_codes(net.nodes, c), c) for c in comps), key=lambda ac: ac[0]._sort_key())
    if len(atts) != len(in_class):
        raise ValueError("class labels do not match the attractors of this reduction")
    reach = []
    for wanted in (True, False):
        seeds = [codes for (_, codes), label in zip(atts, in_class) if label == wanted]
        reach.append(_backward_reachable(size, src, dst, np.concatenate(seeds) if seeds else np.empty(0, np.int64)))
    to_class, to_other = reach
    return {
        "method": "exact",
        "states": size,
        "only_class": float(np.mean(to_class & ~to_other)),
        "only_other": float(np.mean(to_other & ~to_class)),
        "both": float(np.mean(to_class & to_other)),
    }


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
