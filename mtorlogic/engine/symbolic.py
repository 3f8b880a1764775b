"""Adapter to biodivine-aeon: exact attractors and minimal trap spaces with BDDs.

Only the reduced core network is handed over (as bnet text, which aeon
parses itself), so aeon never sees the percolated constants.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator, Mapping, Sequence

import numpy as np

from ..expr import Expr, to_text
from .attractors import ENUMERATE_LIMIT, Attractor, Reading

if TYPE_CHECKING:
    import biodivine_aeon as ba


def to_aeon(nodes: Sequence[str], functions: Mapping[str, Expr]) -> ba.BooleanNetwork:
    """A ``biodivine_aeon.BooleanNetwork`` for the given functions."""
    import biodivine_aeon as ba

    lines = ["targets, factors"] + [f"{n}, {to_text(functions[n], 'bnet')}" for n in nodes]
    return ba.BooleanNetwork.from_bnet("\n".join(lines) + "\n", repair_graph=True)


def attractors(nodes: Sequence[str], functions: Mapping[str, Expr], semantics: str) -> list[Attractor]:
    """Attractors (``"async"``) or minimal trap spaces (``"mp"``) over ``nodes``."""
    import biodivine_aeon as ba

    nodes = tuple(nodes)
    if not nodes:
        return [Attractor.of_space({}, ())]
    bn = to_aeon(nodes, functions)
    if semantics == "mp":
        return _trap_spaces(bn, nodes)
    graph = ba.AsynchronousGraph(bn)
    result = []
    for colored in ba.Attractors.attractors(graph):
        result.append(attractor_from_vertices(graph, colored.vertices(), nodes))
    return result


def attractor_from_vertices(graph: ba.AsynchronousGraph, vertices: ba.VertexSet, nodes: tuple[str, ...]) -> Attractor:
    size = int(vertices.cardinality())
    fixed = {n: int(v) for n, v in (vertices.enclosing_named_subspace() or {}).items()}
    varying = [n for n in nodes if n not in fixed]
    counts = {n: size * v for n, v in fixed.items()}
    states = None
    if size <= ENUMERATE_LIMIT:
        rows = [[int(model[n]) for n in varying] for model in vertices.items(retained=varying)] if varying else [[]]
        part = np.array(rows, dtype=np.uint8).reshape(len(rows), len(varying))
        states = np.empty((len(rows), len(nodes)), dtype=np.uint8)
        for j, n in enumerate(nodes):
            states[:, j] = fixed[n] if n in fixed else part[:, varying.index(n)]
        states = states[np.lexsort(states.T[::-1])]
        counts.update({n: int(part[:, i].sum()) for i, n in enumerate(varying)})
    else:
        for n in varying:
            counts[n] = int(vertices.intersect(graph.mk_subspace_vertices({n: True})).cardinality())
    values: dict[str, Reading] = {n: 1 if counts[n] == size else 0 if counts[n] == 0 else counts[n] / size
                                  for n in nodes}
    kind = "fixed_point" if size == 1 else "cycle"
    return Attractor(kind, size, values, nodes, states)


def _trap_spaces(bn: ba.BooleanNetwork, nodes: tuple[str, ...]) -> list[Attractor]:
    import biodivine_aeon as ba

    ctx = ba.SymbolicSpaceContext(bn)
    graph = ba.AsynchronousGraph(bn, ctx)
    spaces = ba.TrapSpaces.minimal_symbolic(ctx, graph).spaces()
    return [Attractor.of_space(values, nodes) for values in space_readings(bn.variable_names(), spaces.items())]


_READING: dict[bool | None, Reading] = {True: 1, False: 0, None: "*"}


def space_readings(names: Sequence[str], spaces: Iterable[ba.SpaceModel]) -> Iterator[dict[str, Reading]]:
    """Members of an aeon set of spaces (``spaces``: its ``items()``) over a network whose variables
    are ``names`` (in aeon's order: sorted, not ours), as node -> 0, 1 or "*" (free).

    Read by ``values()`` a member costs a tenth of ``to_named_dict()`` (32,768 spaces of 33 nodes:
    0.09 s against 0.3 s), which is most of the time of a symbolic answer of that size.
    """
    for space in spaces:
        yield dict(zip(names, map(_READING.__getitem__, space.values())))
